"""The koppelvlak §4 representation of an inburgeraar on a peildatum (plain dicts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cases.domain.berekening import Uitkomst
from cases.models import Inburgeraar, Projectie


def _datum(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def basis(persoon: Inburgeraar, gemeente: str) -> dict[str, Any]:
    return {
        "id": str(persoon.uuid),
        "bsn": persoon.bsn,
        "achternaam": persoon.achternaam,
        "voornamen": persoon.voornamen,
        "gemeente": gemeente,
        "doelgroep": persoon.doelgroep,
        "stelsel": persoon.stelsel,
        "datum_plicht": persoon.datum_plicht.isoformat(),
        "cohort": persoon.datum_plicht.year,
    }


def uit_uitkomst(persoon: Inburgeraar, gemeente: str, u: Uitkomst) -> dict[str, Any]:
    return {
        **basis(persoon, gemeente),
        "status": u.status,
        "status_datum": u.status_datum.isoformat(),
        "ontheffing_grond": u.ontheffing_grond,
        "termijn_start": _datum(u.termijn_start),
        "termijn_einde": _datum(u.termijn_einde),
        "termijn_overschreden": u.termijn_overschreden,
        "verwijtbaar": u.verwijtbaar,
        "boete_mogelijk": u.boete_mogelijk,
        "boete_bedrag": str(u.boete_bedrag) if u.boete_bedrag is not None else None,
        "boete_reden": u.boete_reden,
        "agi_mogelijk": u.agi_mogelijk,
        "elip": u.elip,
        "pip_deadline": _datum(u.pip_deadline),
        "signalen": list(u.signalen),
    }


def uit_projectie(persoon: Inburgeraar, p: Projectie) -> dict[str, Any]:
    return {
        **basis(persoon, persoon.gemeente_id),
        "status": p.status,
        "status_datum": p.status_datum.isoformat(),
        "ontheffing_grond": p.ontheffing_grond or None,
        "termijn_start": _datum(p.termijn_start),
        "termijn_einde": _datum(p.termijn_einde),
        "termijn_overschreden": p.termijn_overschreden,
        "verwijtbaar": p.verwijtbaar,
        "boete_mogelijk": p.boete_mogelijk,
        "boete_bedrag": str(p.boete_bedrag) if p.boete_bedrag is not None else None,
        "boete_reden": p.boete_reden or None,
        "agi_mogelijk": p.agi_mogelijk,
        "elip": p.elip,
        "pip_deadline": _datum(p.pip_deadline),
        "signalen": list(p.signalen),
    }
