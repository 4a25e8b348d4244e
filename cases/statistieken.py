"""The planner statistics of the fact tables, kept fresh where this app changes them in bulk
(the rule and its reasons: inburgering/core/statistiek.py).

Two moments: after a delivery, for the tables it added rows to (before its recompute is
scheduled, so that the recompute and the next delivery are planned on them); and before a full
recompute, for every table the recompute reads. The work queue `cases_herberekening` is left
out on purpose: it swings from empty to hundreds of thousands of rows and back within minutes,
so whatever ANALYZE records there is wrong half of the time; its claim does not depend on it.
"""

from __future__ import annotations

import logging
import uuid

from django.db import DatabaseError, connection, models, transaction

from cases.models import (
    BatchFout,
    Feit,
    GemeentePeriode,
    Inburgeraar,
    Projectie,
    Regelparameter,
    StatusPeriode,
    detail_models,
)
from inburgering.core.statistiek import analyseren

logger = logging.getLogger(__name__)


def na_levering(*, batch_id: uuid.UUID) -> list[str]:
    """Analyse the tables this delivery added many rows to (relative to their size), or that had
    no statistics yet. Returns the tables analysed; a failure is logged, never raised: the batch
    is committed, and statistics are an aid to the planner, not part of the result."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # What the delivery added, by kind: its facts are found by batch (feit_batch_idx).
            cursor.execute(
                "SELECT f.soort, count(*) FROM cases_feit f WHERE f.batch_id = %s GROUP BY f.soort", [batch_id]
            )
            per_soort: dict[str, int] = dict(cursor.fetchall())
            cursor.execute("SELECT aantal_fouten FROM cases_batch WHERE id = %s", [batch_id])
            rij = cursor.fetchone()
            fouten = int(rij[0]) if rij else 0
            modellen = detail_models()
            toegevoegd = {modellen[soort]._meta.db_table: aantal for soort, aantal in per_soort.items()}
            toegevoegd[Feit._meta.db_table] = sum(per_soort.values())
            # A new person comes with a kennisgeving: at most that many new rows.
            toegevoegd[Inburgeraar._meta.db_table] = per_soort.get("kennisgeving", 0)
            toegevoegd[BatchFout._meta.db_table] = fouten
            return analyseren(cursor, {tabel: n for tabel, n in toegevoegd.items() if n})
    except DatabaseError:
        logger.warning("statistieken na batch %s konden niet worden bijgewerkt", batch_id, exc_info=True)
        return []


def voor_herberekening() -> list[str]:
    """Before a full recompute: every table it reads has statistics, not much older than its
    contents. One catalog query when they have."""
    tabellen: list[type[models.Model]] = [Feit, Inburgeraar, Projectie, StatusPeriode, GemeentePeriode, Regelparameter]
    tabellen += detail_models().values()
    with connection.cursor() as cursor:
        return analyseren(cursor, {m._meta.db_table: 0 for m in tabellen})
