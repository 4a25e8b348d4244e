"""Planner statistics kept fresh by whoever changes a table in bulk, and plans that do not need them.

PostgreSQL plans a query from the statistics ANALYZE collected. Autovacuum's autoanalyze is the
usual source, but it may be off (batch-loading set-ups, this project's CI server) and even when on
it comes a minute or more after a large load. A table that was never analysed has no column
statistics: `inburgeraar_id = ANY(10 ids)` is then estimated at 0.5 % of the table per id, and a
recompute chunk's read of 500 dossiers became a parallel scan of a whole detail table (395 ms
instead of 20 ms). So the code that adds many rows analyses what it touched, right away
(`analyseren`), and the hot statements are written so that no estimate can turn them into scans
(`per_sleutel`, and LATERAL lookups per key in the statements themselves).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

# Analyse a table again once the rows added since its last ANALYZE exceed MINIMUM + FRACTIE × its
# size then: autovacuum's own rule (autovacuum_analyze_scale_factor 0.1, threshold 50) with a higher
# floor, since a few hundred rows more never change a plan here and a small delivery should cost
# nothing but the one catalog query.
FRACTIE = 0.1
MINIMUM = 1_000


@dataclass(frozen=True)
class Stand:
    """What the catalog says about a table's statistics."""

    tabel: str
    rijen: float  # pg_class.reltuples at the last ANALYZE/VACUUM; -1: never
    gewijzigd: int  # pg_stat_user_tables.n_mod_since_analyze (lags the writers by up to a second)
    heeft_statistiek: bool  # column statistics exist (pg_stats)
    leeg: bool  # the table never held a row (no pages at all)


def verouderd(stand: Stand, toegevoegd: int = 0) -> bool:
    """Must this table be analysed now, `toegevoegd` rows having just been added to it?

    Without column statistics every table with rows is: the defaults it is planned with are the
    trap — unless its last count found no live row (reltuples 0: ANALYZE stores no column statistics
    then) and nothing changed since, or every call would analyse it again. Otherwise when the rows
    changed since the last ANALYZE — what the caller knows it added, or what the statistics
    collector counted, whichever is more — pass the threshold relative to the table's size then."""
    gewijzigd = max(toegevoegd, stand.gewijzigd)
    if stand.leeg and toegevoegd == 0:
        return False
    if not stand.heeft_statistiek:
        return stand.rijen != 0 or gewijzigd > 0
    return gewijzigd > MINIMUM + FRACTIE * max(stand.rijen, 0.0)


def standen(cursor: Any, tabellen: list[str]) -> list[Stand]:
    """The catalog's view of these tables, in one query."""
    cursor.execute(
        """
        SELECT c.relname, c.reltuples, COALESCE(s.n_mod_since_analyze, 0),
               EXISTS (SELECT 1 FROM pg_stats p WHERE p.schemaname = n.nspname AND p.tablename = c.relname),
               pg_relation_size(c.oid) = 0
        FROM unnest(%s::text[]) AS t(naam)
        JOIN pg_class c ON c.oid = to_regclass(t.naam)
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
        """,
        [tabellen],
    )
    return [Stand(*rij) for rij in cursor.fetchall()]


def analyseren(cursor: Any, toegevoegd: Mapping[str, int]) -> list[str]:
    """ANALYZE those of these tables whose statistics are missing or stale (see `verouderd`);
    `toegevoegd` maps each table to the rows the caller just added to it (0: unknown or none).
    Returns the tables analysed. Costs one catalog query when none is due; ANALYZE itself reads a
    fixed-size sample (300 × default_statistics_target rows), not the whole table.

    SKIP_LOCKED: a table that is being analysed or vacuumed right now (autovacuum, another batch)
    is skipped rather than waited for; that run brings its statistics up to date."""
    if not toegevoegd:
        return []
    due = sorted(s.tabel for s in standen(cursor, sorted(toegevoegd)) if verouderd(s, toegevoegd.get(s.tabel, 0)))
    if due:
        start = time.perf_counter()
        # Table names from the caller's fixed list, each quoted as an identifier.
        cursor.execute(f"ANALYZE (SKIP_LOCKED) {', '.join(_naam(t) for t in due)}")
        logger.info("statistieken bijgewerkt in %.2f s: %s", time.perf_counter() - start, ", ".join(due))
    return due


def per_sleutel(cursor: Any) -> None:
    """For the rest of the current transaction: statements are planned as index lookups.

    For a transaction whose every statement reads or writes the rows of a bounded set of keys (a
    claimed chunk): a table the statistics believe tiny, or whose estimate for `= ANY(…)` is the
    default share of the table, is otherwise scanned whole, once per statement; a seq scan remains
    possible where no index applies (temporary tables). No JIT either: compiling such short
    statements costs more than it saves, and a stale estimate is what triggers it."""
    cursor.execute("SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)")


def _naam(tabel: str) -> str:
    return '"' + tabel.replace('"', '""') + '"'
