from django.db import migrations

from inburgering.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("core", "0001_append_only_function"), ("examens", "0001_initial")]
    operations = [append_only("examens_examen")]
