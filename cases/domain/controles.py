"""Content checks of one record against what is already known (koppelvlak §3, besluiten
B-1, B-3, B-7, B-12). Pure: the caller passes the person's state and the limits.

Only records that are structurally sound reach these checks (koppelvlak §3).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from cases import koppelvlak as kv
from cases.domain.limieten import STANDAARD, Limieten
from cases.koppelvlak import Fout


@dataclass(slots=True)
class Persoon:
    """What the batch knows of a BSN at the point a record is checked."""

    stelsel: str
    doelgroep: str
    datum_plicht: dt.date
    geldige_kennisgeving: bool
    # Non-retracted verlengingen whose maximum is counted per person: feit key -> (grond, days).
    verlengingen: dict[str, tuple[str, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Doel:
    """The fact an intrekking points at."""

    soort: str
    ingetrokken: bool


@functools.lru_cache(maxsize=1 << 16)
def bsn_geldig(bsn: str) -> bool:
    """9 digits and the elfproef (weights 9..2 and -1). Cached: a delivery repeats its BSNs."""
    if len(bsn) != 9 or not bsn.isdigit() or not bsn.isascii():
        return False
    som = sum(int(c) * w for c, w in zip(bsn[:8], range(9, 1, -1), strict=True)) - int(bsn[8])
    return som % 11 == 0 and bsn != "000000000"


BSN_FOUT = Fout("bsn", "ongeldig_bsn", kv.BSN_MELDING)

# koppelvlak §3: kinds that may not lie before datum_plicht; what is compared is their ingangsdatum
# (besluiten B-6, one definition: koppelvlak.INGANGSDATUM_VELD).
VOOR_DATUM_PLICHT_SOORTEN = (
    "examen",
    "leerbaarheidstoets",
    "pip",
    "aanbod",
    "module",
    "verlenging",
    "boete",
    "ontheffing",
    "vrijstelling",
    "voldaan",
    "vervallen",
    "verhuizing",
)
VOOR_DATUM_PLICHT_VELD: dict[str, str] = {
    soort: kv.INGANGSDATUM_VELD.get(soort, "datum") for soort in VOOR_DATUM_PLICHT_SOORTEN
}

ALLEEN_WI2021_SOORTEN = frozenset({"pip", "leerbaarheidstoets", "aanbod", "coa_verblijf"})


def _bedrag_fouten(naam: str, bedrag: Decimal, *, nul_mag: bool) -> list[Fout]:
    if not bedrag.is_finite():
        return [
            Fout(naam, "ongeldig_bedrag", f"Het veld '{naam}' moet een bedrag in euro zijn, bijv. 500 of \"500.00\".")
        ]
    cijfers, exponent = bedrag.as_tuple().digits, int(bedrag.as_tuple().exponent)
    # More than 2 decimals that are not zero, read from the digits: quantize would fail on an amount
    # with more digits than a Decimal holds (a record, not the batch, must get the error).
    if exponent < -2 and any(cijfers[exponent + 2 :]):
        return [
            Fout(
                naam, "ongeldig_bedrag", f"Bedrag {kv.toon(bedrag)} heeft meer dan 2 decimalen; rond af op hele centen."
            )
        ]
    if bedrag < 0:
        return [Fout(naam, "ongeldig_bedrag", f"Bedrag {kv.toon(bedrag)} is negatief; een bedrag is 0 of meer.")]
    if bedrag == 0 and not nul_mag:
        return [Fout(naam, "ongeldig_bedrag", "Het bedrag moet groter dan 0 zijn.")]
    return []


def _euro(bedrag: Decimal) -> str:
    if bedrag.adjusted() >= 12:  # far above every maximum: as the sender wrote it, not a million digits
        return f"€ {kv.toon(bedrag)}"
    return f"€ {bedrag:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def controleer_zonder_context(record: kv.AnyRecord, vandaag: dt.date, lim: Limieten = STANDAARD) -> list[Fout]:
    """Checks that need nothing but the record itself."""
    fouten: list[Fout] = []
    if isinstance(record, kv.PersoonRecord) and not bsn_geldig(record.bsn):
        fouten.append(BSN_FOUT)
    if isinstance(record, kv.Kennisgeving):
        if record.geboortedatum >= record.datum_plicht:
            fouten.append(
                Fout(
                    "geboortedatum",
                    "ongeldige_datum",
                    f"Geboortedatum {record.geboortedatum} ligt niet vóór datum plicht {record.datum_plicht}; "
                    "controleer beide datums.",
                )
            )
        if record.datum_plicht < lim.EERSTE_DATUM_PLICHT:
            fouten.append(
                Fout(
                    "datum_plicht",
                    "stelsel_past_niet",
                    f"Datum plicht {record.datum_plicht} ligt vóór {lim.EERSTE_DATUM_PLICHT}: dat is de Wi2007, "
                    "die buiten dit systeem valt.",
                )
            )
        elif record.stelsel == "wi2021" and record.datum_plicht < lim.EERSTE_DATUM_PLICHT_WI2021:
            fouten.append(
                Fout(
                    "datum_plicht",
                    "stelsel_past_niet",
                    f"Stelsel wi2021 geldt pas vanaf {lim.EERSTE_DATUM_PLICHT_WI2021}; datum plicht "
                    f"{record.datum_plicht} hoort bij wi2013.",
                )
            )
    elif isinstance(record, kv.Lening):
        fouten += _bedrag_fouten("bedrag_geleend", record.bedrag_geleend, nul_mag=True)
        if not fouten and record.bedrag_geleend > lim.LENING_MAXIMUM:
            fouten.append(
                Fout(
                    "bedrag_geleend",
                    "boven_maximum",
                    f"Geleend bedrag {_euro(record.bedrag_geleend)} is meer dan het maximum van "
                    f"{_euro(lim.LENING_MAXIMUM)}.",
                )
            )
    elif isinstance(record, kv.Boete):
        fouten += _bedrag_fouten("bedrag", record.bedrag, nul_mag=False)
    elif isinstance(record, kv.Verlenging):
        fouten += _verlenging_vorm(record)
    elif isinstance(record, kv.CoaVerblijf) and record.datum_tot is not None and record.datum_tot < record.datum_van:
        fouten.append(Fout("datum_tot", "ongeldige_waarde", "De datum_tot ligt vóór datum_van."))
    return fouten


def _verlenging_vorm(record: kv.Verlenging) -> list[Fout]:
    gezet = [naam for naam in ("maanden", "weken", "dagen", "tot") if getattr(record, naam) is not None]
    if not gezet:
        return [
            Fout(
                "maanden",
                "verplicht_veld",
                "Een verlenging heeft precies één van 'maanden', 'weken', 'dagen' of 'tot'; er is er geen gegeven.",
            )
        ]
    if len(gezet) > 1:
        return [
            Fout(
                gezet[1],
                "ongeldige_waarde",
                f"Een verlenging heeft precies één van 'maanden', 'weken', 'dagen' of 'tot'; gegeven: "
                f"{', '.join(gezet)}.",
            )
        ]
    return []


def verlenging_dagen(record: kv.Verlenging, lim: Limieten = STANDAARD) -> int | None:
    """The duration in days for the maximum test (besluiten B-3: generously converted)."""
    if record.maanden is not None:
        return record.maanden * lim.DAGEN_PER_MAAND
    if record.weken is not None:
        return record.weken * lim.DAGEN_PER_WEEK
    if record.dagen is not None:
        return record.dagen
    return None


def _duurveld(record: kv.Verlenging) -> str:
    for naam in ("maanden", "weken", "dagen", "tot"):
        if getattr(record, naam) is not None:
            return naam
    return "maanden"  # pragma: no cover - the form check came first


def controleer_verlenging(record: kv.Verlenging, persoon: Persoon, lim: Limieten = STANDAARD) -> list[Fout]:
    """besluiten B-3: ground fits stelsel/doelgroep, corona window, `tot` only without maximum, maxima."""
    regel = lim.VERLENGING_GRONDEN[record.grond]
    if persoon.stelsel not in regel.stelsels or (regel.doelgroep and persoon.doelgroep != regel.doelgroep):
        voor = " en ".join(sorted(regel.stelsels)) + (f", doelgroep {regel.doelgroep}" if regel.doelgroep else "")
        return [
            Fout(
                "grond",
                "grond_past_niet",
                f"Grond '{record.grond}' geldt alleen voor {voor}; deze inburgeraar valt onder {persoon.stelsel}, "
                f"doelgroep {persoon.doelgroep}.",
            )
        ]
    if record.grond.startswith("corona_"):
        van, tot = lim.CORONA_VENSTER
        if not van <= record.besluitdatum <= tot:
            return [
                Fout(
                    "grond",
                    "grond_past_niet",
                    f"Grond '{record.grond}' kan alleen met een besluitdatum van {van} tot en met {tot}; "
                    f"deze is {record.besluitdatum}.",
                )
            ]
    if regel.maximum_dagen is None:
        return []
    if record.tot is not None:
        return [
            Fout(
                "grond",
                "grond_past_niet",
                f"Grond '{record.grond}' heeft een maximum ({regel.maximum_tekst}); geef een duur in maanden, "
                "weken of dagen in plaats van 'tot'.",
            )
        ]
    dagen = verlenging_dagen(record, lim) or 0
    veld = _duurveld(record)
    if regel.wijze == "eenmalig" and any(g == record.grond for g, _ in persoon.verlengingen.values()):
        return [
            Fout(
                veld,
                "boven_maximum",
                f"Verlenging op grond '{record.grond}' kan maar één keer per persoon; er is er al een.",
            )
        ]
    eerder = sum(d for g, d in persoon.verlengingen.values() if g == record.grond) if regel.wijze == "opgeteld" else 0
    if eerder + dagen > regel.maximum_dagen:
        extra = f" (samen met eerdere verlengingen {eerder + dagen} dagen)" if eerder else ""
        return [
            Fout(
                veld,
                "boven_maximum",
                f"Verlenging van {getattr(record, veld)} {veld} op grond '{record.grond}' is meer dan het maximum "
                f"van {regel.maximum_tekst}{extra}; gerekend met 1 maand = {lim.DAGEN_PER_MAAND} dagen "
                f"is dat hoogstens {regel.maximum_dagen} dagen.",
            )
        ]
    return []


def telt_voor_maximum(grond: str) -> bool:
    """Whether a ground's earlier decisions count against a later one (eenmalig / opgeteld)."""
    return STANDAARD.VERLENGING_GRONDEN[grond].wijze in {"eenmalig", "opgeteld"}


