"""The data version: one number that moves whenever what the lists, their counters and the reports
read may have changed (projections, persons, assignments, status and gemeente periods). Figures
that are the same for everybody until the next change — a werkvoorraad's count and signal
counters, a finished report — are cached under it, so a cached figure is never older than the data.

Database triggers move it on every changing statement (migration 0022), whoever writes; the
application's writers also call `gewijzigd()`, which moves it once more after their commit: a
reader between a trigger and the commit may have stored the old figures under the new number."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import psycopg
from django.core.cache import cache
from django.db import connection, transaction

logger = logging.getLogger(__name__)
T = TypeVar("T")

_OPHOGEN = "SELECT nextval('cases_gegevensversie')"


def huidig() -> str:
    """The version to key cached figures with: this database (a recreated one starts the sequence
    anew) and the sequence's position."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.oid, s.last_value, s.is_called FROM pg_database d, cases_gegevensversie s "
            "WHERE d.datname = current_database()"
        )
        oid, waarde, geroepen = cursor.fetchone()
    return f"{oid}.{waarde if geroepen else 0}"


def gewijzigd() -> None:
    """Move the version once the current transaction has committed (at once outside one)."""
    transaction.on_commit(_ophogen)


def na_commit(pg: psycopg.Connection[Any]) -> None:
    """Move the version on a psycopg connection whose transaction has just committed."""
    pg.execute(_OPHOGEN)


def _ophogen() -> None:
    with connection.cursor() as cursor:
        cursor.execute(_OPHOGEN)


def bewaard(soort: str, waarvan: object, bereken: Callable[[], T]) -> T:
    """`bereken()`, kept in the cache under the data version and `waarvan` (everything else the
    figures depend on, JSON-serialisable): never older than the data. A cache that cannot be
    reached costs speed, not the answer."""
    inhoud = json.dumps([huidig(), waarvan], default=str)
    sleutel = f"{soort}:" + hashlib.sha256(inhoud.encode()).hexdigest()
    try:
        gevonden: T | None = cache.get(sleutel)
    except Exception:  # e.g. Redis down
        logger.warning("cache niet bereikbaar; %s zonder cache", soort, exc_info=True)
        return bereken()
    if gevonden is None:
        gevonden = bereken()
        with contextlib.suppress(Exception):
            cache.set(sleutel, gevonden)
    return gevonden
