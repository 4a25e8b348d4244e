"""Scheduling a Celery task from a service: by its registered name (a service never imports the
task module, which imports the services: no cycle), after the transaction commits (the task must
find what the transaction wrote), and tolerant of a broker that is down (the work is durable in the
database; the periodic sweepers hand it out later)."""

from __future__ import annotations

import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def inplannen(taak: str, *args: str) -> bool:
    """Send task `taak` now; False (and a warning) when the broker cannot be reached."""
    try:
        current_app.send_task(taak, args=args)
    except Exception:  # broker down: the sweeper of this kind of work picks it up
        logger.warning("taak %s kon niet worden ingepland; de opruimtaak pakt het werk op", taak, exc_info=True)
        return False
    return True


def na_commit_inplannen(taak: str, *args: str) -> None:
    """Send task `taak` once the current transaction has committed (at once outside a transaction)."""
    transaction.on_commit(lambda: inplannen(taak, *args))
