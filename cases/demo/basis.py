"""The generator's common part: the random source, dates, kenmerken, the kennisgeving and the facts
every dossier can have."""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from cases.demo.cijfers import (
    _EXAMEN_GECORRIGEERD,
    _INTREKKING_KENNISGEVING,
    _INTREKKING_REDENEN,
    _INWONERS,
    _INWONERS_OVERIG,
    _JAAR,
    _KANS_ZAKKEN,
    _KENNISGEVING_GECORRIGEERD,
    _NAAMREGIO,
    _NAMEN,
    _NATIONALITEITEN,
    _TUR_ASIEL_WI2013_VANAF,
    _VOLDAAN_RECORD,
    Record,
    Waarde,
)

# ---------------------------------------------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------------------------------------------

_PREFIX: Final = {
    "kennisgeving": "K", "verhuizing": "VH", "leerbaarheidstoets": "LBT", "pip": "PIP", "aanbod": "AB",
    "coa_verblijf": "COA", "lesuren": "LU", "examen": "E", "module": "M", "diploma": "D", "voldaan": "VD",
    "vrijstelling": "VS", "ontheffing": "OH", "verlenging": "VL", "vervallen": "VV", "lening": "LN", "boete": "B",
    "intrekking": "I",
}  # fmt: skip


@dataclass
class _Feit:
    datum: int  # ordinal, for ordering only
    record: Record
    ingetrokken: Record | None = None  # for an intrekking: the record it retracts


@dataclass
class _Dossier:
    bsn: str
    stelsel: str
    doelgroep: str
    plicht: int  # ordinal of datum_plicht
    vrouw: bool
    gemeente: str = ""
    inschrijving: int = 0  # ordinal of datum_inschrijving_gemeente (possibly after tot_datum: not delivered)
    ontheffing_grond: str = "medisch"
    voldaan_record: bool = False
    kop: list[_Feit] = field(default_factory=list)  # kennisgeving(s) and their intrekking, in this order
    feiten: list[_Feit] = field(default_factory=list)


def _gemeenten() -> tuple[list[str], list[float]]:
    """Current gemeenten (empty geldig_tot) from cases/data/gemeenten.csv with their population weight."""
    pad = Path(__file__).resolve().parent.parent / "data" / "gemeenten.csv"
    codes: list[str] = []
    with pad.open(encoding="utf-8", newline="") as f:
        for rij in csv.DictReader(f):
            if not (rij.get("geldig_tot") or "").strip():
                codes.append(rij["code"])
    gewichten = [float(_INWONERS.get(c, _INWONERS_OVERIG)) for c in codes]
    return codes, gewichten


def _cumulatief(gewichten: Iterable[float]) -> list[float]:
    uit: list[float] = []
    som = 0.0
    for g in gewichten:
        som += g
        uit.append(som)
    return uit


def _wisseldatum(routes: Sequence[tuple[int, str, list[str]]]) -> int:
    """Dagtekening of the PIP that switched to the final leerroute (the first PIP if there was no switch)."""
    if len(routes) > 1 and routes[1][1] != routes[0][1]:
        return routes[1][0]
    return routes[0][0]


