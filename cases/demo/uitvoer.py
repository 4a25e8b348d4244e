"""Writing the records (NDJSON, the outcome file) and tallying a population against the model."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO, Final

from cases.demo.cijfers import (
    DOELGROEPEN,
    R1_ONTHEVEN,
    R1_TOTAAL,
    R1_VOLDAAN,
    REFERENTIE_PEILDATUM,
    STATUSSEN,
    TABEL5_WI2013,
    WI2013_OPGELEGD,
    WI2013_VERVALLEN,
    WI2013_VRIJGESTELD,
    WI2021_ASIEL_PIP_AANBOD_PCT,
    WI2021_ASIEL_PIP_AANBOD_PCT_2023,
    WI2021_MET_PIP_PCT,
    WI2021_MET_PIP_PCT_2023,
    WI2021_NOG_PLICHTIG,
    WI2021_NOG_PLICHTIG_DOELGROEP,
    WI2021_OOIT_PLICHTIG,
    Record,
    _aandelen,
)
from cases.demo.model import Persoon

# ---------------------------------------------------------------------------------------------------------------
# Writing and tallying
# ---------------------------------------------------------------------------------------------------------------

_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def json_bytes(record: Record) -> bytes:
    """Compact UTF-8 JSON of one record (the stdlib fallback; the command passes msgspec's encoder)."""
    tekst: str = _JSON.encode(record)
    return tekst.encode()


class RecordSchrijver:
    """Streams records to a binary file as NDJSON (one object a line) or as the JSON batch envelope
    ``{"kenmerk": ..., "records": [...]}``, written incrementally so memory does not grow with the file."""

    def __init__(
        self,
        uit: BinaryIO,
        formaat: str,
        batchkenmerk: str,
        encode: Callable[[Record], bytes] = json_bytes,
    ) -> None:
        if formaat not in ("ndjson", "json"):
            raise ValueError(f"onbekend formaat {formaat!r}: kies ndjson of json")
        self.uit = uit
        self.formaat = formaat
        self.encode = encode
        self.aantal = 0
        if formaat == "json":
            uit.write(b'{"kenmerk":' + _JSON.encode(batchkenmerk).encode() + b',"records":[')

    def schrijf(self, records: Iterable[Record]) -> None:
        encode, uit = self.encode, self.uit
        if self.formaat == "ndjson":
            for record in records:
                uit.write(encode(record))
                uit.write(b"\n")
                self.aantal += 1
            return
        for record in records:
            uit.write(b"\n" if self.aantal == 0 else b",\n")
            uit.write(encode(record))
            self.aantal += 1

    def sluit(self) -> None:
        if self.formaat == "json":
            self.uit.write(b"\n]}\n")


def batchkenmerk(seed: int, aantal: int) -> str:
    return f"DEMO-{seed}-{aantal}"


@dataclass(frozen=True)
class Vergelijking:
    """Observed versus expected share of one status in one stelsel × cohort."""

    stelsel: str
    cohort: int
    status: str
    aantal: int  # persons in the stelsel × cohort
    waargenomen: float
    verwacht: float
    tolerantie: float
    getoetst: bool  # only groups of at least MIN_GROEP persons are held to the tolerance

    @property
    def binnen_tolerantie(self) -> bool:
        return abs(self.waargenomen - self.verwacht) <= self.tolerantie


MIN_GROEP: Final = 200


def tolerantie(verwacht: float, aantal: int) -> float:
    """Two percentage points, widened to 4.5 binomial standard deviations for small groups."""
    return max(0.02, 4.5 * math.sqrt(max(verwacht * (1 - verwacht), 1e-9) / max(aantal, 1)))


@dataclass
class Telling:
    """Tally per stelsel × cohort × status of the intended outcomes, with the model's expectation."""

    tot_datum: dt.date
    aantallen: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    verwacht: dict[tuple[str, int], list[float]] = field(default_factory=dict)
    doelgroepen: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (stelsel, doelgroep, status)
    doelgroepen_cohort: dict[tuple[str, int, str, str], int] = field(default_factory=dict)
    wi2021_plichtig_met_pip: int = 0
    wi2021_asiel_met_pip: int = 0
    wi2021_asiel_met_pip_en_aanbod: int = 0
    records: int = 0

    def tel(self, persoon: Persoon) -> None:
        u = persoon.uitkomst
        sleutel = (u.stelsel, u.cohort)
        aantallen = self.aantallen.setdefault(sleutel, [0, 0, 0, 0, 0])
        aantallen[STATUSSEN.index(u.status)] += 1
        verwacht = self.verwacht.setdefault(sleutel, [0.0, 0.0, 0.0, 0.0, 0.0])
        for i, p in enumerate(persoon.verwachting):
            verwacht[i] += p
        dg = (u.stelsel, u.doelgroep, u.status)
        self.doelgroepen[dg] = self.doelgroepen.get(dg, 0) + 1
        dgc = (u.stelsel, u.cohort, u.doelgroep, u.status)
        self.doelgroepen_cohort[dgc] = self.doelgroepen_cohort.get(dgc, 0) + 1
        if u.stelsel == "wi2021" and u.status == "plichtig" and persoon.pip_op_peildatum:
            self.wi2021_plichtig_met_pip += 1
            if u.doelgroep == "asiel":
                self.wi2021_asiel_met_pip += 1
                self.wi2021_asiel_met_pip_en_aanbod += persoon.aanbod_op_peildatum
        self.records += len(persoon.records)

    @property
    def personen(self) -> int:
        return sum(sum(a) for a in self.aantallen.values())

    def vergelijkingen(self) -> list[Vergelijking]:
        uit = []
        for (stelsel, cohort), aantallen in sorted(self.aantallen.items()):
            n = sum(aantallen)
            for i, status in enumerate(STATUSSEN):
                p = self.verwacht[(stelsel, cohort)][i] / n
                uit.append(
                    Vergelijking(
                        stelsel, cohort, status, n, aantallen[i] / n, p, tolerantie(p, n), getoetst=n >= MIN_GROEP
                    )
                )
        return uit

    def afwijkingen(self) -> list[Vergelijking]:
        return [v for v in self.vergelijkingen() if v.getoetst and not v.binnen_tolerantie]

    def tabel(self) -> list[str]:
        """The tally as text: per stelsel × cohort the count and, per status, observed% (expected%)."""
        kop = f"{'stelsel':8} {'cohort':>6} {'n':>7}  " + "  ".join(f"{s:>17}" for s in STATUSSEN)
        regels = [kop, "-" * len(kop)]
        per_groep: dict[tuple[str, int], list[Vergelijking]] = {}
        for v in self.vergelijkingen():
            per_groep.setdefault((v.stelsel, v.cohort), []).append(v)
        for (stelsel, cohort), rij in per_groep.items():
            cellen = []
            for v in rij:
                teken = " " if not v.getoetst or v.binnen_tolerantie else "!"
                cellen.append(f"{100 * v.waargenomen:6.1f}% ({100 * v.verwacht:5.1f}%){teken}")
            regels.append(f"{stelsel:8} {cohort:>6} {rij[0].aantal:>7}  " + "  ".join(cellen))
        return regels

    def referentie(self) -> list[str]:
        """Comparison with the published tables when ``tot_datum`` is one of their peildata (informative)."""
        if self.tot_datum == REFERENTIE_PEILDATUM:
            return self._tabel5() + self._kerncijfers()
        if self.tot_datum == dt.date(2023, 5, 1):
            return self._wi2021(WI2021_MET_PIP_PCT_2023, WI2021_ASIEL_PIP_AANBOD_PCT_2023, None)
        if self.tot_datum == dt.date(2018, 1, 1):
            return self._r1()
        return []

    def _tabel5(self) -> list[str]:
        regels = ["Wi2013, Tabel 5 (peildatum 2024-05-01; vrijgesteld telt als voldaan, vervallen buiten de tabel):"]
        regels.append(f"{'cohort':>6} {'voldaan':>16} {'ontheven':>16} {'nog plichtig':>16}")
        for cohort, (voldaan, ontheven, plichtig) in TABEL5_WI2013.items():
            a = self.aantallen.get(("wi2013", cohort))
            n = (a[0] + a[1] + a[2] + a[3]) if a else 0
            if not a or n == 0:
                continue
            totaal = voldaan + ontheven + plichtig
            paren = ((a[1] + a[2], voldaan), (a[3], ontheven), (a[0], plichtig))
            cellen = [f"{100 * x / n:6.1f}% ({100 * y / totaal:5.1f}%)" for x, y in paren]
            regels.append(f"{cohort:>6} " + " ".join(f"{c:>16}" for c in cellen))
        return regels

    def _kerncijfers(self) -> list[str]:
        regels = []
        wi2013 = [a for (s, _), a in self.aantallen.items() if s == "wi2013"]
        if wi2013:
            n = sum(sum(a) for a in wi2013)
            vervallen = sum(a[4] for a in wi2013)
            vrijgesteld = sum(a[2] for a in wi2013)
            regels.append(
                f"Wi2013 vervallen {100 * vervallen / n:.1f}% (kerncijfers "
                f"{100 * WI2013_VERVALLEN / WI2013_OPGELEGD:.1f}%), vrijgesteld {100 * vrijgesteld / n:.1f}% "
                f"(kerncijfers {100 * WI2013_VRIJGESTELD / WI2013_OPGELEGD:.1f}%)"
            )
        return regels + self._wi2021(WI2021_MET_PIP_PCT, WI2021_ASIEL_PIP_AANBOD_PCT, WI2021_NOG_PLICHTIG_DOELGROEP)

    def _wi2021(self, met_pip: int, aanbod: int, doelgroepen: tuple[int, int, int] | None) -> list[str]:
        wi2021 = [a for (s, _), a in self.aantallen.items() if s == "wi2021"]
        if not wi2021:
            return []
        n = sum(sum(a) for a in wi2021)
        plichtig = sum(a[0] for a in wi2021)
        regels = []
        if doelgroepen is not None:
            regels.append(
                f"Wi2021 nog plichtig {100 * plichtig / n:.1f}% van ooit plichtig "
                f"(kerncijfers {100 * WI2021_NOG_PLICHTIG / WI2021_OOIT_PLICHTIG:.1f}%)"
            )
        if plichtig and doelgroepen is not None:
            per_dg = [self.doelgroepen.get(("wi2021", dg, "plichtig"), 0) for dg in DOELGROEPEN]
            regels.append(
                "Wi2021 nog plichtig per doelgroep asiel/gezin/overig: "
                + "/".join(f"{100 * x / plichtig:.0f}" for x in per_dg)
                + " (kerncijfers "
                + "/".join(f"{100 * x:.0f}" for x in _aandelen(doelgroepen))
                + ")"
            )
        if plichtig:
            regels.append(
                f"Wi2021 nog plichtig met PIP {100 * self.wi2021_plichtig_met_pip / plichtig:.0f}% "
                f"(kerncijfers {met_pip}%)"
            )
        if self.wi2021_asiel_met_pip:
            regels.append(
                "Wi2021 asiel met PIP en aanbod "
                f"{100 * self.wi2021_asiel_met_pip_en_aanbod / self.wi2021_asiel_met_pip:.0f}% "
                f"(kerncijfers {aanbod}%)"
            )
        return regels

    def _r1(self) -> list[str]:
        """Cohorts 2013 and 2014 per doelgroep on 2018-01-01 (R1, not used for calibration)."""
        regels = ["Wi2013, cohorten 2013 en 2014 per doelgroep (peildatum 2018-01-01, vervallen buiten de tabel):"]
        for cohort in (2013, 2014):
            for i, doelgroep in enumerate(DOELGROEPEN):
                a = [self.doelgroepen_cohort.get(("wi2013", cohort, doelgroep, s), 0) for s in STATUSSEN]
                n = a[0] + a[1] + a[2] + a[3]
                if n == 0:
                    continue
                totaal = R1_TOTAAL[cohort][i]
                voldaan, ontheven = R1_VOLDAAN[cohort][i], R1_ONTHEVEN[cohort][i]
                paren = ((a[1] + a[2], voldaan), (a[3], ontheven), (a[0], totaal - voldaan - ontheven))
                cellen = " ".join(f"{naam} {100 * x / n:.0f}% ({100 * y / totaal:.0f}%)" for naam, (x, y) in
                                  zip(("voldaan", "ontheven", "nog plichtig"), paren, strict=True))  # fmt: skip
                regels.append(f"{cohort} {doelgroep:7} n={n:<6} {cellen}")
        return regels
