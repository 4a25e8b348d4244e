"""Status of an inburgeraar on a peildatum (besluiten B-6). Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dossier import Dossier
from .parameters import Regelparameters
from .voldaan import voldaan_datum

# Same day: vervallen > voldaan > vrijgesteld > ontheven (B-6).
_VOORRANG = {"vervallen": 0, "voldaan": 1, "vrijgesteld": 2, "ontheven": 3}


@dataclass(frozen=True)
class Status:
    status: str
    status_datum: dt.date
    ontheffing_grond: str | None = None
    vervallen_reden: str | None = None
    status_wijkt_af: bool = False
    uitleg: str = ""


def status_op(dossier: Dossier, peildatum: dt.date, params: Regelparameters) -> Status:
    """besluiten B-6: the first terminal event on or before the peildatum decides; after it nothing
    changes the status. Exception: when every kennisgeving is retracted, or there is a vervallen
    with reden onterecht_opgelegd, the plicht never existed: `vervallen` on every peildatum with
    status_datum = datum_plicht (B-6, B-12)."""
    if dossier.kennisgeving is None:
        return Status(
            "vervallen",
            dossier.datum_plicht,
            vervallen_reden="onterecht_opgelegd",
            uitleg="Elke kennisgeving is ingetrokken: de plicht had er nooit mogen zijn (B-6, B-12).",
        )
    if any(v.grond == "onterecht_opgelegd" for v in dossier.vervallen):
        return Status(
            "vervallen",
            dossier.datum_plicht,
            vervallen_reden="onterecht_opgelegd",
            uitleg="Vervallen wegens onterecht opgelegd: op elke peildatum vervallen (B-6).",
        )
    op = dossier.op(peildatum)
    voldaan, wijkt_af = voldaan_datum(op, params)
    kandidaten: list[tuple[dt.date, int, str, str | None]] = []
    if voldaan is not None:
        kandidaten.append((voldaan, _VOORRANG["voldaan"], "voldaan", None))
    kandidaten += [(v.datum, _VOORRANG["vrijgesteld"], "vrijgesteld", v.grond) for v in op.vrijstellingen]
    kandidaten += [(o.datum, _VOORRANG["ontheven"], "ontheven", o.grond) for o in op.ontheffingen]
    kandidaten += [
        (v.datum, _VOORRANG["vervallen"], "vervallen", v.grond) for v in op.vervallen if v.datum <= peildatum
    ]
    if not kandidaten:
        return Status(
            "plichtig",
            dossier.kennisgeving.datum_plicht,
            status_wijkt_af=wijkt_af,
            uitleg=f"Geen beëindigende gebeurtenis op of vóór {peildatum}: plichtig (B-6).",
        )
    datum, _, status, grond = min(kandidaten)
    return Status(
        status,
        datum,
        ontheffing_grond=grond if status == "ontheven" else None,
        vervallen_reden=grond if status == "vervallen" else None,
        status_wijkt_af=wijkt_af,
        uitleg=f"Eerste beëindigende gebeurtenis: {status} op {datum} (B-6).",
    )


def status_perioden(dossier: Dossier, params: Regelparameters) -> list[tuple[str, str, dt.date, dt.date | None]]:
    """The periods (status, grond, van, tot) over all time, with tot exclusive (B-6).

    Because the first terminal event decides and later facts change nothing, a dossier is
    `plichtig` from datum_plicht until that event and has the terminal status from then on;
    without a plicht (B-12) it is `vervallen` from datum_plicht on.
    """
    definitief = status_op(dossier, dt.date.max, params)
    grond = definitief.ontheffing_grond or definitief.vervallen_reden or ""
    if definitief.status == "plichtig":
        return [("plichtig", "", dossier.datum_plicht, None)]
    if definitief.status_datum <= dossier.datum_plicht:
        return [(definitief.status, grond, dossier.datum_plicht, None)]
    return [
        ("plichtig", "", dossier.datum_plicht, definitief.status_datum),
        (definitief.status, grond, definitief.status_datum, None),
    ]
