"""Benchmark: one NDJSON delivery over the REST API, end to end, against a COPY of the same rows
(issue: batch import over REST).

    python bench/import_http.py [--records N] [--ci]

Generates a demo population of N records (default 1,000,000; --ci: 20,000), starts the application
like production — gunicorn and a Celery worker (prefork, 2 processes) on PostgreSQL and Redis
(REDIS_URL, else a private redis-server) — posts the file as one `application/x-ndjson` delivery,
polls the batch until `verwerkt`, and prints records/s from the first byte sent to `verwerkt`, the
peak RSS of every web and worker process (VmHWM), and — in the same run, in the same database — the
rate of a plain COPY of the same records as typed rows into unindexed tables with the same columns,
and the ratio. Targets: >= 35 % of the COPY rate; peak RSS <= 300 MB per process, the same for 100k
and 1M records.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, copy_basislijn, import_invoer, machine, server, vrije_poort, wacht_op_poort

DOEL = 0.35
RSS_MAXIMUM = 300e6


def _nakomelingen(pid: int) -> list[int]:
    """`pid` and every process below it, from /proc."""
    kinderen: dict[int, list[int]] = {}
    for ingang in Path("/proc").iterdir():
        if not ingang.name.isdigit():
            continue
        try:
            ouder = int((ingang / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kinderen.setdefault(ouder, []).append(int(ingang.name))
    alle, rij = [], [pid]
    while rij:
        p = rij.pop()
        alle.append(p)
        rij.extend(kinderen.get(p, []))
    return alle


def _piek_rss(pid: int) -> dict[int, int]:
    """VmHWM (peak resident set) in bytes of `pid` and its descendants."""
    uit = {}
    for p in _nakomelingen(pid):
        try:
            for regel in Path(f"/proc/{p}/status").read_text().splitlines():
                if regel.startswith("VmHWM:"):
                    uit[p] = int(regel.split()[1]) * 1024
        except OSError:
            continue
    return uit


def _aanleveren(poort: int, sleutel: str, pad: Path) -> dict[str, str]:
    """POST the file as one NDJSON delivery; http.client streams a file body in blocks."""
    conn = http.client.HTTPConnection("127.0.0.1", poort, timeout=600)
    with pad.open("rb") as fh:
        conn.request(
            "POST",
            "/api/v1/batches/?kenmerk=BENCH-HTTP",
            body=fh,
            headers={
                "Authorization": f"Token {sleutel}",
                "Content-Type": "application/x-ndjson",
                "Content-Length": str(pad.stat().st_size),
            },
        )
        antwoord = conn.getresponse()
        body = antwoord.read()
    if antwoord.status != 202:
        raise SystemExit(f"aanleveren: {antwoord.status} {body[:500]!r}")
    return json.loads(body)  # type: ignore[no-any-return]


def _status(poort: int, sleutel: str, url: str) -> dict[str, object]:
    conn = http.client.HTTPConnection("127.0.0.1", poort, timeout=60)
    conn.request("GET", url, headers={"Authorization": f"Token {sleutel}"})
    antwoord = conn.getresponse()
    return json.loads(antwoord.read())  # type: ignore[no-any-return]


def _stop(*processen: subprocess.Popen[bytes]) -> None:
    """Warm shutdown (a recompute the batch queued may finish first), then whatever is left."""
    for proc in processen:
        proc.send_signal(signal.SIGTERM)
    for proc in processen:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(120)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def main() -> None:
    n, werk, pad = import_invoer(beschrijving=__doc__, standaard=1_000_000, database="bench_http")

    from inburgering.core.services import api_token_aanmaken
    from tests.broker import redis_url, worker_opdracht

    _, sleutel = api_token_aanmaken(bron="DUO", scopes=["aanleveren"], actor="bench")
    poort = vrije_poort()
    with redis_url() as url:
        env = {
            **os.environ,
            "REDIS_URL": url,
            "INBURGERING_CELERY_KEYPREFIX": f"bench-http-{os.getpid()}:",
            "LEVERINGEN_DIR": str(werk / "leveringen"),
            "LOG_LEVEL": "WARNING",
        }
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "inburgering.wsgi:application",
                "--bind",
                f"127.0.0.1:{poort}",
                "--workers",
                "2",
                "--timeout",
                "600",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        worker = subprocess.Popen(worker_opdracht(2), cwd=ROOT, env=env, start_new_session=True)
        try:
            wacht_op_poort(poort, web)
            time.sleep(3)  # the worker connects to the broker
            start = time.perf_counter()
            aangenomen = _aanleveren(poort, sleutel, pad)
            antwoord_na = time.perf_counter() - start
            while True:
                status = _status(poort, sleutel, aangenomen["url"])
                if status["status"] in {"verwerkt", "mislukt"}:
                    break
                if worker.poll() is not None or web.poll() is not None:
                    raise SystemExit("web of worker is gestopt")
                time.sleep(0.2)
            seconden = time.perf_counter() - start
            rss_web, rss_worker = _piek_rss(web.pid), _piek_rss(worker.pid)
        finally:
            _stop(web, worker)
    if status["status"] != "verwerkt" or status["aantal_verwerkt"] != n or status["aantal_fouten"] != 0:
        raise SystemExit(f"batch niet foutloos verwerkt: {status}")
    rate = n / seconden

    aantal, copy_seconden, geindexeerd_seconden = copy_basislijn()
    assert aantal == n
    copy_rate = n / copy_seconden
    ratio = rate / copy_rate
    piek_web, piek_worker = max(rss_web.values()), max(rss_worker.values())
    print(f"bench/import_http.py  {dt.date.today()}  {machine()}")
    print(f"server: {server()}")
    print(f"records: {n} (NDJSON, {pad.stat().st_size / 1e6:.0f} MB, one delivery)")
    print(f"202 after {antwoord_na:.1f} s (upload and durable storage)")
    print(f"end-to-end (first byte sent -> verwerkt): {seconden:.1f} s = {rate:,.0f} records/s")
    print(f"peak RSS web (gunicorn, {len(rss_web)} processes): {piek_web / 1e6:.0f} MB")
    print(f"peak RSS worker (celery, {len(rss_worker)} processes): {piek_worker / 1e6:.0f} MB")
    print(f"baseline COPY of the same typed rows, unindexed: {copy_seconden:.2f} s = {copy_rate:,.0f} records/s")
    oordeel = "ok" if ratio >= DOEL else "NOT MET"
    print(
        f"for comparison, COPY into copies with the same indexes and checks: {geindexeerd_seconden:.2f} s = "
        f"{n / geindexeerd_seconden:,.0f} records/s ({copy_seconden / geindexeerd_seconden:.0%} of the baseline)"
    )
    print(f"ratio: {ratio:.1%} of COPY (target >= {DOEL:.0%}: {oordeel if n >= 100_000 else 'judged at >= 100k'})")
    rss = "ok" if max(piek_web, piek_worker) <= RSS_MAXIMUM else "NOT MET"
    print(f"peak RSS per process <= {RSS_MAXIMUM / 1e6:.0f} MB: {rss}")


if __name__ == "__main__":
    main()
