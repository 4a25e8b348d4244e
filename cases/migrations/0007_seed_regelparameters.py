"""Seed the versioned rule parameters (besluiten B-14) with the values of 2026-11.

Later policy changes add rows with a new `geldig_vanaf` in a new migration (or by the
functioneel beheerder); this migration is not edited.
"""

from decimal import Decimal

from django.db import migrations

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


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_projecties")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