def controleer_boete(record: kv.Boete, persoon: Persoon, lim: Limieten = STANDAARD) -> list[Fout]:
    """besluiten B-7: the amount may not exceed the statutory maximum."""
    maximum = (
        lim.BOETE_MAXIMUM.get((record.soort_boete, persoon.stelsel)) or lim.BOETE_MAXIMUM[(record.soort_boete, None)]
    )
    if record.bedrag > maximum:
        return [
            Fout(
                "bedrag",
                "boven_maximum",
                f"Boete {_euro(record.bedrag)} ({record.soort_boete}, {persoon.stelsel}) is meer dan het wettelijk "
                f"maximum van {_euro(maximum)}.",
            )
        ]
    return []


def controleer_stelsel(record: kv.AnyRecord, stelsel: str) -> list[Fout]:
    """Kinds and values that belong to one stelsel only (koppelvlak §3)."""
    soort = kv.soort_van(record)
    if soort in ALLEEN_WI2021_SOORTEN and stelsel != "wi2021":
        return [Fout("soort", "stelsel_past_niet", f"Soort '{soort}' bestaat alleen in de Wi2021; dit is {stelsel}.")]
    if isinstance(record, kv.Module) and record.onderdeel in {"map", "z_eindgesprek"} and stelsel != "wi2021":
        return [Fout("onderdeel", "stelsel_past_niet", f"Module '{record.onderdeel}' bestaat alleen in de Wi2021.")]
    if isinstance(record, kv.Diploma) and record.soort_diploma == "taalschakeltraject" and stelsel != "wi2021":
        return [Fout("soort_diploma", "stelsel_past_niet", "Een taalschakeltraject bestaat alleen in de Wi2021.")]
    if isinstance(record, kv.Examen) and record.onderdeel == "ona" and stelsel != "wi2013":
        return [Fout("onderdeel", "stelsel_past_niet", "Examenonderdeel 'ona' bestaat alleen in de Wi2013.")]
    if isinstance(record, kv.Ontheffing) and record.grond == "geleverde_inspanning" and stelsel != "wi2013":
        return [
            Fout("grond", "stelsel_past_niet", "Ontheffing wegens geleverde inspanning bestaat alleen in de Wi2013.")
        ]
    return []


