"""Reference checks per statement for the bulk-written fact tables.

A foreign key checks every inserted row on its own (a lookup plus a row lock on the
referenced row); on the register and its detail tables that was a third of the import's
write time. Here the same guarantee is a statement-level trigger: after each INSERT or
COPY it looks up all new rows at once (the transition table against the primary key) and
refuses the statement when one refers to nothing. Referenced rows cannot disappear under
it: facts are never deleted (append_only), and an inburgeraar with facts cannot be
deleted either (`inburgeraar_met_feiten_blijft`). Like the append-only guard, this leaves
TRUNCATE to the operator: it is not checked (`TRUNCATE … CASCADE` no longer reaches the
detail tables through a foreign key; empty them together, as the test runner does).
"""

from __future__ import annotations

from django.db import migrations

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION inburgering_verwijzing_bestaat() RETURNS trigger
LANGUAGE plpgsql
-- A nested loop over the new rows with a primary-key lookup each; the planner has no
-- statistics for a transition table and would otherwise hash the whole referenced table.
SET enable_hashjoin = off SET enable_mergejoin = off
AS $$
DECLARE
    kolom text := TG_ARGV[0];
    doel text := TG_ARGV[1];
    ontbrekend bigint;
BEGIN
    EXECUTE format(
        'SELECT n.%1$I FROM nieuw n WHERE n.%1$I IS NOT NULL '
        'AND NOT EXISTS (SELECT 1 FROM %2$I d WHERE d.id = n.%1$I) LIMIT 1',
        kolom, doel
    ) INTO ontbrekend;
    IF ontbrekend IS NOT NULL THEN
        RAISE EXCEPTION '%.% = % verwijst naar een rij van % die niet bestaat', TG_TABLE_NAME, kolom, ontbrekend, doel
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION inburgering_inburgeraar_met_feiten_blijft() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM cases_feit f WHERE f.inburgeraar_id = OLD.id) THEN
        RAISE EXCEPTION 'Inburgeraar % heeft feiten en blijft bestaan.', OLD.id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
"""

DROP_FUNCTION_SQL = """
DROP FUNCTION IF EXISTS inburgering_verwijzing_bestaat();
DROP FUNCTION IF EXISTS inburgering_inburgeraar_met_feiten_blijft();
"""


def verwijzing(tabel: str, kolom: str, doel: str) -> migrations.RunSQL:
    """A migration operation: rows inserted into `tabel` must have `kolom` present as `doel.id`."""
    trigger = f"{tabel}_{kolom}_bestaat"
    return migrations.RunSQL(
        sql=(
            f'CREATE TRIGGER "{trigger}" AFTER INSERT ON "{tabel}" REFERENCING NEW TABLE AS nieuw '
            f"FOR EACH STATEMENT EXECUTE FUNCTION inburgering_verwijzing_bestaat('{kolom}', '{doel}');"
        ),
        reverse_sql=f'DROP TRIGGER IF EXISTS "{trigger}" ON "{tabel}";',
    )
