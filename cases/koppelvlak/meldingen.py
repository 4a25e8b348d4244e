"""The error report's lines (koppelvlak §2–§3): every structural error of a record with its fixed code and
a Dutch melding (the slow path), and values shown short and without control characters."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

import msgspec

from cases.koppelvlak.typen import (
    BEDRAG_VELDEN,
    EERSTE_DATUM,
    LAATSTE_DATUM,
    MAX_UREN,
    MAX_VERLENGING,
    SOORTEN,
)


@dataclass(frozen=True, slots=True)
class Fout:
    """One line of the error report (koppelvlak §2)."""

    veld: str | None
    code: str
    melding: str


# Cc: C0, DEL and C1. Nothing in a name, kenmerk or reden needs them, and a NUL cannot be stored.
_STUURTEKEN = re.compile("[\x00-\x1f\x7f-\x9f]")


def heeft_stuurteken(tekst: str) -> bool:
    return _STUURTEKEN.search(tekst) is not None


def toon(waarde: Any, lengte: int = 40) -> str:
    """A value as it may appear in a melding or a field name: short and without control characters."""
    tekst = _STUURTEKEN.sub("\ufffd", waarde if isinstance(waarde, str) else str(waarde)[: lengte + 1])
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1] + "…"


def datumfout(naam: str, waarde: dt.date) -> Fout:
    return Fout(
        naam,
        "ongeldige_datum",
        f"{_label(naam)} {waarde.isoformat()} ligt buiten {EERSTE_DATUM} t/m {LAATSTE_DATUM}; controleer het jaartal.",
    )


def tekstfout(naam: str) -> Fout:
    return Fout(
        naam,
        "ongeldige_waarde",
        f"Het veld '{naam}' bevat een stuurteken (zoals NUL, tab of regelovergang); dat kan niet in deze tekst.",
    )


def _opties(tp: Any) -> tuple[str, ...] | None:
    """The allowed values of a Literal field (possibly Optional / list)."""
    if get_origin(tp) is Literal:
        return tuple(get_args(tp))
    for arg in get_args(tp):
        found = _opties(arg)
        if found:
            return found
    return None


def is_type(tp: Any, target: type) -> bool:
    if tp is target:
        return True
    return any(is_type(arg, target) for arg in get_args(tp))


def _veldfout(naam: str, waarde: Any, tp: Any) -> Fout:
    if naam == "bsn":
        return Fout("bsn", "ongeldig_bsn", BSN_MELDING)
    if naam in BEDRAG_VELDEN:
        return Fout(
            naam, "ongeldige_waarde", f"Het veld '{naam}' moet een bedrag in euro zijn, bijv. 9500 of \"9500.00\"."
        )
    if is_type(tp, dt.date):
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
    if is_type(tp, bool):
        return Fout(naam, "ongeldige_waarde", f"Het veld '{naam}' moet true of false zijn.")
    if is_type(tp, int):
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
            fouten.append(datumfout(naam, omgezet))
        elif isinstance(omgezet, str) and heeft_stuurteken(omgezet):
            fouten.append(tekstfout(naam))
    if not fouten:  # pragma: no cover - a defensive net: the union refused what the fields accept
        fouten.append(Fout(None, "ongeldige_waarde", "Dit record is ongeldig."))
    return fouten


_MAX_ONBEKEND = 10  # a record with thousands of unknown fields gets a short report, not thousands of lines
