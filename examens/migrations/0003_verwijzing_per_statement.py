# Reference checks per statement instead of per row (inburgering/core/verwijzing.py).

import django.db.models.deletion
from django.db import migrations, models

from inburgering.core.verwijzing import verwijzing


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_verwijzing_functies"),
        ("cases", "0012_verwijzing_per_statement"),
        ("examens", "0002_append_only"),
    ]

    operations = [
        migrations.AlterField(
            model_name="examen",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="examen",
                serialize=False,
                to="cases.feit",
            ),
        ),
        verwijzing("examens_examen", "feit_id", "cases_feit"),
    ]
