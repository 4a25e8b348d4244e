# besluiten B-13 as one SQL function, used by the list filter and the inburgeraar refresh (cases/sql.py).

from django.db import migrations

from cases.sql import GEMEENTE_OP, GEMEENTE_OP_WEG


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_batch_ruwe_hash")]
    operations = [migrations.RunSQL(sql=GEMEENTE_OP, reverse_sql=GEMEENTE_OP_WEG)]
