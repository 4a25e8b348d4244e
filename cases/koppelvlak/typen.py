"""The 18 record kinds of koppelvlak §3 as msgspec types, with the bounds of every value: the types
are the contract (the OpenAPI schema is derived from them) and what the decoder accepts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

import msgspec

# The window of every date (a date outside it is a typing error, not a fact; it would also
# overflow date arithmetic in the rules).
EERSTE_DATUM = dt.date(1900, 1, 1)
LAATSTE_DATUM = dt.date(2100, 12, 31)
MAX_REGEL = 64 * 1024  # bytes of one NDJSON line or envelope record; a real record has a few hundred
# Integer bounds: a lesuren record covers one period of lessons; a verlenging is never longer
# than the 10 years the law's longest maxima and grounds without a maximum make plausible.
MAX_UREN = 10_000
MAX_VERLENGING = {"maanden": 120, "weken": 520, "dagen": 3650}

Kenmerk = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Gemeentecode = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{4}$")]
Datum = Annotated[dt.date, msgspec.Meta(description=f"JJJJ-MM-DD, van {EERSTE_DATUM} tot en met {LAATSTE_DATUM}.")]
Uren = Annotated[int, msgspec.Meta(gt=0, le=MAX_UREN)]
Maanden = Annotated[int, msgspec.Meta(gt=0, le=MAX_VERLENGING["maanden"])]
Weken = Annotated[int, msgspec.Meta(gt=0, le=MAX_VERLENGING["weken"])]
Dagen = Annotated[int, msgspec.Meta(gt=0, le=MAX_VERLENGING["dagen"])]
Taalonderdeel = Literal["lezen", "luisteren", "schrijven", "spreken"]

_CENT = Decimal("0.01")


class Record(msgspec.Struct, tag_field="soort", forbid_unknown_fields=True, kw_only=True):
    """Fields every record has; `bsn` every kind but intrekking."""

    kenmerk: Kenmerk


def _bedrag(value: Decimal) -> Decimal:
    """Canonical amounts: 9500, "9500.0" and "9500.00" are the same value (B-11). An amount
    with more decimals stays as it is, for the content check to refuse."""
    if value.is_finite() and value.as_tuple().exponent >= -2:  # type: ignore[operator]
        try:
            return value.quantize(_CENT)
        except InvalidOperation:  # more digits than a Decimal holds: far above every maximum
            return value
    return value


class PersoonRecord(Record, kw_only=True):
    bsn: Annotated[str, msgspec.Meta(max_length=9)]


class Kennisgeving(PersoonRecord, tag="kennisgeving", kw_only=True):
    achternaam: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    geboortedatum: Datum
    gemeente: Gemeentecode
    doelgroep: Literal["asiel", "gezin", "overig"]
    stelsel: Literal["wi2013", "wi2021"]
    datum_plicht: Datum
    voornamen: Annotated[str, msgspec.Meta(max_length=200)] = ""
    datum_kennisgeving: Datum | None = None
    datum_inschrijving_gemeente: Datum | None = None
    nationaliteit: Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")] | None = None

    def __post_init__(self) -> None:
        if self.datum_kennisgeving is None:  # koppelvlak §3: standaard = datum_plicht
            self.datum_kennisgeving = self.datum_plicht


class Verhuizing(PersoonRecord, tag="verhuizing", kw_only=True):
    gemeente: Gemeentecode
    datum: Datum


class Leerbaarheidstoets(PersoonRecord, tag="leerbaarheidstoets", kw_only=True):
    datum: Datum
    uitslag: Literal["haalbaar", "niet_haalbaar"]


class Pip(PersoonRecord, tag="pip", kw_only=True):
    dagtekening: Datum
    leerroute: Literal["b1", "onderwijs", "z"]
    afschalen: list[Taalonderdeel] = []

    def __post_init__(self) -> None:
        self.afschalen = sorted(set(self.afschalen))  # a set of parts: order and repeats do not count


class Aanbod(PersoonRecord, tag="aanbod", kw_only=True):
    datum_start: Datum


class CoaVerblijf(PersoonRecord, tag="coa_verblijf", kw_only=True):
    datum_van: Datum
    datum_tot: Datum | None = None


class Lesuren(PersoonRecord, tag="lesuren", kw_only=True):
    datum: Datum
    uren: Uren
    keurmerk: bool


class Examen(PersoonRecord, tag="examen", kw_only=True):
    datum: Datum
    onderdeel: Literal["lezen", "luisteren", "schrijven", "spreken", "knm", "ona"]
    niveau: Literal["a1", "a2", "b1", "b2"]
    resultaat: Literal["behaald", "niet_behaald"]


class Module(PersoonRecord, tag="module", kw_only=True):
    onderdeel: Literal["pvt", "map", "z_eindgesprek"]
    datum_afgerond: Datum


class Diploma(PersoonRecord, tag="diploma", kw_only=True):
    soort_diploma: Literal["staatsexamen_nt2", "taalschakeltraject"]
    datum: Datum


class Voldaan(PersoonRecord, tag="voldaan", kw_only=True):
    datum: Datum


class Vrijstelling(PersoonRecord, tag="vrijstelling", kw_only=True):
    datum: Datum
    grond: Literal["diploma"] = "diploma"


class Ontheffing(PersoonRecord, tag="ontheffing", kw_only=True):
    datum: Datum
    grond: Literal["medisch", "geleverde_inspanning", "overig"]


class Verlenging(PersoonRecord, tag="verlenging", kw_only=True):
    besluitdatum: Datum
    grond: Literal[
        "niet_verwijtbaar",
        "alfabetisering",
        "corona_generiek",
        "corona_specifiek",
        "overlijden_familielid",
        "bevalling",
        "aanbod_uitgebleven",
        "azc_verblijf",
        "ziekte",
        "examencapaciteit",
        "opleiding",
        "onderbreking_verblijf",
        "overig",
    ]
    maanden: Maanden | None = None
    weken: Weken | None = None
    dagen: Dagen | None = None
    tot: Datum | None = None


class Vervallen(PersoonRecord, tag="vervallen", kw_only=True):
    datum: Datum
    reden: Literal["vertrek", "overlijden", "naturalisatie", "onterecht_opgelegd"]


class Lening(PersoonRecord, tag="lening", kw_only=True):
    datum: Datum
    bedrag_geleend: Decimal

    def __post_init__(self) -> None:
        self.bedrag_geleend = _bedrag(self.bedrag_geleend)


class Boete(PersoonRecord, tag="boete", kw_only=True):
    besluitdatum: Datum
    bedrag: Decimal
    soort_boete: Literal["termijnoverschrijding", "pvt", "map", "medewerking"]

    def __post_init__(self) -> None:
        self.bedrag = _bedrag(self.bedrag)


class Intrekking(Record, tag="intrekking", kw_only=True):
    kenmerk_ingetrokken: Kenmerk
    datum: Datum
    reden: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


SOORTEN: dict[str, type[Record]] = {
    cls.__struct_config__.tag: cls  # type: ignore[misc]
    for cls in (
        Kennisgeving,
        Verhuizing,
        Leerbaarheidstoets,
        Pip,
        Aanbod,
        CoaVerblijf,
        Lesuren,
        Examen,
        Module,
        Diploma,
        Voldaan,
        Vrijstelling,
        Ontheffing,
        Verlenging,
        Vervallen,
        Lening,
        Boete,
        Intrekking,
    )
}

_SOORT_VAN: dict[type[Record], str] = {cls: soort for soort, cls in SOORTEN.items()}

BEDRAG_VELDEN = frozenset({"bedrag", "bedrag_geleend"})

# Ingangsdatum per kind (besluiten B-6).
INGANGSDATUM_VELD: dict[str, str] = {
    "kennisgeving": "datum_plicht",
    "pip": "dagtekening",
    "aanbod": "datum_start",
    "coa_verblijf": "datum_van",
    "module": "datum_afgerond",
    "verlenging": "besluitdatum",
    "boete": "besluitdatum",
}


def ingangsdatum(record: Record) -> dt.date:
    value: dt.date = getattr(record, INGANGSDATUM_VELD.get(soort_van(record), "datum"))
    return value


def soort_van(record: Record) -> str:
    return _SOORT_VAN[type(record)]


AnyRecord = (
    Kennisgeving
    | Verhuizing
    | Leerbaarheidstoets
    | Pip
    | Aanbod
    | CoaVerblijf
    | Lesuren
    | Examen
    | Module
    | Diploma
    | Voldaan
    | Vrijstelling
    | Ontheffing
    | Verlenging
    | Vervallen
    | Lening
    | Boete
    | Intrekking
)


def in_venster(datum: dt.date) -> bool:
    """Whether a date lies in the window every date of the koppelvlak (and every peildatum) has."""
    return EERSTE_DATUM <= datum <= LAATSTE_DATUM


PEILDATUM_MELDING = f"Een peildatum ligt tussen {EERSTE_DATUM} en {LAATSTE_DATUM}."
