"""Celery tasks: thin, ids in (or nothing), the service inside.

Both tasks are idempotent by construction: they drain the `cases_herberekening` queue, whose
rows are claimed with DELETE … FOR UPDATE SKIP LOCKED in the same transaction that writes the
new projection. A task that runs twice, or two workers at once, find nothing left to do; a
worker that dies mid-chunk rolls back, leaving the rows queued for the next run (acks_late).
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from cases.herberekening import alles_herberekenen, herberekeningen_verwerken

logger = logging.getLogger(__name__)

# Every task: acknowledged after it ran (a lost worker means a redelivery), retried only on a
# transient database error, with back-off.
_HERSTELBAAR: dict[str, Any] = {"acks_late": True, "autoretry_for": (OperationalError,), "retry_backoff": True}


@shared_task(
    name="cases.herberekeningen",
    **_HERSTELBAAR,
    max_retries=5,
    soft_time_limit=60 * 60,
)
def herberekeningen() -> int:
    """Recompute every dossier queued by a batch or a fact change (coalesced: one drain serves all)."""
    aantal = herberekeningen_verwerken()
    logger.info("herberekend: %s dossiers", aantal)
    return aantal


@shared_task(
    name="cases.nachtelijke_herberekening",
    **_HERSTELBAAR,
    max_retries=5,
    soft_time_limit=3 * 60 * 60,
    time_limit=3 * 60 * 60 + 300,
)
def nachtelijke_herberekening() -> int:
    """Just after midnight: the dossiers whose values depend on the date (all that are plichtig).

    Fans out: queues the dossiers, asks the other worker processes to help drain the queue, and
    drains it itself; claims with SKIP LOCKED keep them from doing a dossier twice."""
    aantal = alles_herberekenen(alleen_datumafhankelijk=True, helpers=settings.HERBEREKENING_HELPERS)
    logger.info("nachtelijke herberekening: %s dossiers", aantal)
    return aantal


@shared_task(
    name="cases.batch_verwerken",
    **_HERSTELBAAR,
    reject_on_worker_lost=True,
    max_retries=10,
    soft_time_limit=6 * 60 * 60,
    time_limit=6 * 60 * 60 + 300,
)
def batch_verwerken(batch_id: str) -> str:
    """Apply a stored delivery. Idempotent: a finished batch is left alone, an interrupted one
    resumes after its last committed chunk (`verwerkt_tot`), and kenmerk idempotency makes the
    redo of a chunk harmless."""
    from cases.models import Batch
    from cases.services import Levering
    from cases.services import batch_verwerken as verwerken

    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None:  # a message for a database that no longer holds the batch: nothing to do
        logger.warning("batch %s bestaat niet (meer); niets te verwerken", batch_id)
        return "onbekend"
    batch = verwerken(batch=batch, levering=Levering(batch.pad, batch.formaat), actor=f"bron:{batch.bron_id}")
    return str(batch.status)


@shared_task(name="cases.batches_hervatten", acks_late=True)
def batches_hervatten() -> int:
    """Sweeper: deliveries that were received or started but not finished (a lost task, a worker that
    died, a broker restart) are handed to a worker again. Safe to repeat: see batch_verwerken."""
    from datetime import timedelta

    from django.utils import timezone

    from cases.models import Batch

    oud = timezone.now() - timedelta(minutes=settings.BATCH_HERVATTEN_NA_MINUTEN)
    ids = list(
        Batch.objects.filter(status__in=["ontvangen", "bezig"], ontvangen_op__lt=oud)
        .exclude(pad="")
        .values_list("id", flat=True)
    )
    for batch_id in ids:
        batch_verwerken.delay(str(batch_id))
    return len(ids)


@shared_task(name="cases.leveringen_opruimen", acks_late=True)
def leveringen_opruimen() -> int:
    """Daily: remove stored deliveries past their retention (LEVERINGEN_BEWAREN_DAGEN). Idempotent:
    a removed delivery leaves its batch without a path, which the next run skips."""
    from datetime import timedelta

    from cases.services import leveringen_opruimen as opruimen

    return opruimen(bewaren=timedelta(days=settings.LEVERINGEN_BEWAREN_DAGEN))
