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

from cases.koppelvlak.lezen import (
    Gelezen,
    canonieke_inhoud,
    grensfouten,
    inhoud_hash,
    lees_object,
    lees_peildatum,
    lees_record,
    rapportkenmerk,
)
from cases.koppelvlak.meldingen import BSN_MELDING, Fout, structuurfouten, toon
from cases.koppelvlak.typen import (
    BEDRAG_VELDEN,
    EERSTE_DATUM,
    INGANGSDATUM_VELD,
    LAATSTE_DATUM,
    MAX_REGEL,
    MAX_UREN,
    MAX_VERLENGING,
    PEILDATUM_MELDING,
    SOORTEN,
    Aanbod,
    AnyRecord,
    Boete,
    CoaVerblijf,
    Diploma,
    Examen,
    Intrekking,
    Kenmerk,
    Kennisgeving,
    Leerbaarheidstoets,
    Lening,
    Lesuren,
    Module,
    Ontheffing,
    PersoonRecord,
    Pip,
    Record,
    Verhuizing,
    Verlenging,
    Vervallen,
    Voldaan,
    Vrijstelling,
    in_venster,
    ingangsdatum,
    soort_van,
)

__all__ = [
    "BEDRAG_VELDEN",
    "BSN_MELDING",
    "EERSTE_DATUM",
    "INGANGSDATUM_VELD",
    "LAATSTE_DATUM",
    "MAX_REGEL",
    "MAX_UREN",
    "MAX_VERLENGING",
    "PEILDATUM_MELDING",
    "SOORTEN",
    "Aanbod",
    "AnyRecord",
    "Boete",
    "CoaVerblijf",
    "Diploma",
    "Examen",
    "Fout",
    "Gelezen",
    "Intrekking",
    "Kenmerk",
    "Kennisgeving",
    "Leerbaarheidstoets",
    "Lening",
    "Lesuren",
    "Module",
    "Ontheffing",
    "PersoonRecord",
    "Pip",
    "Record",
    "Verhuizing",
    "Verlenging",
    "Vervallen",
    "Voldaan",
    "Vrijstelling",
    "canonieke_inhoud",
    "grensfouten",
    "in_venster",
    "ingangsdatum",
    "inhoud_hash",
    "lees_object",
    "lees_peildatum",
    "lees_record",
    "rapportkenmerk",
    "soort_van",
    "structuurfouten",
    "toon",
]
