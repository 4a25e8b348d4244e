"""The batch service: one delivery of koppelvlak v1 records from one bron becomes facts.

The path of a record (docs/architecture.md):
  bytes -> `koppelvlak.lees_record` (typed, or its structural errors)
        -> kenmerk check (B-11: ongewijzigd / kenmerk_hergebruikt)
        -> `domain.controles` (content checks against the person's kennisgeving and earlier facts)
        -> COPY into the register, the detail tables and the error report, per chunk
        -> projection of the inburgeraar (base data, current gemeente) refreshed set-based.

Deliveries of one bron are applied one at a time (a PostgreSQL advisory lock per bron,
held for the whole batch) in order of their records. Each chunk is one transaction that
also advances `Batch.verwerkt_tot`, so a crash loses at most the chunk in flight and a
rerun continues where the last commit left off; kenmerk idempotency makes a redo of that
chunk harmless.
"""

from cases.services.batch import (
    CHUNK,
    BatchKenmerkConflict,
    batch_aanleveren,
    batch_aanmaken,
    batch_mislukt,
    batch_opgeven,
    batch_verwerken,
    bron_slot,
    fouten_schrijven,
    herberekening_inplannen,
)
from cases.services.fouten import NIET_OPGESLAGEN, beschrijving, tijdelijk
from cases.services.levering import (
    LEEG,
    BatchOnleesbaar,
    Levering,
    TeGroot,
    batchkenmerk_fout,
    levering_hash,
    levering_inhoud_hash,
    levering_opslaan,
    leveringen_opruimen,
)
from cases.services.projectie import inburgeraar_projectie_bijwerken
from cases.services.verwerker import Verwerker

__all__ = [
    "CHUNK",
    "LEEG",
    "NIET_OPGESLAGEN",
    "BatchKenmerkConflict",
    "BatchOnleesbaar",
    "Levering",
    "TeGroot",
    "Verwerker",
    "batch_aanleveren",
    "batch_aanmaken",
    "batch_mislukt",
    "batch_opgeven",
    "batch_verwerken",
    "batchkenmerk_fout",
    "beschrijving",
    "bron_slot",
    "fouten_schrijven",
    "herberekening_inplannen",
    "inburgeraar_projectie_bijwerken",
    "levering_hash",
    "levering_inhoud_hash",
    "levering_opslaan",
    "leveringen_opruimen",
    "tijdelijk",
]
