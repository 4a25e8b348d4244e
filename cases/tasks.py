"""Celery tasks: thin, ids in (or nothing), the service inside.

Both tasks are idempotent by construction: they drain the `cases_herberekening` queue, whose
rows are claimed with DELETE … FOR UPDATE SKIP LOCKED in the same transaction that writes the
new projection. A task that runs twice, or two workers at once, find nothing left to do; a
worker that dies mid-chunk rolls back, leaving the rows queued for the next run (acks_late).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from cases.herberekening import alles_herberekenen, herberekeningen_verwerken

logger = logging.getLogger(__name__)


@shared_task(
    name="cases.herberekeningen",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
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
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=3 * 60 * 60,
)
def nachtelijke_herberekening() -> int:
    """Just after midnight: the dossiers whose values depend on the date (all that are plichtig).

    Fans out: queues the dossiers, asks the other worker processes to help drain the queue, and
    drains it itself; claims with SKIP LOCKED keep them from doing a dossier twice."""
    aantal = alles_herberekenen(alleen_datumafhankelijk=True, helpers=settings.HERBEREKENING_HELPERS)
    logger.info("nachtelijke herberekening: %s dossiers", aantal)
    return aantal
