"""Voldaan, derived from the facts (besluiten B-5). Pure."""

from __future__ import annotations

import datetime as dt
import itertools

from .dossier import Dossier, Pip
from .parameters import Regelparameters

TAAL = ("lezen", "luisteren", "schrijven", "spreken")
_NIVEAU = {"a1": 1, "a2": 2, "b1": 3, "b2": 4}


def leerroute_op(dossier: Dossier, dag: dt.date) -> Pip | None:
    """The PIP in force on `dag`: the last one with a dagtekening on or before it (B-5)."""
    geldig = [p for p in dossier.pips if p.dagtekening <= dag]
    return max(geldig, key=lambda p: (p.dagtekening, p.volgorde), default=None)


def behaald(dossier: Dossier, onderdeel: str, minimum: str) -> bool:
    return any(
        e.onderdeel == onderdeel and e.resultaat == "behaald" and _NIVEAU[e.niveau] >= _NIVEAU[minimum]
        for e in dossier.examens
    )


def behaalde_taalonderdelen_b1_route(dossier: Dossier, afschalen: frozenset[str]) -> set[str]:
    """Language parts passed at the level the B1 route asks (B1, or A2 where afgeschaald);
    a staatsexamen NT2 diploma counts as all four on B1."""
    if any(d.soort_diploma == "staatsexamen_nt2" for d in dossier.diplomas):
        return set(TAAL)
    return {o for o in TAAL if behaald(dossier, o, "a2" if o in afschalen else "b1")}


def _module(dossier: Dossier, onderdeel: str) -> bool:
    return any(m.onderdeel == onderdeel for m in dossier.modules)


def vereiste_examens_wi2013(datum_plicht: dt.date, params: Regelparameters) -> list[str]:
    """besluiten B-5: the exam parts Wi2013 requires (ONA from 2015-01-01)."""
    vereist = [*TAAL, "knm"]
    if datum_plicht >= params.datum("wi2013_ona_vanaf", datum_plicht):
        vereist.append("ona")
    return vereist


def voldoet_op(dossier: Dossier, dag: dt.date, params: Regelparameters) -> bool:
    """Whether the conditions of B-5 hold with only the facts up to and including `dag`."""
    kg = dossier.kennisgeving
    if kg is None:
        return False
    d = dossier.op(dag)
    if kg.stelsel == "wi2013":
        if any(x.soort_diploma == "staatsexamen_nt2" for x in d.diplomas):
            return True
        if not all(behaald(d, o, "a2") for o in vereiste_examens_wi2013(kg.datum_plicht, params)):
            return False
        return kg.datum_plicht < params.datum("wi2013_pvt_vanaf", kg.datum_plicht) or _module(d, "pvt")
    pip = leerroute_op(d, dag)
    if pip is None:
        return False
    if pip.leerroute == "b1":
        return (
            behaalde_taalonderdelen_b1_route(d, pip.afschalen) == set(TAAL)
            and behaald(d, "knm", "a1")
            and _module(d, "pvt")
            and _module(d, "map")
        )
    if pip.leerroute == "onderwijs":
        schakel = any(x.soort_diploma == "taalschakeltraject" for x in d.diplomas)
        return schakel and behaald(d, "knm", "a1") and _module(d, "pvt")
    return _module(d, "z_eindgesprek") and _module(d, "pvt") and _module(d, "map")


def afgeleide_voldaan_datum(dossier: Dossier, params: Regelparameters) -> dt.date | None:
    """besluiten B-5: the first day on which, with only the facts up to that day, the conditions hold.

    Candidate days are the dates of the facts that can complete the conditions. A voldaan date never
    lies before datum_plicht (a diploma may be older than the plicht; the plicht then ends on its
    first day) — a decision recorded in docs/regels.md.
    """
    kg = dossier.kennisgeving
    if kg is None:
        return None
    dagen = sorted(
        {e.datum for e in dossier.examens}
        | {m.datum_afgerond for m in dossier.modules}
        | {x.datum for x in dossier.diplomas}
        | {p.dagtekening for p in dossier.pips}
    )
    # Conditions only accumulate as days pass (except a route switch), so when even all facts together
    # do not satisfy them — the common case — no earlier day can; skip the day-by-day search.
    if not dagen or not _kan_voldoen(dossier, params):
        return None
    for dag in dagen:
        if voldoet_op(dossier, dag, params):
            return max(dag, kg.datum_plicht)
    return None


def _kan_voldoen(dossier: Dossier, params: Regelparameters) -> bool:
    """Whether any day can satisfy B-5. Under one route the conditions only grow with the facts, so
    it suffices to test the last day of each route's period (and, for the last route, the last fact)."""
    laatste = max(
        [e.datum for e in dossier.examens]
        + [m.datum_afgerond for m in dossier.modules]
        + [x.datum for x in dossier.diplomas]
        + [p.dagtekening for p in dossier.pips],
        default=dt.date.min,
    )
    dagen = {laatste}
    pips = sorted(dossier.pips, key=lambda p: (p.dagtekening, p.volgorde))
    for huidige, volgende in itertools.pairwise(pips):
        if volgende.dagtekening > huidige.dagtekening:
            dagen.add(volgende.dagtekening - dt.timedelta(days=1))
    return any(voldoet_op(dossier, dag, params) for dag in dagen if dag != dt.date.min)


def voldaan_datum(dossier: Dossier, params: Regelparameters) -> tuple[dt.date | None, bool]:
    """The voldaan date (the earliest of the derived date and a DUO `voldaan` record) and whether
    the DUO record and the derivation disagree (signal `status_wijkt_af`, B-5)."""
    afgeleid = afgeleide_voldaan_datum(dossier, params)
    duo = min((v.datum for v in dossier.voldaan), default=None)
    kandidaten = [d for d in (afgeleid, duo) if d is not None]
    return (min(kandidaten) if kandidaten else None), ((afgeleid is None) != (duo is None))
