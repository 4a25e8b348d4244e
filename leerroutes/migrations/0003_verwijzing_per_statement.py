# Reference checks per statement instead of per row (inburgering/core/verwijzing.py).

import django.db.models.deletion
from django.db import migrations, models

from inburgering.core.verwijzing import verwijzing


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_verwijzing_functies"),
        ("cases", "0012_verwijzing_per_statement"),
        ("leerroutes", "0002_append_only"),
    ]

    operations = [
        migrations.AlterField(
            model_name="aanbod",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="aanbod",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="coaverblijf",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="coa_verblijf",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="diploma",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="diploma",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="leerbaarheidstoets",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="leerbaarheidstoets",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="lesuren",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="lesuren",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="module",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="module",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="pip",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="pip",
                serialize=False,
                to="cases.feit",
            ),
        ),
        verwijzing("leerroutes_aanbod", "feit_id", "cases_feit"),
        verwijzing("leerroutes_coaverblijf", "feit_id", "cases_feit"),
        verwijzing("leerroutes_diploma", "feit_id", "cases_feit"),
        verwijzing("leerroutes_leerbaarheidstoets", "feit_id", "cases_feit"),
        verwijzing("leerroutes_lesuren", "feit_id", "cases_feit"),
        verwijzing("leerroutes_module", "feit_id", "cases_feit"),
        verwijzing("leerroutes_pip", "feit_id", "cases_feit"),
    ]
