"""Seed the versioned rule parameters (besluiten B-14) with the values of 2026-11.

Later policy changes add rows with a new `geldig_vanaf` in a new migration (or by the
functioneel beheerder); this migration is not edited.
"""

from django.db import migrations

from cases.migrations import _regelparameters


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_projecties")]
    operations = [migrations.RunPython(_regelparameters.seed, migrations.RunPython.noop)]
