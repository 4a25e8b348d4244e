# A delivery stored by the API keeps the SHA-256 of its bytes (koppelvlak §1: a resend is recognised at once).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_inburgeraar_uuid_uit_database"),
    ]

    operations = [
        migrations.AddField(
            model_name="batch",
            name="ruwe_hash",
            field=models.CharField(blank=True, help_text="SHA-256 van de opgeslagen bytes (API).", max_length=64),
        ),
    ]
