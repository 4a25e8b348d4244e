from django.db import migrations

from inburgering.core.verwijzing import DROP_FUNCTION_SQL, FUNCTION_SQL


class Migration(migrations.Migration):
    dependencies = [("core", "0002_api_toegang")]
    operations = [migrations.RunSQL(sql=FUNCTION_SQL, reverse_sql=DROP_FUNCTION_SQL)]
