"""What went wrong while applying a record or a batch: a record's error, a transient failure, or
the system's; and how an exception may appear in a log (never with the row it quotes)."""

from __future__ import annotations

import logging

import psycopg
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)


NIET_OPGESLAGEN = "niet_opgeslagen"


class Wedloop(Exception):
    """Another bron created a person this chunk meant to create (decided on state read before that)."""


# A failure of one record's decision or write: the chunk is applied again in parts, and the record
# that still fails on its own is reported (never the batch stopped). Anything else is either transient
# (see `tijdelijk`) or stops the batch.
RECORDFOUTEN: tuple[type[BaseException], ...] = (
    Wedloop,
    psycopg.DataError,
    psycopg.IntegrityError,
    psycopg.InternalError,
    ArithmeticError,
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    AssertionError,
)


def tijdelijk(exc: BaseException) -> bool:
    """A failure that passes by itself: the connection lost, the server restarting, out of resources,
    a deadlock or serialization failure (psycopg's and Django's OperationalError/InterfaceError)."""
    return isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError | OperationalError | InterfaceError)


def beschrijving(exc: BaseException) -> str:
    """An exception as an operator may read it in a log: its type and SQLSTATE, never its message
    (a database error quotes the row: BSN, name, birth date)."""
    oorzaak = exc.__cause__ if isinstance(exc, OperationalError | InterfaceError) and exc.__cause__ else exc
    sqlstate = getattr(getattr(oorzaak, "diag", None), "sqlstate", None) or getattr(oorzaak, "sqlstate", None)
    return f"{type(oorzaak).__name__}" + (f" (SQLSTATE {sqlstate})" if sqlstate else "")


def zonder_inhoud(exc: BaseException) -> OperationalError:
    """The transient error to raise to Celery (which retries it): the same kind, without the message."""
    return OperationalError(f"tijdelijke databasefout: {beschrijving(exc)}")
