"""The facts of one inburgeraar as plain values: the input of every rule.

Built by the selectors from the register (retracted facts left out, besluiten B-12);
`op(peildatum)` keeps only the facts with an ingangsdatum on or before the peildatum (B-6).
`volgorde` is the order of receipt (the register id): it breaks ties between decisions
with the same date (besluiten, preamble).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property


@dataclass(frozen=True, slots=True)
class Kennisgeving:
    stelsel: str
    doelgroep: str
    datum_plicht: dt.date
    datum_kennisgeving: dt.date
    datum_inschrijving_gemeente: dt.date | None = None
    gemeente: str = ""


@dataclass(frozen=True, slots=True)
class Pip:
    dagtekening: dt.date
    leerroute: str
    afschalen: frozenset[str] = frozenset()
    volgorde: int = 0


@dataclass(frozen=True, slots=True)
class Examen:
    datum: dt.date
    onderdeel: str
    niveau: str
    resultaat: str
    volgorde: int = 0


@dataclass(frozen=True, slots=True)
class Module:
    onderdeel: str
    datum_afgerond: dt.date


@dataclass(frozen=True, slots=True)
class Diploma:
    soort_diploma: str
    datum: dt.date


@dataclass(frozen=True, slots=True)
class Gebeurtenis:
    """voldaan (DUO record), vrijstelling, ontheffing or vervallen: a date and a ground/reason."""

    datum: dt.date
    grond: str = ""
    volgorde: int = 0


@dataclass(frozen=True, slots=True)
class Verlenging:
    besluitdatum: dt.date
    grond: str
    maanden: int | None = None
    weken: int | None = None
    dagen: int | None = None
    tot: dt.date | None = None
    volgorde: int = 0


@dataclass(frozen=True, slots=True)
class Boete:
    besluitdatum: dt.date
    bedrag: Decimal
    soort_boete: str
    volgorde: int = 0


@dataclass(frozen=True, slots=True)
class Lesuren:
    datum: dt.date
    uren: int
    keurmerk: bool


@dataclass(frozen=True, slots=True)
class Lening:
    datum: dt.date
    bedrag_geleend: Decimal
    volgorde: int = 0


@dataclass(frozen=True, slots=True)
class Periode:
    """aanbod (van = datum_start) or coa_verblijf (van, tot)."""

    van: dt.date
    tot: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Verhuizing:
    datum: dt.date
    gemeente: str
    volgorde: int = 0


@dataclass(frozen=True, slots=True)
class GemeentePeriode:
    """The person belonged to `gemeente` from `van` up to (not including) `tot` (besluiten B-13)."""

    gemeente: str
    van: dt.date
    tot: dt.date | None


@dataclass(frozen=True)
class Dossier:
    """All non-retracted facts of one person. `kennisgeving` is None when every kennisgeving
    was retracted (besluiten B-12: then the plicht never existed)."""

    kennisgeving: Kennisgeving | None
    datum_plicht: dt.date  # of the (last) kennisgeving, also when it was retracted
    pips: tuple[Pip, ...] = ()
    examens: tuple[Examen, ...] = ()
    modules: tuple[Module, ...] = ()
    diplomas: tuple[Diploma, ...] = ()
    voldaan: tuple[Gebeurtenis, ...] = ()
    vrijstellingen: tuple[Gebeurtenis, ...] = ()
    ontheffingen: tuple[Gebeurtenis, ...] = ()
    vervallen: tuple[Gebeurtenis, ...] = ()
    verlengingen: tuple[Verlenging, ...] = ()
    boetes: tuple[Boete, ...] = ()
    lesuren: tuple[Lesuren, ...] = ()
    leningen: tuple[Lening, ...] = ()
    aanbod: tuple[Periode, ...] = ()
    coa_verblijven: tuple[Periode, ...] = ()
    verhuizingen: tuple[Verhuizing, ...] = field(default=())
    # The gemeente of the (last) kennisgeving also when it was retracted, like datum_plicht: where
    # the person belongs when no kennisgeving holds (B-13).
    gemeente_kennisgeving: str = ""

    @property
    def stelsel(self) -> str | None:
        return self.kennisgeving.stelsel if self.kennisgeving else None

    @cached_property
    def laatste_ingangsdatum(self) -> dt.date:
        """The latest ingangsdatum of any fact (vervallen aside, see `op`)."""
        return max(
            (
                *(x.dagtekening for x in self.pips),
                *(x.datum for x in self.examens),
                *(x.datum_afgerond for x in self.modules),
                *(x.datum for x in self.diplomas),
                *(x.datum for x in self.voldaan),
                *(x.datum for x in self.vrijstellingen),
                *(x.datum for x in self.ontheffingen),
                *(x.besluitdatum for x in self.verlengingen),
                *(x.besluitdatum for x in self.boetes),
                *(x.datum for x in self.lesuren),
                *(x.datum for x in self.leningen),
                *(x.van for x in self.aanbod),
                *(x.van for x in self.coa_verblijven),
                *(x.datum for x in self.verhuizingen),
            ),
            default=dt.date.min,
        )

    @cached_property
    def gemeente_perioden(self) -> tuple[GemeentePeriode, ...]:
        """besluiten B-13, the single definition: the person belongs to the kennisgeving's gemeente
        until the first verhuizing, then to the gemeente of the last verhuizing on or before the day
        (of two on one day the one received last). As consecutive periods `van <= dag < tot`; the first
        is open to the past (van = date.min), the last to the future (tot None). The recompute stores
        them (cases_gemeenteperiode), so lists, scoping and reports on any peildatum read one table."""
        laatste_per_dag: dict[dt.date, str] = {}
        for v in sorted(self.verhuizingen, key=lambda v: (v.datum, v.volgorde)):
            laatste_per_dag[v.datum] = v.gemeente
        gemeente = self.kennisgeving.gemeente if self.kennisgeving else self.gemeente_kennisgeving
        van = dt.date.min
        perioden: list[GemeentePeriode] = []
        for dag, nieuw in sorted(laatste_per_dag.items()):
            if nieuw != gemeente:
                if gemeente:
                    perioden.append(GemeentePeriode(gemeente, van, dag))
                gemeente, van = nieuw, dag
        if gemeente:
            perioden.append(GemeentePeriode(gemeente, van, None))
        return tuple(perioden)

    @property
    def huidige_pip(self) -> Pip | None:
        """The PIP in force: the one with the latest dagtekening (a wijziging replaces the PIP, regels
        PIP-5); of two on one day the one received last."""
        return max(self.pips, key=lambda p: (p.dagtekening, p.volgorde), default=None)

    def gemeente_op(self, peildatum: dt.date) -> str:
        """The gemeente on the peildatum (besluiten B-13), read from `gemeente_perioden`."""
        periode = self.gemeente_periode_op(peildatum)
        return periode.gemeente if periode else ""

    def gemeente_periode_op(self, peildatum: dt.date) -> GemeentePeriode | None:
        """The gemeente period the peildatum falls in (its `tot`: a move already known)."""
        for p in self.gemeente_perioden:
            if p.van <= peildatum and (p.tot is None or peildatum < p.tot):
                return p
        return None

    def op(self, peildatum: dt.date) -> Dossier:
        """Only the facts with an ingangsdatum on or before `peildatum` (besluiten B-6)."""
        if self.laatste_ingangsdatum <= peildatum:
            return self
        p = peildatum
        return replace(
            self,
            pips=tuple(x for x in self.pips if x.dagtekening <= p),
            examens=tuple(x for x in self.examens if x.datum <= p),
            modules=tuple(x for x in self.modules if x.datum_afgerond <= p),
            diplomas=tuple(x for x in self.diplomas if x.datum <= p),
            voldaan=tuple(x for x in self.voldaan if x.datum <= p),
            vrijstellingen=tuple(x for x in self.vrijstellingen if x.datum <= p),
            ontheffingen=tuple(x for x in self.ontheffingen if x.datum <= p),
            # onterecht_opgelegd counts on every peildatum (B-6), so vervallen is kept whole and
            # filtered by the status rule itself.
            verlengingen=tuple(x for x in self.verlengingen if x.besluitdatum <= p),
            boetes=tuple(x for x in self.boetes if x.besluitdatum <= p),
            lesuren=tuple(x for x in self.lesuren if x.datum <= p),
            leningen=tuple(x for x in self.leningen if x.datum <= p),
            aanbod=tuple(x for x in self.aanbod if x.van <= p),
            coa_verblijven=tuple(x for x in self.coa_verblijven if x.van <= p),
            verhuizingen=tuple(x for x in self.verhuizingen if x.datum <= p),
        )
