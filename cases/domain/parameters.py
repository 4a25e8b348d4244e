"""Rule parameters (besluiten B-14): every number and date of B-2 … B-9 and B-15, with the
date it is valid from and its source. The database table `Regelparameter` is seeded from
`STANDAARD`; calculations receive a `Regelparameters` and ask for the values valid on the
relevant date (the beoordelingsdatum or peildatum), and can list what they used.
"""

from __future__ import annotations

import copy
import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

Waarde = int | Decimal | bool | str


@dataclass(frozen=True, slots=True)
class Parameter:
    naam: str
    waarde: Waarde
    geldig_vanaf: dt.date
    bron: str


_BEGIN = dt.date(2013, 1, 1)

STANDAARD: tuple[Parameter, ...] = (
    Parameter("termijn_jaren", 3, _BEGIN, "besluiten B-2; Wi2013 art. 7, Wi2021 art. 7"),
    Parameter("pip_deadline_weken", 10, _BEGIN, "besluiten B-4; Wi2021 art. 14"),
    Parameter("signaal_pip_deadline_dagen", 14, _BEGIN, "besluiten B-15"),
    Parameter("signaal_termijn_maanden", 6, _BEGIN, "besluiten B-15"),
    Parameter("boete_nieuwe_termijn_wi2013_jaren", 2, _BEGIN, "besluiten B-7; Wi2013 art. 28"),
    Parameter("boete_nieuwe_termijn_wi2021_maanden", "24,18,12,6", _BEGIN, "besluiten B-7 (0/1/2/≥3 examens)"),
    Parameter("boete_nieuwe_termijn_z_uren", "200,400,600", _BEGIN, "besluiten B-7 (Z-route, lesuren keurmerk)"),
    Parameter("verwijtbaar_min_lesuren", 300, _BEGIN, "besluiten B-7; Ri art. 2.4c"),
    Parameter("verwijtbaar_min_pogingen", 2, _BEGIN, "besluiten B-7"),
    Parameter("verwijtbaar_min_pogingen_ona", 1, _BEGIN, "besluiten B-7"),
    Parameter("boete_wi2013_uren", "150,300", _BEGIN, "besluiten B-7; Beleidsregel boetevaststelling"),
    Parameter(
        "boete_wi2013_bedragen",
        "1250,875,500;1000,625,250;750,375,0",
        _BEGIN,
        "besluiten B-7; Beleidsregel boetevaststelling (regels.md BO-13-5)",
    ),
    Parameter("boete_wi2021", Decimal("1000"), dt.date(2022, 1, 1), "besluiten B-7; Wi2021 art. 33"),
    Parameter("boete_pvt", Decimal("340"), _BEGIN, "besluiten B-7"),
    Parameter("boete_map", Decimal("340"), _BEGIN, "besluiten B-7"),
    Parameter("boete_medewerking", Decimal("250"), _BEGIN, "besluiten B-7"),
    Parameter("inning_opgeschort_asiel_wi2013", False, _BEGIN, "besluiten B-7"),
    Parameter("inning_opgeschort_asiel_wi2013", True, dt.date(2023, 3, 15), "besluiten B-7 (opschorting inning)"),
    Parameter("boete_asiel_uitgesloten", False, _BEGIN, "besluiten B-7"),
    Parameter("boete_asiel_uitgesloten", True, dt.date(2025, 7, 9), "besluiten B-7; HvJ EU C-158/23 Keren, ABRvS"),
    Parameter("agi_min_lesuren", 600, _BEGIN, "besluiten B-8; Ri art. 2.4b"),
    Parameter("agi_min_pogingen", 4, _BEGIN, "besluiten B-8; Ri art. 2.4b"),
    Parameter("agi_min_pogingen", 3, dt.date(2023, 4, 1), "besluiten B-8 (per 1-4-2023)"),
    Parameter("elip_grens", Decimal("9500"), _BEGIN, "besluiten B-9"),
    Parameter("lening_maximum", Decimal("10000"), _BEGIN, "koppelvlak v1 §3 (lening)"),
    Parameter("aanbod_uitgebleven_maanden", 3, dt.date(2022, 1, 1), "besluiten B-3"),
    Parameter("aanbod_uitgebleven_maanden_onderwijs", 6, dt.date(2022, 1, 1), "besluiten B-3"),
    Parameter("azc_verblijf_min_maanden", 3, dt.date(2022, 1, 1), "besluiten B-3"),
    Parameter("azc_verblijf_voorstel", True, dt.date(2022, 1, 1), "besluiten B-3 (voorstel 2024, standaard aan)"),
    Parameter("wi2013_ona_vanaf", "2015-01-01", _BEGIN, "besluiten B-5"),
    # The limits the batch service checks per record.
    Parameter("eerste_datum_plicht", "2013-01-01", _BEGIN, "besluiten B-1 (Wi2007 valt buiten het systeem)"),
    Parameter("eerste_datum_plicht_wi2021", "2022-01-01", _BEGIN, "besluiten B-1"),
    Parameter("dagen_per_week", 7, _BEGIN, "besluiten B-3 (maximumtoets, ruim omgerekend)"),
    Parameter("dagen_per_maand", 31, _BEGIN, "besluiten B-3 (maximumtoets, ruim omgerekend)"),
    Parameter("verlenging_maximum_niet_verwijtbaar", "2 jaar", _BEGIN, "besluiten B-3"),
    Parameter("verlenging_maximum_alfabetisering", "2 jaar", _BEGIN, "besluiten B-3; B-2"),
    Parameter("verlenging_maximum_corona_generiek", "10 maanden", _BEGIN, "besluiten B-3"),
    Parameter("verlenging_maximum_corona_specifiek", "12 maanden", _BEGIN, "besluiten B-3"),
    Parameter("verlenging_maximum_overlijden_familielid", "3 maanden", _BEGIN, "besluiten B-3"),
    Parameter("verlenging_maximum_bevalling", "16 weken", _BEGIN, "besluiten B-3"),
    Parameter("corona_venster_van", "2020-03-13", _BEGIN, "besluiten B-3"),
    Parameter("corona_venster_tot", "2022-01-31", _BEGIN, "besluiten B-3"),
    Parameter("boete_maximum_termijnoverschrijding_wi2013", Decimal("1250"), _BEGIN, "besluiten B-7; Wi2013 art. 28"),
    Parameter("boete_maximum_termijnoverschrijding_wi2021", Decimal("1000"), _BEGIN, "besluiten B-7; Wi2021 art. 33"),
    Parameter("wi2013_pvt_vanaf", "2017-10-01", _BEGIN, "besluiten B-5"),
)


