"""Everything the system derives for one inburgeraar on one peildatum, with its uitleg.

Puts the rules of besluiten B-2 … B-9 and B-15 together; each lives in its own module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .boete import agi_mogelijk, boete_oordeel, elip
from .dossier import Dossier
from .parameters import Parameter, Regelparameters
from .signalen import pip_deadline_met_uitleg, signalen, voorstellen
from .status import status_op
from .termijn import termijn


@dataclass(frozen=True)
class Uitkomst:
    peildatum: dt.date
    status: str
    status_datum: dt.date
    ontheffing_grond: str | None
    termijn_start: dt.date | None
    termijn_einde: dt.date | None
    termijn_overschreden: bool
    verwijtbaar: bool | None
    boete_mogelijk: bool
    boete_bedrag: Decimal | None
    boete_reden: str | None
    agi_mogelijk: bool
    elip: bool
    pip_deadline: dt.date | None
    signalen: tuple[str, ...]
    leerroute: str | None = None  # of the PIP in force (Dossier.huidige_pip)
    uitleg: dict[str, list[str]] = field(default_factory=dict)
    parameters: tuple[Parameter, ...] = ()

    @property
    def eerste_deadline(self) -> dt.date | None:
        """The earliest legal deadline of the dossier, passed or not: the PIP deadline or the end of the
        termijn (the werkvoorraad's order of urgency, backoffice.md)."""
        return min((d for d in (self.pip_deadline, self.termijn_einde) if d is not None), default=None)


def bereken(dossier: Dossier, peildatum: dt.date, params: Regelparameters | None = None) -> Uitkomst:
    """All derived values on `peildatum`, from the facts with an ingangsdatum on or before it (B-6),
    with the parameter rows they used. Pure: `params` is read, never changed."""
    params = (params or Regelparameters()).opname()
    op = dossier.op(peildatum)
    st = status_op(dossier, peildatum, params)
    plichtig = st.status == "plichtig"
    tm = termijn(op, params)
    oordeel = boete_oordeel(op, peildatum, plichtig, tm.einde, params)
    agi = agi_mogelijk(op, peildatum, plichtig, params)
    is_elip = elip(op, peildatum, plichtig, params)
    pip = pip_deadline_met_uitleg(op, params)
    deadline = pip[0] if pip else None
    stellen = voorstellen(op, peildatum, plichtig, params)
    codes = signalen(
        op,
        peildatum,
        plichtig=plichtig,
        termijn_einde=tm.einde,
        overschreden=oordeel.overschreden,
        agi=agi,
        elip=is_elip,
        status_wijkt_af=st.status_wijkt_af,
        voorstel_gronden={v.grond for v in stellen},
        params=params,
    )
    uitleg = {
        "status": [st.uitleg],
        "termijn_einde": list(tm.uitleg),
        "boete": list(oordeel.uitleg) or [f"geen boete mogelijk: {oordeel.boete_reden}"],
        "voorstellen": [f"{v.grond}: {v.maanden} maanden — {v.uitleg} (B-3)" for v in stellen],
    }
    if pip is not None:
        uitleg["pip_deadline"] = [pip[1]]
    return Uitkomst(
        peildatum=peildatum,
        status=st.status,
        status_datum=st.status_datum,
        ontheffing_grond=st.ontheffing_grond,
        termijn_start=tm.start,
        termijn_einde=tm.einde,
        termijn_overschreden=oordeel.overschreden,
        verwijtbaar=oordeel.verwijtbaar,
        boete_mogelijk=oordeel.boete_mogelijk,
        boete_bedrag=oordeel.boete_bedrag,
        boete_reden=oordeel.boete_reden,
        agi_mogelijk=agi,
        elip=is_elip,
        pip_deadline=deadline,
        signalen=tuple(codes),
        leerroute=op.huidige_pip.leerroute if op.huidige_pip else None,
        uitleg=uitleg,
        parameters=tuple(params.gebruikt.values()),
    )


BEREKENING_MISLUKT = "berekening_mislukt"


def onberekenbaar(dossier: Dossier, peildatum: dt.date) -> Uitkomst:
    """What is shown for a dossier whose facts the rules cannot compute with — a value outside what
    dates and numbers can hold, stored before the koppelvlak's bounds existed (e.g. a verlenging of
    2,147,483,647 days): plichtig since datum_plicht, no derived dates, and the signal that says so,
    so that the klantmanager looks at the facts and the foute feit can be retracted."""
    return Uitkomst(
        peildatum=peildatum,
        status="plichtig",
        status_datum=dossier.datum_plicht,
        ontheffing_grond=None,
        termijn_start=None,
        termijn_einde=None,
        termijn_overschreden=False,
        verwijtbaar=None,
        boete_mogelijk=False,
        boete_bedrag=None,
        boete_reden=None,
        agi_mogelijk=False,
        elip=False,
        pip_deadline=None,
        signalen=(BEREKENING_MISLUKT,),
        uitleg={
            "status": [
                "de waarden konden niet worden berekend: een feit heeft een waarde buiten wat een datum of getal "
                "kan bevatten; bekijk de feiten en trek het foute feit in"
            ]
        },
    )


def onberekenbare_perioden(dossier: Dossier) -> list[tuple[str, str, dt.date, dt.date | None]]:
    """The status periods of a dossier the rules cannot compute: plichtig from datum_plicht on, as
    `onberekenbaar` shows it on every peildatum."""
    return [("plichtig", "", dossier.datum_plicht, None)]