def controleer_met_persoon(record: kv.AnyRecord, persoon: Persoon, lim: Limieten = STANDAARD) -> list[Fout]:
    """Checks against the person's kennisgeving (and earlier facts)."""
    fouten = controleer_stelsel(record, persoon.stelsel)
    soort = kv.soort_van(record)
    veld = VOOR_DATUM_PLICHT_VELD.get(soort)
    if veld is not None:
        datum: dt.date = getattr(record, veld)
        if datum < persoon.datum_plicht:
            fouten.append(
                Fout(
                    veld,
                    "voor_datum_plicht",
                    f"{veld.replace('_', ' ').capitalize()} {datum} ligt vóór de datum plicht {persoon.datum_plicht} "
                    "van deze inburgeraar.",
                )
            )
    if isinstance(record, kv.Verlenging):
        fouten += controleer_verlenging(record, persoon, lim)
    elif isinstance(record, kv.Boete) and not _bedrag_fouten("bedrag", record.bedrag, nul_mag=False):
        fouten += controleer_boete(record, persoon, lim)
    return fouten


def controleer_intrekking(record: kv.Intrekking, doel: Doel | None) -> list[Fout]:
    """besluiten B-12: an intrekking points at an earlier, not yet retracted fact of the same bron."""
    if doel is None:
        return [
            Fout(
                "kenmerk_ingetrokken",
                "onbekend_kenmerk",
                f"Er is geen feit met kenmerk '{record.kenmerk_ingetrokken}' van deze bron om in te trekken.",
            )
        ]
    if doel.soort == "intrekking":
        return [Fout("kenmerk_ingetrokken", "ongeldige_waarde", "Een intrekking kan zelf niet worden ingetrokken.")]
    if doel.ingetrokken:
        return [
            Fout(
                "kenmerk_ingetrokken",
                "ongeldige_waarde",
                f"Het feit '{record.kenmerk_ingetrokken}' is al ingetrokken.",
            )
        ]
    return []


