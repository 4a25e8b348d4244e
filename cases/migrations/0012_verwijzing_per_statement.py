# Reference checks per statement instead of per row (inburgering/core/verwijzing.py).

import django.db.models.deletion
from django.db import migrations, models

from inburgering.core.verwijzing import verwijzing


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_verwijzing_functies"),
        ("cases", "0011_batch_opslag"),
    ]

    operations = [
        migrations.AlterField(
            model_name="boete",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="boete",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="feit",
            name="inburgeraar",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="feiten",
                to="cases.inburgeraar",
            ),
        ),
        migrations.AlterField(
            model_name="intrekking",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="intrekking",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="kennisgeving",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="kennisgeving",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="lening",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="lening",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="ontheffing",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="ontheffing",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="verhuizing",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="verhuizing",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="verlenging",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="verlenging",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="vervallen",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="vervallen",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="voldaan",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="voldaan",
                serialize=False,
                to="cases.feit",
            ),
        ),
        migrations.AlterField(
            model_name="vrijstelling",
            name="feit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                primary_key=True,
                related_name="vrijstelling",
                serialize=False,
                to="cases.feit",
            ),
        ),
        verwijzing("cases_boete", "feit_id", "cases_feit"),
        verwijzing("cases_intrekking", "feit_id", "cases_feit"),
        verwijzing("cases_kennisgeving", "feit_id", "cases_feit"),
        verwijzing("cases_lening", "feit_id", "cases_feit"),
        verwijzing("cases_ontheffing", "feit_id", "cases_feit"),
        verwijzing("cases_verhuizing", "feit_id", "cases_feit"),
        verwijzing("cases_verlenging", "feit_id", "cases_feit"),
        verwijzing("cases_vervallen", "feit_id", "cases_feit"),
        verwijzing("cases_voldaan", "feit_id", "cases_feit"),
        verwijzing("cases_vrijstelling", "feit_id", "cases_feit"),
        verwijzing("cases_feit", "inburgeraar_id", "cases_inburgeraar"),
        migrations.RunSQL(
            sql=(
                'CREATE TRIGGER "cases_inburgeraar_met_feiten_blijft" BEFORE DELETE OR UPDATE OF id '
                'ON "cases_inburgeraar" FOR EACH ROW EXECUTE FUNCTION inburgering_inburgeraar_met_feiten_blijft();'
            ),
            reverse_sql='DROP TRIGGER IF EXISTS "cases_inburgeraar_met_feiten_blijft" ON "cases_inburgeraar";',
        ),
    ]
