from django.db import migrations

from inburgering.core.append_only import append_only

FACT_TABLES = [
    "cases_feit",
    "cases_kennisgeving",
    "cases_verhuizing",
    "cases_voldaan",
    "cases_vrijstelling",
    "cases_ontheffing",
    "cases_verlenging",
    "cases_vervallen",
    "cases_lening",
    "cases_boete",
    "cases_intrekking",
]


class Migration(migrations.Migration):
    dependencies = [("core", "0001_append_only_function"), ("cases", "0001_initial")]
    operations = [append_only(table) for table in FACT_TABLES]
