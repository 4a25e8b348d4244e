# The public id of bulk-written inburgeraars comes from the database (gen_random_uuid()).

import uuid

import django.contrib.postgres.functions
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_verwijzing_per_statement"),
    ]

    operations = [
        migrations.AlterField(
            model_name="inburgeraar",
            name="uuid",
            field=models.UUIDField(
                db_default=django.contrib.postgres.functions.RandomUUID(),
                default=uuid.uuid4,
                editable=False,
                unique=True,
                verbose_name="publiek id",
            ),
        ),
    ]