class _Basis:
    """What every fact needs: the random source, dates, kenmerken, the shared helpers."""

    def __init__(self, aantal: int, seed: int, tot_datum: dt.date) -> None:
        if not 0 <= aantal <= 1_000_000:
            raise ValueError("aantal moet tussen 0 en 1.000.000 liggen (synthetisch BSN-bereik)")
        if tot_datum < dt.date(2013, 1, 1):
            raise ValueError("tot_datum ligt vóór 2013-01-01: er is dan nog geen Wi2013-plicht")
        self.aantal = aantal
        self.rng = random.Random(seed)
        self.tot = tot_datum.toordinal()
        self.tot_datum = tot_datum
        self._basis = dt.date(1930, 1, 1).toordinal()
        self._iso = [dt.date.fromordinal(o).isoformat() for o in range(self._basis, self.tot + 1)]
        codes, gewichten = _gemeenten()
        self._gemeenten = codes
        self._gemeenten_cum = _cumulatief(gewichten)
        self._volgnummer = 0
        self._nationaliteit_cum = {k: (tuple(n for n, _ in v), _cumulatief(w for _, w in v)) for k, v in
                                   _NATIONALITEITEN.items()}  # fmt: skip

    # -- small helpers ---------------------------------------------------------------------------------------

    def iso(self, ordinal: int) -> str:
        assert ordinal <= self.tot, "no date after tot_datum"
        return self._iso[ordinal - self._basis]

    def dag(self, laag: int, hoog: int) -> int:
        """A uniform day in [laag, hoog] (laag when the range is empty)."""
        if hoog <= laag:
            return laag
        return self.rng.randint(laag, hoog)

    def kans(self, p: float) -> bool:
        return self.rng.random() < p

    def gemeente(self, behalve: str | None = None) -> str:
        while True:
            r = self.rng.random() * self._gemeenten_cum[-1]
            code = self._gemeenten[bisect.bisect_right(self._gemeenten_cum, r)]
            if code != behalve:
                return code

    def bedrag(self, waarde: float) -> str | int | float:
        """An amount in one of the accepted forms: a 2-decimal string, a whole number or a JSON number."""
        r = self.rng.random()
        centen = round(waarde * 100)
        if r < 0.45:
            return f"{centen // 100}.{centen % 100:02d}"
        if centen % 100 == 0 and r < 0.85:
            return centen // 100
        return centen / 100

    def kenmerk(self, soort: str) -> str:
        self._volgnummer += 1
        return f"{_PREFIX[soort]}-{self._volgnummer:08d}"

    def feit(self, d: _Dossier, soort: str, ingang: int, /, **velden: Waarde) -> Record:
        """Add a record of ``soort`` with its fields; ``ingang`` (ordinal) orders the person's facts."""
        record: Record = {"soort": soort, "kenmerk": "", "bsn": d.bsn}
        record.update(velden)
        d.feiten.append(_Feit(ingang, record))
        return record

    # -- the population -----------------------------------------------------------------------------------------

    def nationaliteit(self, stelsel: str, doelgroep: str, plicht: int) -> str:
        """ISO alpha-3 nationality by doelgroep and period; TUR only where Turkish nationals are plichtig."""
        jaar = dt.date.fromordinal(plicht).year
        sleutel = doelgroep
        if doelgroep == "asiel":
            periode = max(p for p in (2013, 2015, 2018, 2022) if p <= jaar)
            sleutel = f"asiel_{periode}"
        namen, cum = self._nationaliteit_cum[sleutel]
        while True:
            code = namen[bisect.bisect_right(cum, self.rng.random() * cum[-1])]
            if code != "TUR" or stelsel == "wi2021":
                return code
            if doelgroep == "asiel" and plicht >= _TUR_ASIEL_WI2013_VANAF.toordinal():
                return code

    def ordenen(self, d: _Dossier) -> list[Record]:
        """Kennisgeving first; then the facts by date (one person in ten in delivery order, i.e. shuffled), an
        intrekking always after the fact it retracts. Kenmerken are numbered in file order."""
        feiten = d.feiten
        if self.kans(0.1):
            gewoon = [f for f in feiten if f.ingetrokken is None]
            self.rng.shuffle(gewoon)
            feiten = gewoon + [f for f in feiten if f.ingetrokken is not None]
        else:
            feiten.sort(key=lambda f: (f.datum, f.ingetrokken is not None))
        uit: list[Record] = []
        for f in d.kop + feiten:
            f.record["kenmerk"] = self.kenmerk(str(f.record["soort"]))
            if f.ingetrokken is not None:
                f.record["kenmerk_ingetrokken"] = f.ingetrokken["kenmerk"]
            uit.append(f.record)
        return uit

    # -- kennisgeving and facts common to both stelsels -------------------------------------------------------

    def kennisgeving(self, d: _Dossier, nationaliteit: str, plicht: int) -> int:
        """Add the kennisgeving (sometimes a wrong one, retracted and replaced); returns datum_kennisgeving."""
        rng = self.rng
        regio = _NAMEN[_NAAMREGIO.get(nationaliteit, "arabisch")]
        voornamen = rng.choice(regio[1] if d.vrouw else regio[0])
        if self.kans(0.3):
            voornamen += " " + rng.choice(regio[1] if d.vrouw else regio[0])
        leeftijd = {"asiel": (18, 60, 24), "gezin": (18, 55, 28), "overig": (20, 64, 32)}[d.doelgroep]
        jaren = rng.triangular(*leeftijd)
        geboorte = plicht - round(jaren * _JAAR) - rng.randint(0, 364)
        if geboorte > plicht - 18 * 366:
            geboorte = plicht - 18 * 366
        # DUO sends the kennisgeving within weeks; some got it months later (regels.md K-3).
        kennisgeving = plicht + (rng.randint(3, 40) if self.kans(0.96) else rng.randint(90, 300))
        kennisgeving = min(kennisgeving, self.tot)
        if d.stelsel == "wi2021" and d.doelgroep == "asiel":
            inschrijving = plicht + self.huisvestingsduur()
        else:
            inschrijving = plicht + rng.randint(-30, 20)
        record: Record = {
            "soort": "kennisgeving",
            "kenmerk": "",
            "bsn": d.bsn,
            "achternaam": rng.choice(regio[2]),
            "voornamen": voornamen,
            "geboortedatum": self.iso(geboorte),
            "gemeente": self.gemeente(),
            "doelgroep": d.doelgroep,
            "stelsel": d.stelsel,
            "datum_plicht": self.iso(plicht),
        }
        if self.kans(0.05):
            del record["voornamen"]
        if self.kans(0.92):
            record["datum_kennisgeving"] = self.iso(kennisgeving)
        else:
            kennisgeving = plicht  # the default (koppelvlak §3)
        if inschrijving <= self.tot and (d.stelsel == "wi2021" or self.kans(0.6)):
            record["datum_inschrijving_gemeente"] = self.iso(inschrijving)
        if self.kans(0.97):
            record["nationaliteit"] = nationaliteit
        d.inschrijving = inschrijving
        d.gemeente = str(record["gemeente"])

        if self.kans(_KENNISGEVING_GECORRIGEERD):
            # The first kennisgeving had an error (wrong stelsel or wrong personal data): retracted, then the
            # corrected one is delivered (besluiten B-12).
            fout = dict(record)
            if d.stelsel == "wi2021" and self.kans(0.5):
                fout["stelsel"] = "wi2013"
            else:
                fout["achternaam"] = str(record["achternaam"]) + "e"
                fout["geboortedatum"] = self.iso(geboorte + rng.randint(1, 40))
            intrekking_datum = min(self.tot, kennisgeving + rng.randint(0, 120))
            d.kop.append(_Feit(plicht, fout))
            d.kop.append(_Feit(intrekking_datum, self.intrekking(intrekking_datum, _INTREKKING_KENNISGEVING[2]), fout))
        d.kop.append(_Feit(plicht, record))
        return kennisgeving

    def intrekking(self, datum: int, reden: str) -> Record:
        return {"soort": "intrekking", "kenmerk": "", "kenmerk_ingetrokken": "", "datum": self.iso(datum),
                "reden": reden}  # fmt: skip

    def huisvestingsduur(self) -> int:
        """Days between the asylum permit (datum_plicht) and registration in the gemeente (housing)."""
        r = self.rng.random()
        if r < 0.3:
            return self.rng.randint(0, 60)
        if r < 0.7:
            return self.rng.randint(60, 240)
        return self.rng.randint(240, 450)

    def onterecht(self, d: _Dossier, herstel_tur: bool) -> None:
        """The plicht should never have existed: the kennisgeving is retracted or DUO delivers vervallen with
        reden onterecht_opgelegd (besluiten B-6, B-12). Either way the status is vervallen on every peildatum."""
        laag = d.plicht
        if herstel_tur:
            laag = max(laag, dt.date(2022, 11, 1).toordinal())  # herstelactie nov. 2022 (regels.md T-5)
        datum = self.dag(min(laag, self.tot), self.tot)
        if self.kans(0.6):
            kennisgeving = d.kop[-1]
            reden = _INTREKKING_KENNISGEVING[0] if herstel_tur else _INTREKKING_KENNISGEVING[1]
            d.feiten.append(_Feit(datum, self.intrekking(max(datum, kennisgeving.datum), reden), kennisgeving.record))
        else:
            self.feit(d, "vervallen", datum, datum=self.iso(datum), reden="onterecht_opgelegd")

    def algemeen(self, d: _Dossier, status: str, einde: int) -> None:
        """Verhuizingen, the terminal record and facts after the end of the plicht."""
        rng = self.rng
        gemeente = d.gemeente
        jaren = (self.tot - d.plicht) / _JAAR
        verhuizingen = sum(1 for _ in range(min(6, int(jaren) + 1)) if self.kans(0.07))
        datums = sorted(self.dag(d.plicht + 30, self.tot) for _ in range(verhuizingen))
        for datum in datums:
            if datum <= self.tot:
                gemeente = self.gemeente(behalve=gemeente)
                self.feit(d, "verhuizing", datum, gemeente=gemeente, datum=self.iso(datum))

        if status == "voldaan" and not d.voldaan_record and self.kans(_VOLDAAN_RECORD):
            self.feit(d, "voldaan", einde, datum=self.iso(einde))
        elif status == "vrijgesteld":
            velden: dict[str, Waarde] = {"datum": self.iso(einde)}
            if self.kans(0.5):
                velden["grond"] = "diploma"
            self.feit(d, "vrijstelling", einde, **velden)
        elif status == "ontheven":
            self.feit(d, "ontheffing", einde, datum=self.iso(einde), grond=d.ontheffing_grond)
        elif status == "vervallen":
            jaren_plicht = (einde - d.plicht) / _JAAR
            r = rng.random()
            reden = "vertrek" if r < 0.62 else "naturalisatie" if r < 0.95 else "overlijden"
            if reden == "naturalisatie" and jaren_plicht < 4:
                reden = "vertrek"
            self.feit(d, "vervallen", einde, datum=self.iso(einde), reden=reden)
            if reden == "vertrek" and self.kans(0.04) and einde + 1 <= self.tot:
                # An exam result that arrives after the plicht ended: valid, changes nothing (koppelvlak §3).
                datum = self.dag(einde + 1, min(self.tot, einde + 60))
                self.feit(d, "examen", datum, datum=self.iso(datum), onderdeel="knm", niveau="a2",
                          resultaat="behaald")  # fmt: skip

        if status == "voldaan" and self.kans(0.15):
            # Naturalised years after voldaan: still voldaan (besluiten B-6, first terminal event).
            laag = max(einde + 365, d.plicht + 5 * 366)
            if laag <= self.tot:
                datum = self.dag(laag, self.tot)
                self.feit(d, "vervallen", datum, datum=self.iso(datum), reden="naturalisatie")

        if self.kans(_EXAMEN_GECORRIGEERD):
            examens = [f for f in d.feiten if f.record["soort"] == "examen"]
            if examens:
                # A wrongly delivered result (the opposite outcome), retracted later; it never counts (B-12).
                goed = rng.choice(examens)
                fout = dict(goed.record)
                fout["resultaat"] = "niet_behaald" if goed.record["resultaat"] == "behaald" else "behaald"
                d.feiten.append(_Feit(goed.datum, fout))
                datum = self.dag(goed.datum, min(self.tot, goed.datum + 90))
                d.feiten.append(_Feit(datum, self.intrekking(datum, rng.choice(_INTREKKING_REDENEN)), fout))

    # -- exams, modules and hours -----------------------------------------------------------------------------

    def pogingen(self, d: _Dossier, onderdeel: str, niveau: str, laag: int, behaald: int | None, hoog: int,
                 minimum_gezakt: int = 0) -> int:  # fmt: skip
        """Exam attempts of one onderdeel: failures, then (if ``behaald``) the pass on that day.

        Failures lie in [laag, behaald - 1] (or [laag, hoog] without a pass). Returns the number of failures."""
        kans = _KANS_ZAKKEN[onderdeel] + (0.08 if d.doelgroep == "asiel" else 0.0)
        gezakt = 0
        while gezakt < 6 and self.kans(kans):
            gezakt += 1
        gezakt = max(gezakt, minimum_gezakt)
        boven = (behaald - 1) if behaald is not None else hoog
        if boven < laag:
            gezakt = 0
        datums = sorted(self.dag(laag, boven) for _ in range(gezakt))
        for datum in datums:
            self.feit(d, "examen", datum, datum=self.iso(datum), onderdeel=onderdeel, niveau=niveau,
                      resultaat="niet_behaald")  # fmt: skip
        if behaald is not None:
            self.feit(d, "examen", behaald, datum=self.iso(behaald), onderdeel=onderdeel, niveau=niveau,
                      resultaat="behaald")  # fmt: skip
        return gezakt

    def lesuren(self, d: _Dossier, laag: int, hoog: int, minimum: int = 0, keurmerk_kans: float = 0.88) -> int:
        """Hour reports every 6-14 months in [laag, hoog]; at least ``minimum`` keurmerk hours. Returns the sum."""
        rng = self.rng
        datum = laag + rng.randint(30, 150)
        totaal = 0
        laatste: Record | None = None
        while datum <= hoog:
            uren = rng.randint(60, 300)
            keurmerk = self.kans(keurmerk_kans)
            laatste = self.feit(d, "lesuren", datum, datum=self.iso(datum), uren=uren, keurmerk=keurmerk)
            totaal += uren if keurmerk else 0
            datum += rng.randint(180, 420)
        if totaal < minimum:
            if laatste is None or not laatste["keurmerk"]:
                datum = min(hoog, max(laag, hoog - rng.randint(0, 60)))
                laatste = self.feit(d, "lesuren", datum, datum=self.iso(datum), uren=0, keurmerk=True)
            uren_laatste = laatste["uren"]
            assert isinstance(uren_laatste, int)
            laatste["uren"] = uren_laatste + (minimum - totaal)
            totaal = minimum
        return totaal

    def lening(self, d: _Dossier, laag: int, hoog: int, elip: bool) -> None:
        """Cumulative loan stand (koppelvlak: 0 .. 10,000); ``elip`` makes it end at 9,500 or more."""
        if hoog < laag:
            return
        rng = self.rng
        eind = rng.uniform(9500, 10000) if elip else rng.uniform(800, 9400)
        if elip and self.kans(0.3):
            eind = 10000.0
        stappen = rng.randint(1, 4)
        datums = sorted(self.dag(laag, hoog) for _ in range(stappen))
        delen = [*sorted(rng.random() for _ in range(stappen - 1)), 1.0]
        for datum, deel in zip(datums, delen, strict=True):
            self.feit(d, "lening", datum, datum=self.iso(datum), bedrag_geleend=self.bedrag(round(eind * deel, 2)))
