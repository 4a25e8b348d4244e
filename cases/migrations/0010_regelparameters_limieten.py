"""Add the limits the batch service checks to the rule parameters (besluiten B-14)."""

from django.db import migrations

from cases.migrations import _regelparameters


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_api_toegang")]
    operations = [migrations.RunPython(_regelparameters.seed, migrations.RunPython.noop)]
