"""Seeding of the rule parameters, shared by the migrations that add them (ignore_conflicts: a
version that exists is left as it is)."""

from decimal import Decimal

from cases.domain.parameters import STANDAARD


def _soort(waarde: object) -> str:
    if isinstance(waarde, bool):
        return "vlag"
    if isinstance(waarde, int):
        return "getal"
    if isinstance(waarde, Decimal):
        return "bedrag"
    return "tekst"


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Regelparameter = apps.get_model("cases", "Regelparameter")
    Regelparameter.objects.bulk_create(
        [
            Regelparameter(
                naam=p.naam,
                waarde=("ja" if p.waarde else "nee") if isinstance(p.waarde, bool) else str(p.waarde),
                soort=_soort(p.waarde),
                geldig_vanaf=p.geldig_vanaf,
                bron=p.bron,
            )
            for p in STANDAARD
        ],
        ignore_conflicts=True,
    )
