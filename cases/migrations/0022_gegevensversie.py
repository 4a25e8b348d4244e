"""The data version (cases/versie.py): a sequence that moves on every statement that
changes what lists, counters and reports read. Statement-level triggers catch every writer, also
one outside the application; the application's own writers move it once more after they commit
(a trigger runs before its transaction commits, so a reader in between could store old figures
under the new version)."""

from django.db import migrations

TABELLEN = (
    "cases_projectie",
    "cases_inburgeraar",
    "cases_huidigetoewijzing",
    "cases_gemeenteperiode",
    "cases_statusperiode",
)

VOORUIT = [
    "CREATE SEQUENCE cases_gegevensversie",
    """
    CREATE FUNCTION cases_gegevensversie_ophogen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM nextval('cases_gegevensversie');
        RETURN NULL;
    END $$
    """,
    *(
        f"CREATE TRIGGER {t}_gegevensversie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {t} "
        "FOR EACH STATEMENT EXECUTE FUNCTION cases_gegevensversie_ophogen()"
        for t in TABELLEN
    ),
]
TERUG = [
    *(f"DROP TRIGGER {t}_gegevensversie ON {t}" for t in TABELLEN),
    "DROP FUNCTION cases_gegevensversie_ophogen()",
    "DROP SEQUENCE cases_gegevensversie",
]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0021_projectie_werkvoorraad"),
    ]

    operations = [migrations.RunSQL(VOORUIT, TERUG)]