# --- rules the batch applies between records (besluiten B-11, koppelvlak §3) ------------------------


def herhaling(kenmerk: str, soort: str, inhoud_hash: str, eerder_soort: str, eerder_hash: str) -> list[Fout]:
    """besluiten B-11: a kenmerk this bron used before. The same kind with the same canonical content
    is the same fact again (no error: `ongewijzigd`); anything else reuses the kenmerk."""
    if inhoud_hash == eerder_hash and soort == eerder_soort:
        return []
    return [
        Fout(
            "kenmerk",
            "kenmerk_hergebruikt",
            f"Kenmerk '{kenmerk}' is al gebruikt voor een ander feit ({eerder_soort}) van deze bron; "
            "het eerdere feit blijft ongewijzigd. Gebruik een nieuw kenmerk of trek het eerdere feit in.",
        )
    ]


def controleer_gemeente(code: str, gemeenten: frozenset[str]) -> list[Fout]:
    """koppelvlak §3: a gemeente from the CBS list in force in the year of receipt."""
    if code in gemeenten:
        return []
    return [
        Fout(
            "gemeente",
            "onbekende_gemeente",
            f"Gemeente '{code}' staat niet in de CBS-gemeentelijst van dit jaar; gebruik de CBS-code van 4 cijfers.",
        )
    ]


def gemeenten_in_gebruik(lijst: Iterable[tuple[str, dt.date | None]], ontvangen: dt.date) -> frozenset[str]:
    """The codes of the CBS list (code, last day or None) in force in the year of receipt."""
    jaar_begin = dt.date(ontvangen.year, 1, 1)
    return frozenset(code for code, tot in lijst if tot is None or tot >= jaar_begin)


def controleer_nieuwe_kennisgeving(persoon: Persoon | None) -> list[Fout]:
    """koppelvlak §3: one valid kennisgeving per person; another one needs the first retracted."""
    if persoon is None or not persoon.geldige_kennisgeving:
        return []
    return [
        Fout(
            "bsn",
            "kennisgeving_bestaat",
            "Voor dit BSN is al een geldige kennisgeving; trek die eerst in als deze haar moet vervangen.",
        )
    ]


ONBEKENDE_BSN = Fout(
    "bsn",
    "onbekende_bsn",
    "Voor dit BSN is geen kennisgeving bekend (ook niet eerder in deze levering); lever eerst de kennisgeving aan.",
)
