"""PIP-deadline (B-4), verlenging proposals (B-3) and signalen (B-15). Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from .dossier import Dossier
from .parameters import Regelparameters
from .termijn import eerste_pip
from .voldaan import leerroute_op


def pip_deadline(dossier: Dossier, params: Regelparameters) -> dt.date | None:
    """besluiten B-4: max(datum_kennisgeving, datum_inschrijving_gemeente) + `pip_deadline_weken`
    (10 since 2022); Wi2021 only."""
    uitkomst = pip_deadline_met_uitleg(dossier, params)
    return uitkomst[0] if uitkomst else None


def pip_deadline_met_uitleg(dossier: Dossier, params: Regelparameters) -> tuple[dt.date, str] | None:
    """The PIP deadline (B-4) and its uitleg, with the number of weeks the parameter gave."""
    kg = dossier.kennisgeving
    if kg is None or kg.stelsel != "wi2021":
        return None
    basis = max(d for d in (kg.datum_kennisgeving or kg.datum_plicht, kg.datum_inschrijving_gemeente) if d)
    weken = params.getal("pip_deadline_weken", basis)
    deadline = basis + dt.timedelta(weeks=weken)
    return deadline, f"max(datum kennisgeving, inschrijving gemeente) {basis} + {weken} weken = {deadline} (B-4)"


def _maanden_naar_boven(van: dt.date, tot: dt.date) -> int:
    """Whole months from `van` to `tot`, rounded up (B-3)."""
    maanden = (tot.year - van.year) * 12 + (tot.month - van.month)
    if van + relativedelta(months=maanden) < tot:
        maanden += 1
    return max(maanden, 0)


@dataclass(frozen=True)
class Voorstel:
    grond: str
    maanden: int
    uitleg: str


def voorstellen(dossier: Dossier, peildatum: dt.date, plichtig: bool, params: Regelparameters) -> list[Voorstel]:
    """besluiten B-3: proposals (not decisions) for Wi2021 asiel: aanbod_uitgebleven, azc_verblijf."""
    kg = dossier.kennisgeving
    pip = eerste_pip(dossier)
    if kg is None or kg.stelsel != "wi2021" or kg.doelgroep != "asiel" or not plichtig or pip is None:
        return []
    uit: list[Voorstel] = []
    route = leerroute_op(dossier, peildatum)
    naam = (
        "aanbod_uitgebleven_maanden_onderwijs"
        if route and route.leerroute == "onderwijs"
        else ("aanbod_uitgebleven_maanden")
    )
    grens = pip.dagtekening + relativedelta(months=params.getal(naam, peildatum))
    start = min((a.van for a in dossier.aanbod), default=None)
    tot = start if start is not None else peildatum
    if tot > grens:
        maanden = _maanden_naar_boven(grens, tot)
        wat = f"aanbod startte {start}" if start else f"nog geen aanbod op {peildatum}"
        uit.append(Voorstel("aanbod_uitgebleven", maanden, f"{wat}, later dan {grens} (PIP {pip.dagtekening})"))
    if params.vlag("azc_verblijf_voorstel", peildatum):
        minimum = params.getal("azc_verblijf_min_maanden", peildatum)
        for verblijf in dossier.coa_verblijven:
            van = max(verblijf.van, pip.dagtekening)
            eind = min(verblijf.tot or peildatum, peildatum)
            if van + relativedelta(months=minimum) <= eind:
                maanden = _maanden_naar_boven(van, eind)
                uit.append(Voorstel("azc_verblijf", maanden, f"COA-verblijf van {van} tot {eind} na het PIP"))
                break
    return uit


def signalen(
    dossier: Dossier,
    peildatum: dt.date,
    *,
    plichtig: bool,
    termijn_einde: dt.date | None,
    overschreden: bool,
    agi: bool,
    elip: bool,
    status_wijkt_af: bool,
    voorstel_gronden: set[str],
    params: Regelparameters,
) -> list[str]:
    """besluiten B-15: the signal codes on the peildatum; only for plichtig, except status_wijkt_af."""
    codes: list[str] = []
    kg = dossier.kennisgeving
    if plichtig and kg is not None:
        if kg.stelsel == "wi2021" and not dossier.pips:
            deadline = pip_deadline(dossier, params)
            assert deadline is not None
            if deadline < peildatum:
                codes.append("pip_te_laat")
            elif deadline <= peildatum + dt.timedelta(days=params.getal("signaal_pip_deadline_dagen", peildatum)):
                codes.append("pip_deadline_nadert")
        binnen = peildatum + relativedelta(months=params.getal("signaal_termijn_maanden", peildatum))
        if termijn_einde is not None and peildatum <= termijn_einde <= binnen:
            codes.append("termijn_eindigt_binnenkort")
        if overschreden:
            codes.append("termijn_overschreden")
        if "aanbod_uitgebleven" in voorstel_gronden:
            codes.append("aanbod_uitgebleven")
        if voorstel_gronden:
            codes.append("verlenging_voorgesteld")
        if agi:
            codes.append("agi_mogelijk")
        if elip:
            codes.append("elip")
        if kg.stelsel == "wi2021" and overschreden:
            if not any(m.onderdeel == "pvt" for m in dossier.modules):
                codes.append("pvt_niet_tijdig")
            if not any(m.onderdeel == "map" for m in dossier.modules):
                codes.append("map_niet_tijdig")
    if status_wijkt_af:
        codes.append("status_wijkt_af")
    return codes
