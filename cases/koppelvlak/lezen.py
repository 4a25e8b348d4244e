"""Reading one record: the typed decoder compiled once (the fast path), the bounds the types cannot
state (dates, control characters), the slow path's errors, and the canonical content (besluiten B-11)."""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec

from cases.koppelvlak.meldingen import (
    Fout,
    datumfout,
    heeft_stuurteken,
    is_type,
    structuurfouten,
    tekstfout,
    toon,
)
from cases.koppelvlak.typen import (
    EERSTE_DATUM,
    LAATSTE_DATUM,
    MAX_REGEL,
    PEILDATUM_MELDING,
    SOORTEN,
    AnyRecord,
    Kennisgeving,
    Record,
)

_decoder = msgspec.json.Decoder(AnyRecord)
_generic = msgspec.json.Decoder()
_encoder = msgspec.json.Encoder(decimal_format="string")


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


def rapportkenmerk(kenmerk: Any) -> str | None:
    """The kenmerk to show in the error report: only one that could be a kenmerk at all."""
    if isinstance(kenmerk, str) and 1 <= len(kenmerk) <= 100 and not heeft_stuurteken(kenmerk):
        return kenmerk
    return None


def _binnen_grenzen(record: Record) -> bool:
    """The hot path (every record of a delivery): all dates in the window, no string with a control
    character. `str.isprintable` (C) clears almost every string; only a string it doubts (a control
    character, but also a no-break space) is searched for control characters proper."""
    datums, teksten = _LEZERS[type(record)]
    for waarde in datums(record):
        if waarde is not None and not EERSTE_DATUM <= waarde <= LAATSTE_DATUM:
            return False
    for waarde in teksten(record):
        if waarde is not None and not waarde.isprintable() and heeft_stuurteken(waarde):
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
            fouten.append(datumfout(naam, waarde))
    for naam in teksten:
        waarde = getattr(record, naam)
        if waarde is not None and heeft_stuurteken(waarde):
            fouten.append(tekstfout(naam))
    return fouten


def _velden_van_type(cls: type[Record], target: type) -> tuple[str, ...]:
    return tuple(f.name for f in msgspec.structs.fields(cls) if is_type(f.type, target))


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


_DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def lees_peildatum(waarde: str) -> dt.date | str:
    """A peildatum as given in a URL (`JJJJ-MM-DD`, within the window of every koppelvlak date), or the
    Dutch message why it is not one. One reader for the API and the back office."""
    if not _DATUM.fullmatch(waarde):  # fromisoformat also takes 20240501 and week dates
        return f"Peildatum '{toon(waarde)}' is geen datum; gebruik JJJJ-MM-DD."
    try:
        datum = dt.date.fromisoformat(waarde)
    except ValueError:
        return f"Peildatum '{toon(waarde)}' is geen datum; gebruik JJJJ-MM-DD."
    return datum if EERSTE_DATUM <= datum <= LAATSTE_DATUM else PEILDATUM_MELDING
