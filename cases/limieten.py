"""The limits the batch service checks per record, as named constants with their source.

The rules issue moves these into the versioned table of regelparameters (besluiten B-14);
until then this is the one place they live.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

# besluiten B-1: Wi2007 is outside this system; Wi2021 starts 2022-01-01.
EERSTE_DATUM_PLICHT = dt.date(2013, 1, 1)
EERSTE_DATUM_PLICHT_WI2021 = dt.date(2022, 1, 1)

# besluiten B-3: the maximum test compares in days, generously converted.
DAGEN_PER_WEEK = 7
DAGEN_PER_MAAND = 31
MAANDEN_PER_JAAR = 12


@dataclass(frozen=True)
class GrondRegel:
    """One row of the table of verlenging grounds (besluiten B-3)."""

    stelsels: frozenset[str]
    doelgroep: str | None  # only for this doelgroep, or None for all
    maximum_dagen: int | None  # None: no maximum (and only then may `tot` be used)
    wijze: str | None  # "besluit": per decision; "eenmalig": once per person; "opgeteld": summed per person
    maximum_tekst: str | None  # the maximum as the law says it, for the Dutch melding


_TWEE_JAAR = 2 * MAANDEN_PER_JAAR * DAGEN_PER_MAAND
_BEIDE = frozenset({"wi2013", "wi2021"})
_WI2013 = frozenset({"wi2013"})
_WI2021 = frozenset({"wi2021"})

VERLENGING_GRONDEN: dict[str, GrondRegel] = {
    "niet_verwijtbaar": GrondRegel(_WI2013, None, _TWEE_JAAR, "besluit", "2 jaar per besluit"),
    "alfabetisering": GrondRegel(_WI2013, None, _TWEE_JAAR, "eenmalig", "2 jaar, één keer"),
    "corona_generiek": GrondRegel(_WI2013, None, 10 * DAGEN_PER_MAAND, "opgeteld", "10 maanden opgeteld"),
    "corona_specifiek": GrondRegel(_WI2013, None, 12 * DAGEN_PER_MAAND, "opgeteld", "12 maanden opgeteld"),
    "overlijden_familielid": GrondRegel(_BEIDE, None, 3 * DAGEN_PER_MAAND, "besluit", "3 maanden per besluit"),
    "bevalling": GrondRegel(_BEIDE, None, 16 * DAGEN_PER_WEEK, "besluit", "16 weken per besluit"),
    "aanbod_uitgebleven": GrondRegel(_WI2021, "asiel", None, None, None),
    "azc_verblijf": GrondRegel(_WI2021, "asiel", None, None, None),
    "ziekte": GrondRegel(_BEIDE, None, None, None, None),
    "examencapaciteit": GrondRegel(_BEIDE, None, None, None, None),
    "opleiding": GrondRegel(_BEIDE, None, None, None, None),
    "onderbreking_verblijf": GrondRegel(_BEIDE, None, None, None, None),
    "overig": GrondRegel(_BEIDE, None, None, None, None),
}

# besluiten B-3: corona grounds only with a besluitdatum in this window.
CORONA_VENSTER = (dt.date(2020, 3, 13), dt.date(2022, 1, 31))

# besluiten B-7: statutory maxima of a boetebesluit (euro).
BOETE_MAXIMUM: dict[tuple[str, str | None], Decimal] = {
    ("termijnoverschrijding", "wi2013"): Decimal("1250.00"),
    ("termijnoverschrijding", "wi2021"): Decimal("1000.00"),
    ("pvt", None): Decimal("340.00"),
    ("map", None): Decimal("340.00"),
    ("medewerking", None): Decimal("250.00"),
}

# koppelvlak v1 §3 (lening): cumulative loan, 0 up to and including 10,000 euro.
LENING_MAXIMUM = Decimal("10000.00")
