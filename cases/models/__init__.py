"""The models of `cases`: the append-only fact register with the dossier's own detail tables, and what
is derived from them (register.py, feiten.py, projecties.py). Imported here so that Django finds them
and callers keep importing from `cases.models`."""

from cases.models.backoffice import HuidigeToewijzing, Medewerker, Toewijzing, Verwerking, Zoekopdracht
from cases.models.feiten import (
    Boete,
    Intrekking,
    Kennisgeving,
    Lening,
    Ontheffing,
    Verhuizing,
    Verlenging,
    Vervallen,
    Voldaan,
    Vrijstelling,
)
from cases.models.projecties import (
    GemeentePeriode,
    Herberekening,
    Projectie,
    Regelparameter,
    StatusPeriode,
)
from cases.models.register import (
    Batch,
    BatchFout,
    Bron,
    Feit,
    FeitDetail,
    Gemeente,
    Inburgeraar,
    broncode_validator,
    detail_models,
    feit_sleutel,
    gemeentecode_validator,
)

__all__ = [
    "Batch",
    "BatchFout",
    "Boete",
    "Bron",
    "Feit",
    "FeitDetail",
    "Gemeente",
    "GemeentePeriode",
    "Herberekening",
    "HuidigeToewijzing",
    "Inburgeraar",
    "Intrekking",
    "Kennisgeving",
    "Lening",
    "Medewerker",
    "Ontheffing",
    "Projectie",
    "Regelparameter",
    "StatusPeriode",
    "Toewijzing",
    "Verhuizing",
    "Verlenging",
    "Vervallen",
    "Verwerking",
    "Voldaan",
    "Vrijstelling",
    "Zoekopdracht",
    "broncode_validator",
    "detail_models",
    "feit_sleutel",
    "gemeentecode_validator",
]
