from django.db import migrations

from inburgering.core.append_only import DROP_FUNCTION_SQL, FUNCTION_SQL


class Migration(migrations.Migration):
    initial = True
    dependencies: list[tuple[str, str]] = []
    operations = [migrations.RunSQL(FUNCTION_SQL, DROP_FUNCTION_SQL)]
