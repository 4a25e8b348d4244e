"""Statistics of the reference tables loaded by 0003 and 0007/0010 (gemeenten, bron, regelparameters).

Whoever loads rows in bulk analyses them (inburgering/core/statistiek.py): without it a server with
autovacuum off plans every join with these tables on defaults until the first delivery."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_batch_ruwe_hash")]

    operations = [
        migrations.RunSQL("ANALYZE cases_gemeente, cases_bron, cases_regelparameter", migrations.RunSQL.noop),
    ]
