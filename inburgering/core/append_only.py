"""Database guard that makes fact tables append-only.

The application never updates or deletes a fact (besluiten B-11/B-12: corrections
retract and add). We do not rely on discipline for that: a trigger on every fact table
refuses UPDATE and DELETE, whoever sends them (ORM, admin, psql). TRUNCATE is left to
the operator (and to the test runner, which empties tables between tests).
"""

from __future__ import annotations

from django.db import migrations

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION inburgering_feit_onveranderlijk() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Feiten worden nooit gewijzigd of verwijderd (% op %); '
        'trek het feit in en lever zo nodig een nieuw feit aan.', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
"""

DROP_FUNCTION_SQL = "DROP FUNCTION IF EXISTS inburgering_feit_onveranderlijk();"

# The same guard for histories that are not facts: the logboek of processings, assignments.
HISTORIE_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION inburgering_historie_onveranderlijk() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Deze historie wordt nooit gewijzigd of verwijderd (% op %).', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
"""

DROP_HISTORIE_FUNCTION_SQL = "DROP FUNCTION IF EXISTS inburgering_historie_onveranderlijk();"


def append_only(table: str, functie: str = "inburgering_feit_onveranderlijk") -> migrations.RunSQL:
    """A migration operation that installs the guard on `table`."""
    trigger = f"{table}_alleen_toevoegen"
    return migrations.RunSQL(
        sql=(
            f'CREATE TRIGGER "{trigger}" BEFORE UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {functie}();"
        ),
        reverse_sql=f'DROP TRIGGER IF EXISTS "{trigger}" ON "{table}";',
    )
