"""The limits the batch service checks per record (besluiten B-1, B-3, B-7; koppelvlak §3).

The numbers live in the versioned table of regelparameters (besluiten B-14); `Limieten.uit`
reads the values valid on a date (the batch uses the day of receipt). `STANDAARD` holds the
same values as the seed of that table, for code and tests that run without a database.
What stays in code is the *structure* of the verlenging grounds (which stelsel, which
doelgroep, how the maximum applies) — that is law, not a number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from cases.domain.parameters import Regelparameters


@dataclass(frozen=True)
class GrondRegel:
    """One row of the table of verlenging grounds (besluiten B-3)."""

    stelsels: frozenset[str]
    doelgroep: str | None  # only for this doelgroep, or None for all
    maximum_dagen: int | None  # None: no maximum (and only then may `tot` be used)
    wijze: str | None  # "besluit": per decision; "eenmalig": once per person; "opgeteld": summed per person
    maximum_tekst: str | None  # the maximum as the law says it, for the Dutch melding


_BEIDE = frozenset({"wi2013", "wi2021"})
_WI2013 = frozenset({"wi2013"})
_WI2021 = frozenset({"wi2021"})

# Structure of besluiten B-3's table; the maxima come from the parameters `verlenging_maximum_<grond>`.
_GRONDEN: dict[str, tuple[frozenset[str], str | None, str | None]] = {
    "niet_verwijtbaar": (_WI2013, None, "besluit"),
    "alfabetisering": (_WI2013, None, "eenmalig"),
    "corona_generiek": (_WI2013, None, "opgeteld"),
    "corona_specifiek": (_WI2013, None, "opgeteld"),
    "overlijden_familielid": (_BEIDE, None, "besluit"),
    "bevalling": (_BEIDE, None, "besluit"),
    "aanbod_uitgebleven": (_WI2021, "asiel", None),
    "azc_verblijf": (_WI2021, "asiel", None),
    "ziekte": (_BEIDE, None, None),
    "examencapaciteit": (_BEIDE, None, None),
    "opleiding": (_BEIDE, None, None),
    "onderbreking_verblijf": (_BEIDE, None, None),
    "overig": (_BEIDE, None, None),
}

_EENHEID = {"jaar": "jaar", "jaren": "jaar", "maand": "maand", "maanden": "maand", "week": "week", "weken": "week"}


@dataclass(frozen=True)
class Limieten:
    EERSTE_DATUM_PLICHT: dt.date
    EERSTE_DATUM_PLICHT_WI2021: dt.date
    DAGEN_PER_WEEK: int
    DAGEN_PER_MAAND: int
    VERLENGING_GRONDEN: dict[str, GrondRegel]
    CORONA_VENSTER: tuple[dt.date, dt.date]
    BOETE_MAXIMUM: dict[tuple[str, str | None], Decimal]
    LENING_MAXIMUM: Decimal

    @classmethod
    def uit(cls, params: Regelparameters, datum: dt.date) -> Limieten:
        """The limits valid on `datum`, from the parameter table (besluiten B-14)."""
        per_week = params.getal("dagen_per_week", datum)
        per_maand = params.getal("dagen_per_maand", datum)

        def dagen(tekst: str) -> int:
            aantal, eenheid = tekst.split()
            soort = _EENHEID[eenheid]
            factor = {"jaar": 12 * per_maand, "maand": per_maand, "week": per_week}[soort]
            return int(aantal) * factor

        gronden = {}
        for grond, (stelsels, doelgroep, wijze) in _GRONDEN.items():
            tekst = str(params.parameter(f"verlenging_maximum_{grond}", datum).waarde) if wijze else ""
            gronden[grond] = GrondRegel(
                stelsels,
                doelgroep,
                dagen(tekst) if wijze else None,
                wijze,
                f"{tekst} {'per besluit' if wijze == 'besluit' else 'opgeteld' if wijze == 'opgeteld' else 'één keer'}"
                if wijze
                else None,
            )
        return cls(
            EERSTE_DATUM_PLICHT=params.datum("eerste_datum_plicht", datum),
            EERSTE_DATUM_PLICHT_WI2021=params.datum("eerste_datum_plicht_wi2021", datum),
            DAGEN_PER_WEEK=per_week,
            DAGEN_PER_MAAND=per_maand,
            VERLENGING_GRONDEN=gronden,
            CORONA_VENSTER=(params.datum("corona_venster_van", datum), params.datum("corona_venster_tot", datum)),
            BOETE_MAXIMUM={
                ("termijnoverschrijding", "wi2013"): params.bedrag("boete_maximum_termijnoverschrijding_wi2013", datum),
                ("termijnoverschrijding", "wi2021"): params.bedrag("boete_maximum_termijnoverschrijding_wi2021", datum),
                ("pvt", None): params.bedrag("boete_pvt", datum),
                ("map", None): params.bedrag("boete_map", datum),
                ("medewerking", None): params.bedrag("boete_medewerking", datum),
            },
            LENING_MAXIMUM=params.bedrag("lening_maximum", datum),
        )


STANDAARD = Limieten.uit(Regelparameters(), dt.date(2026, 1, 1))
