"""Koppelvlak v1 §3: the typed schema of the 18 record kinds, compiled once.

Decoding has two paths. The fast path decodes a line straight into a tagged-union
`Struct` (msgspec, in C); almost every record of a real delivery takes it. Only when
that fails does the slow path decode to plain JSON and check field by field, so that
a record gets *all* its structural errors with the fixed codes of koppelvlak §3
(`onbekende_soort`, `onbekend_veld`, `verplicht_veld`, `ongeldige_waarde`,
`ongeldige_datum`, `ongeldig_bsn`, `ongeldige_json`).

Bounds (the koppelvlak types state them, and nothing outside them reaches the database): every
string has a maximum length and no control characters (NUL, line breaks, C1); every integer lies
within what the law makes plausible; every date lies between 1900-01-01 and 2100-12-31; a line
of NDJSON is at most 64 KiB, and nesting deeper than the decoder allows is an unreadable record.

Also here: the canonical form of a record (besluiten B-11: after typing, defaults
filled, field order irrelevant, `"9500.00"` == `9500`) and its SHA-256.
No Django: the CLI, the API and the tests share this module.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, get_args, get_origin

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

_decoder = msgspec.json.Decoder(AnyRecord)
_generic = msgspec.json.Decoder()
_encoder = msgspec.json.Encoder(decimal_format="string")


@dataclass(frozen=True, slots=True)
class Fout:
    """One line of the error report (koppelvlak §2)."""

    veld: str | None
    code: str
    melding: str


@dataclass(slots=True)  # not frozen: made once per record, and a frozen __init__ costs twice as much
class Gelezen:
    """The outcome of reading one line: a typed record, or the structural errors."""

    record: AnyRecord | None
    kenmerk: str | None
    fouten: tuple[Fout, ...] = ()


def canonieke_inhoud(record: Record) -> bytes:
    """The canonical bytes of a typed record (B-11): tag and fields in a fixed order."""
    return _encoder.encode(record)


def inhoud_hash(record: Record) -> str:
    return hashlib.sha256(canonieke_inhoud(record)).hexdigest()


def lees_record(regel: bytes | memoryview | str) -> Gelezen:
    """Decode and type one record; on failure list every structural error."""
    if len(regel) > MAX_REGEL:
        return _TE_LANG
    try:
        record = _decoder.decode(regel)
    except msgspec.ValidationError:
        pass
    except msgspec.DecodeError:
        return _ONLEESBAAR
    except RecursionError:  # msgspec's own depth guard: nothing deeper than the interpreter allows
        return _TE_DIEP
    else:
        if _binnen_grenzen(record):
            return Gelezen(record, record.kenmerk)
        return Gelezen(None, rapportkenmerk(record.kenmerk), tuple(grensfouten(record)))
    try:
        waarde = _generic.decode(regel)
    except msgspec.DecodeError:  # pragma: no cover - the typed decoder saw valid JSON
        return _ONLEESBAAR
    except RecursionError:
        return _TE_DIEP
    return lees_object(waarde)


def lees_object(waarde: Any) -> Gelezen:
    """Type one already-parsed JSON value (from a JSON envelope, or the slow path)."""
    if not isinstance(waarde, dict):
        return Gelezen(None, None, (Fout(None, "ongeldige_json", "Een record moet een JSON-object zijn ({…})."),))
    kenmerk = rapportkenmerk(waarde.get("kenmerk"))
    try:
        record = msgspec.convert(waarde, AnyRecord)
    except msgspec.ValidationError:
        return Gelezen(None, kenmerk, tuple(structuurfouten(waarde)))
    if _binnen_grenzen(record):
        return Gelezen(record, record.kenmerk)
    return Gelezen(None, kenmerk, tuple(grensfouten(record)))


_ONLEESBAAR = Gelezen(None, None, (Fout(None, "ongeldige_json", "Deze regel is geen geldig JSON-object."),))
_TE_DIEP = Gelezen(
    None,
    None,
    (Fout(None, "ongeldige_json", "Deze regel is te diep genest om te lezen; een record is een plat object."),),
)
_TE_LANG = Gelezen(
    None,
    None,
    (
        Fout(
            None,
            "ongeldige_json",
            f"Deze regel is langer dan {MAX_REGEL // 1024} KiB; een record is hooguit enkele honderden tekens.",
        ),
    ),
)


# --- bounds that the types cannot state (dates, control characters) ----------------------

# Cc: C0, DEL and C1. Nothing in a name, kenmerk or reden needs them, and a NUL cannot be stored.
_STUURTEKEN = re.compile("[\x00-\x1f\x7f-\x9f]")


def _heeft_stuurteken(tekst: str) -> bool:
    return _STUURTEKEN.search(tekst) is not None


def rapportkenmerk(kenmerk: Any) -> str | None:
    """The kenmerk to show in the error report: only one that could be a kenmerk at all."""
    if isinstance(kenmerk, str) and 1 <= len(kenmerk) <= 100 and not _heeft_stuurteken(kenmerk):
        return kenmerk
    return None


def toon(waarde: Any, lengte: int = 40) -> str:
    """A value as it may appear in a melding or a field name: short and without control characters."""
    tekst = _STUURTEKEN.sub("\ufffd", waarde if isinstance(waarde, str) else str(waarde)[: lengte + 1])
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1] + "…"


def _datumfout(naam: str, waarde: dt.date) -> Fout:
    return Fout(
        naam,
        "ongeldige_datum",
        f"{_label(naam)} {waarde.isoformat()} ligt buiten {EERSTE_DATUM} t/m {LAATSTE_DATUM}; controleer het jaartal.",
    )


def _tekstfout(naam: str) -> Fout:
    return Fout(
        naam,
        "ongeldige_waarde",
        f"Het veld '{naam}' bevat een stuurteken (zoals NUL, tab of regelovergang); dat kan niet in deze tekst.",
    )


def _binnen_grenzen(record: Record) -> bool:
    """The hot path (every record of a delivery): all dates in the window, no string with a control
    character. `str.isprintable` (C) clears almost every string; only a string it doubts (a control
    character, but also a no-break space) is searched for control characters proper."""
    datums, teksten = _LEZERS[type(record)]
    for waarde in datums(record):
        if waarde is not None and not EERSTE_DATUM <= waarde <= LAATSTE_DATUM:
            return False
    for waarde in teksten(record):
        if waarde is not None and not waarde.isprintable() and _heeft_stuurteken(waarde):
            return False
    return True


def grensfouten(record: Record) -> list[Fout]:
    """Dates outside the window and strings with control characters, one error per field."""
    fouten: list[Fout] = []
    datums, teksten = _GRENSVELDEN[type(record)]
    for naam in datums:
        waarde = getattr(record, naam)
        if waarde is not None and not EERSTE_DATUM <= waarde <= LAATSTE_DATUM:
            if isinstance(record, Kennisgeving) and naam == "datum_kennisgeving" and waarde == record.datum_plicht:
                continue  # its default is datum_plicht, which is reported already
            fouten.append(_datumfout(naam, waarde))
    for naam in teksten:
        waarde = getattr(record, naam)
        if waarde is not None and _heeft_stuurteken(waarde):
            fouten.append(_tekstfout(naam))
    return fouten


# --- the slow path: every structural error, with its code -----------------------------


def _opties(tp: Any) -> tuple[str, ...] | None:
    """The allowed values of a Literal field (possibly Optional / list)."""
    if get_origin(tp) is Literal:
        return tuple(get_args(tp))
    for arg in get_args(tp):
        found = _opties(arg)
        if found:
            return found
    return None


def _is_type(tp: Any, target: type) -> bool:
    if tp is target:
        return True
    return any(_is_type(arg, target) for arg in get_args(tp))


def _veldfout(naam: str, waarde: Any, tp: Any) -> Fout:
    if naam == "bsn":
        return Fout("bsn", "ongeldig_bsn", BSN_MELDING)
    if naam in BEDRAG_VELDEN:
        return Fout(
            naam, "ongeldige_waarde", f"Het veld '{naam}' moet een bedrag in euro zijn, bijv. 9500 of \"9500.00\"."
        )
    if _is_type(tp, dt.date):
        if isinstance(waarde, str):
            return Fout(
                naam,
                "ongeldige_datum",
                f"{_label(naam)} '{toon(waarde)}' is geen bestaande datum; gebruik JJJJ-MM-DD.",
            )
        return Fout(naam, "ongeldige_waarde", f"Het veld '{naam}' moet een datum zijn als tekst JJJJ-MM-DD.")
    opties = _opties(tp)
    if opties:
        if get_origin(tp) is list or (isinstance(waarde, list)):
            return Fout(
                naam, "ongeldige_waarde", f"Het veld '{naam}' moet een lijst zijn met waarden uit {', '.join(opties)}."
            )
        return Fout(
            naam, "ongeldige_waarde", f"{_label(naam)} '{toon(waarde)}' bestaat niet; kies uit {', '.join(opties)}."
        )
    if naam == "gemeente":
        return Fout(
            naam, "ongeldige_waarde", 'Een gemeente is een CBS-code als tekst van precies 4 cijfers, bijv. "0344".'
        )
    if naam == "nationaliteit":
        return Fout(
            naam, "ongeldige_waarde", 'Nationaliteit is een ISO 3166-1 alpha-3-code in hoofdletters, bijv. "SYR".'
        )
    if _is_type(tp, bool):
        return Fout(naam, "ongeldige_waarde", f"Het veld '{naam}' moet true of false zijn.")
    if _is_type(tp, int):
        hoogstens = _INT_MAXIMUM.get(naam)
        bereik = f"van 1 tot en met {hoogstens}" if hoogstens else "groter dan 0"
        return Fout(naam, "ongeldige_waarde", f"Het veld '{naam}' moet een geheel getal {bereik} zijn.")
    if naam in {"kenmerk", "kenmerk_ingetrokken"}:
        return Fout(
            naam, "ongeldige_waarde", f"Het veld '{naam}' moet een niet-lege tekst van hoogstens 100 tekens zijn."
        )
    if naam == "reden":
        return Fout(
            naam, "ongeldige_waarde", "Het veld 'reden' moet een niet-lege tekst van hoogstens 200 tekens zijn."
        )
    lengte = _max_lengte(tp)
    if isinstance(waarde, str) and lengte is not None and len(waarde) > lengte:
        return Fout(
            naam, "ongeldige_waarde", f"Het veld '{naam}' is te lang: hoogstens {lengte} tekens (nu {len(waarde)})."
        )
    return Fout(naam, "ongeldige_waarde", f"Het veld '{naam}' heeft een ongeldige waarde of een verkeerd type.")


_INT_MAXIMUM = {"uren": MAX_UREN, **MAX_VERLENGING}


def _max_lengte(tp: Any) -> int | None:
    """The max_length a msgspec.Meta in `tp` (Annotated, possibly Optional) sets."""
    for arg in get_args(tp):
        if isinstance(arg, msgspec.Meta) and arg.max_length is not None:
            return arg.max_length
        gevonden = _max_lengte(arg)
        if gevonden is not None:
            return gevonden
    return None


def _label(naam: str) -> str:
    return naam.replace("_", " ").capitalize()


BSN_MELDING = "Een BSN is een tekst van precies 9 cijfers die de elfproef haalt (zonder punten of spaties)."


def structuurfouten(waarde: dict[str, Any]) -> list[Fout]:
    soort = waarde.get("soort")
    if soort is None:
        return [Fout("soort", "verplicht_veld", "Het veld 'soort' ontbreekt; elk record heeft een soort.")]
    cls = SOORTEN.get(soort) if isinstance(soort, str) else None
    if cls is None:
        return [
            Fout(
                "soort",
                "onbekende_soort",
                f"Soort '{toon(soort)}' bestaat niet; kies uit {', '.join(sorted(SOORTEN))}.",
            )
        ]
    fouten: list[Fout] = []
    velden = {f.name: f for f in msgspec.structs.fields(cls)}
    onbekend = [naam for naam in waarde if naam != "soort" and naam not in velden]
    for naam in onbekend[:_MAX_ONBEKEND]:
        fouten.append(Fout(toon(naam), "onbekend_veld", f"Het veld '{toon(naam)}' bestaat niet bij soort '{soort}'."))
    if len(onbekend) > _MAX_ONBEKEND:
        fouten.append(
            Fout(None, "onbekend_veld", f"En nog {len(onbekend) - _MAX_ONBEKEND} onbekende velden bij soort '{soort}'.")
        )
    for naam, veld in velden.items():
        if waarde.get(naam) is None:  # null is the same as missing
            if veld.required:
                fouten.append(
                    Fout(naam, "verplicht_veld", f"Het verplichte veld '{naam}' ontbreekt bij soort '{soort}'.")
                )
            continue
        try:
            omgezet = msgspec.convert(waarde[naam], veld.type)
        except msgspec.ValidationError:
            fouten.append(_veldfout(naam, waarde[naam], veld.type))
            continue
        if isinstance(omgezet, dt.date) and not EERSTE_DATUM <= omgezet <= LAATSTE_DATUM:
            fouten.append(_datumfout(naam, omgezet))
        elif isinstance(omgezet, str) and _heeft_stuurteken(omgezet):
            fouten.append(_tekstfout(naam))
    if not fouten:  # pragma: no cover - a defensive net: the union refused what the fields accept
        fouten.append(Fout(None, "ongeldige_waarde", "Dit record is ongeldig."))
    return fouten


_MAX_ONBEKEND = 10  # a record with thousands of unknown fields gets a short report, not thousands of lines


def _velden_van_type(cls: type[Record], target: type) -> tuple[str, ...]:
    return tuple(f.name for f in msgspec.structs.fields(cls) if _is_type(f.type, target))


# Per kind: its date fields and its free-text fields (checked by `grensfouten`).
_GRENSVELDEN: dict[type[Record], tuple[tuple[str, ...], tuple[str, ...]]] = {
    cls: (_velden_van_type(cls, dt.date), _velden_van_type(cls, str)) for cls in SOORTEN.values()
}


def _lezer(namen: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of these fields as a tuple, read in C."""
    if not namen:
        return lambda record: ()
    lees = operator.attrgetter(*namen)
    if len(namen) == 1:
        return lambda record: (lees(record),)
    return lees


_LEZERS = {cls: (_lezer(datums), _lezer(teksten)) for cls, (datums, teksten) in _GRENSVELDEN.items()}
