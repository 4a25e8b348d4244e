"""SQL functions of the cases app, installed by migrations (the text is kept here so that the rule has
one home in SQL; its Python twin is the domain's `Dossier.gemeente_op`, and a test keeps them equal)."""

from __future__ import annotations

# besluiten B-13: the gemeente on a date — the latest verhuizing on or before it that was not retracted,
# else the gemeente of the kennisgeving (the valid one, else the latest). Per person index lookups only.
GEMEENTE_OP = """
CREATE OR REPLACE FUNCTION inburgering_gemeente_op(p_inburgeraar bigint, p_datum date) RETURNS varchar
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT COALESCE(
        (SELECT v.gemeente_id
           FROM (SELECT f.id FROM cases_feit f
                  WHERE f.inburgeraar_id = p_inburgeraar AND f.soort = 'verhuizing' OFFSET 0) f
           CROSS JOIN LATERAL (SELECT * FROM cases_verhuizing v WHERE v.feit_id = f.id LIMIT 1) v
          WHERE v.datum <= p_datum
            AND NOT EXISTS (SELECT 1 FROM cases_intrekking x WHERE x.ingetrokken_id = f.id)
          ORDER BY v.datum DESC, f.id DESC LIMIT 1),
        (SELECT k.gemeente_id
           FROM (SELECT f.id FROM cases_feit f
                  WHERE f.inburgeraar_id = p_inburgeraar AND f.soort = 'kennisgeving' OFFSET 0) f
           CROSS JOIN LATERAL (SELECT * FROM cases_kennisgeving k WHERE k.feit_id = f.id LIMIT 1) k
          ORDER BY EXISTS (SELECT 1 FROM cases_intrekking x WHERE x.ingetrokken_id = f.id), f.id DESC LIMIT 1)
    )
$$;
"""

GEMEENTE_OP_WEG = "DROP FUNCTION IF EXISTS inburgering_gemeente_op(bigint, date);"