@dataclass
class Regelparameters:
    """The versioned parameter table, as values: `waarde(naam, datum)` is the value valid on `datum`."""

    rijen: Iterable[Parameter] = STANDAARD
    gebruikt: dict[tuple[str, dt.date], Parameter] = field(default_factory=dict)

    def __post_init__(self) -> None:
        per_naam: dict[str, list[Parameter]] = {}
        for rij in self.rijen:
            per_naam.setdefault(rij.naam, []).append(rij)
        self._per_naam = {n: sorted(r, key=lambda p: p.geldig_vanaf) for n, r in per_naam.items()}
        self._vanaf = {n: [p.geldig_vanaf for p in r] for n, r in self._per_naam.items()}

    def opname(self) -> Regelparameters:
        """A view on the same table that records the rows it hands out, for one calculation's uitleg:
        the table it came from is not changed (a what-if can share one table between calculations)."""
        kopie = copy.copy(self)
        kopie.gebruikt = {}
        return kopie

    def parameter(self, naam: str, datum: dt.date) -> Parameter:
        rijen = self._per_naam[naam]
        i = bisect_right(self._vanaf[naam], datum) - 1
        rij = rijen[max(i, 0)]
        self.gebruikt[(rij.naam, rij.geldig_vanaf)] = rij
        return rij

    def getal(self, naam: str, datum: dt.date) -> int:
        waarde = self.parameter(naam, datum).waarde
        assert isinstance(waarde, int) and not isinstance(waarde, bool)
        return waarde

    def bedrag(self, naam: str, datum: dt.date) -> Decimal:
        waarde = self.parameter(naam, datum).waarde
        return Decimal(str(waarde))

    def vlag(self, naam: str, datum: dt.date) -> bool:
        return bool(self.parameter(naam, datum).waarde)

    def lijst(self, naam: str, datum: dt.date) -> list[int]:
        return [int(x) for x in str(self.parameter(naam, datum).waarde).split(",")]

    def datum(self, naam: str, datum: dt.date) -> dt.date:
        return dt.date.fromisoformat(str(self.parameter(naam, datum).waarde))

    def tabel(self, naam: str, datum: dt.date) -> list[list[Decimal]]:
        return [[Decimal(x) for x in rij.split(",")] for rij in str(self.parameter(naam, datum).waarde).split(";")]
