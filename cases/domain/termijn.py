"""Inburgeringstermijn: start, basis-einde, verlengingen and the new termijn after a boete
(besluiten B-2, B-3, B-7). Pure: the dossier is already cut at the peildatum."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from .dossier import Dossier, Pip, Verlenging
from .parameters import Regelparameters
from .voldaan import behaalde_taalonderdelen_b1_route, leerroute_op

TAALONDERDELEN = ("lezen", "luisteren", "schrijven", "spreken")


@dataclass(frozen=True)
class Termijn:
    start: dt.date | None
    einde: dt.date | None
    uitleg: tuple[str, ...] = ()


def eerste_pip(dossier: Dossier) -> Pip | None:
    """The first PIP: the earliest dagtekening, whatever the order of delivery (B-2)."""
    return min(dossier.pips, key=lambda p: (p.dagtekening, p.volgorde), default=None)


def verlenging_duur(v: Verlenging) -> relativedelta | None:
    if v.maanden is not None:
        return relativedelta(months=v.maanden)
    if v.weken is not None:
        return relativedelta(weeks=v.weken)
    if v.dagen is not None:
        return relativedelta(days=v.dagen)
    return None


def _duur_tekst(v: Verlenging) -> str:
    for naam in ("maanden", "weken", "dagen"):
        if getattr(v, naam) is not None:
            return f"{getattr(v, naam)} {naam}"
    return f"tot {v.tot}"


def termijn(dossier: Dossier, params: Regelparameters) -> Termijn:
    """besluiten B-2/B-3/B-7: the termijn as it stands with the facts of `dossier`.

    Wi2013: start = datum_plicht, einde = datum_plicht + 3 jaar − 1 dag.
    Wi2021: start = dag na de eerste PIP-dagtekening, einde = dagtekening + 3 jaar; no PIP, no termijn.
    Then, in order of besluitdatum (and receipt): a verlenging adds its duration (or sets
    max(einde, tot)); a boete for termijnoverschrijding starts a new termijn (B-7) after which only
    verlengingen with a *later* besluitdatum count. Wi2021 decisions dated before the first PIP
    do not count.
    """
    kg = dossier.kennisgeving
    if kg is None:
        return Termijn(None, None, ("Geen geldige kennisgeving: geen termijn.",))
    jaren = params.getal("termijn_jaren", kg.datum_plicht)
    uitleg: list[str] = []
    if kg.stelsel == "wi2013":
        start = kg.datum_plicht
        einde = kg.datum_plicht + relativedelta(years=jaren) - dt.timedelta(days=1)
        uitleg.append(f"datum plicht {kg.datum_plicht} + {jaren} jaar − 1 dag = {einde} (B-2)")
        ondergrens = dt.date.min
    else:
        pip = eerste_pip(dossier)
        if pip is None:
            return Termijn(None, None, ("Wi2021 zonder PIP: nog geen termijn (B-2).",))
        start = pip.dagtekening + dt.timedelta(days=1)
        einde = pip.dagtekening + relativedelta(years=jaren)
        uitleg.append(f"dagtekening eerste PIP {pip.dagtekening} + {jaren} jaar = {einde} (B-2)")
        ondergrens = pip.dagtekening

    besluiten: list[tuple[dt.date, int, object]] = [(v.besluitdatum, v.volgorde, v) for v in dossier.verlengingen]
    besluiten += [(b.besluitdatum, b.volgorde, b) for b in dossier.boetes if b.soort_boete == "termijnoverschrijding"]
    laatste_boete: dt.date | None = None
    for datum, _, besluit in sorted(besluiten, key=lambda x: (x[0], x[1])):
        if datum < ondergrens:
            uitleg.append(f"besluit van {datum} ligt vóór het eerste PIP en telt niet mee (B-3)")
            continue
        if isinstance(besluit, Verlenging):
            if laatste_boete is not None and datum <= laatste_boete:
                uitleg.append(f"verlenging {besluit.grond} van {datum} is achterhaald door het boetebesluit (B-7)")
                continue
            duur = verlenging_duur(besluit)
            if duur is not None:
                einde = einde + duur
            elif besluit.tot is not None:
                einde = max(einde, besluit.tot)
            uitleg.append(f"+ verlenging {besluit.grond} ({_duur_tekst(besluit)}), besluit {datum} → {einde} (B-3)")
        else:
            einde = datum + _nieuwe_termijn(dossier, datum, params)
            laatste_boete = datum
            uitleg.append(f"boetebesluit termijnoverschrijding {datum}: nieuwe termijn tot {einde} (B-7)")
    return Termijn(start, einde, tuple(uitleg))


def _nieuwe_termijn(dossier: Dossier, besluitdatum: dt.date, params: Regelparameters) -> relativedelta:
    """besluiten B-7: the length of the new termijn after a boete for termijnoverschrijding."""
    kg = dossier.kennisgeving
    assert kg is not None
    if kg.stelsel == "wi2013":
        return relativedelta(years=params.getal("boete_nieuwe_termijn_wi2013_jaren", besluitdatum))
    maanden = params.lijst("boete_nieuwe_termijn_wi2021_maanden", besluitdatum)
    op_dag = dossier.op(besluitdatum)
    route = leerroute_op(op_dag, besluitdatum)
    if route is not None and route.leerroute == "z":
        uren = sum(les.uren for les in op_dag.lesuren if les.keurmerk)
        grenzen = params.lijst("boete_nieuwe_termijn_z_uren", besluitdatum)
        stap = sum(1 for g in grenzen if uren >= g)
    else:
        onderwijs = route is not None and route.leerroute == "onderwijs"
        afschalen = frozenset() if route is None or onderwijs else route.afschalen
        stap = min(3, len(behaalde_taalonderdelen_b1_route(op_dag, afschalen)))
    return relativedelta(months=maanden[stap])
