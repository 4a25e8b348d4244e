from django.db import migrations

from inburgering.core.append_only import append_only

FACT_TABLES = [
    "leerroutes_leerbaarheidstoets",
    "leerroutes_pip",
    "leerroutes_aanbod",
    "leerroutes_coaverblijf",
    "leerroutes_lesuren",
    "leerroutes_module",
    "leerroutes_diploma",
]


class Migration(migrations.Migration):
    dependencies = [("core", "0001_append_only_function"), ("leerroutes", "0001_initial")]
    operations = [append_only(table) for table in FACT_TABLES]
