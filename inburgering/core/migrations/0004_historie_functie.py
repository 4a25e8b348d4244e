from django.db import migrations

from inburgering.core.append_only import DROP_HISTORIE_FUNCTION_SQL, HISTORIE_FUNCTION_SQL


class Migration(migrations.Migration):
    dependencies = [("core", "0003_verwijzing_functies")]
    operations = [migrations.RunSQL(HISTORIE_FUNCTION_SQL, DROP_HISTORIE_FUNCTION_SQL)]
