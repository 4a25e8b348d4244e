"""The rules that are decided in SQL, in one place (the domain decides everything else).

Only one rule is needed in the database's own language: besluiten B-12, "a fact counts unless an
intrekking points at it" — the import's state, the inburgeraar refresh and the guard against two
valid kennisgevingen read it inside larger statements. B-13 (the gemeente on a day) is not here: it
is stored as periods computed by the domain (`Dossier.gemeente_perioden`, docs/adr/0004).
"""

from __future__ import annotations

# besluiten B-12 for a register row aliased `f`: joins `x`, whose `x.ja` is 1 when the fact is
# retracted and NULL when it counts. A LATERAL subquery with LIMIT is one index lookup per fact
# (cases_intrekking.ingetrokken_id is unique), never a scan planned on stale statistics.
INTREKKING_VAN_F = (
    "LEFT JOIN LATERAL (SELECT 1 AS ja FROM cases_intrekking x WHERE x.ingetrokken_id = f.id LIMIT 1) x ON true"
)
TELT = "x.ja IS NULL"
INGETROKKEN = "x.ja IS NOT NULL"

# The same rule for a set of facts at once: which of these fact ids (one bigint[] parameter) are retracted.
INGETROKKEN_UIT = "SELECT x.ingetrokken_id FROM cases_intrekking x WHERE x.ingetrokken_id = ANY(%s::bigint[])"
