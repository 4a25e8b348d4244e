"""Seed the bron DUO and the CBS municipality list (cases/data/gemeenten.csv)."""

import csv
import datetime
from pathlib import Path

from django.db import migrations

GEMEENTEN_CSV = Path(__file__).resolve().parent.parent / "data" / "gemeenten.csv"


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Bron = apps.get_model("cases", "Bron")
    Gemeente = apps.get_model("cases", "Gemeente")
    Bron.objects.get_or_create(code="DUO", defaults={"naam": "Dienst Uitvoering Onderwijs"})
    with GEMEENTEN_CSV.open(encoding="utf-8", newline="") as fh:
        rows = [
            Gemeente(
                code=row["code"],
                naam=row["naam"],
                geldig_tot=datetime.date.fromisoformat(row["geldig_tot"]) if row["geldig_tot"] else None,
            )
            for row in csv.DictReader(fh)
        ]
    Gemeente.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_append_only")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
