"""Shared set-up of the benchmarks: a fresh database of their own on the configured server,
measuring a child process (wall time and peak RSS), the generated input and the COPY baseline."""

from __future__ import annotations

import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prepare_database(suffix: str, *, behouden: bool = False) -> str:
    """Point Django at a fresh database `<configured name>_<suffix>` (dropped and recreated) and
    migrate it; returns its name. Derived from the configured name, so that two checkouts sharing
    one server (DATABASE_URL=…/a and …/b) never drop each other's bench databases. `behouden`:
    keep the database if it exists (only migrated) — for a bench that reuses what it built."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.settings")
    sys.path.insert(0, str(ROOT))
    import django
    import psycopg
    from django.conf import settings
    from psycopg import sql

    base = settings.DATABASES["default"]  # loads settings (and starts the embedded server if needed)
    name = f"{base['NAME']}_{suffix}"
    params = {k: base.get(v) or None for k, v in (("host", "HOST"), ("port", "PORT"), ("user", "USER"))}
    params["password"] = base.get("PASSWORD") or None
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        bestaat = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not (behouden and bestaat):
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ["INBURGERING_DB_NAME"] = name
    settings.DATABASES["default"]["NAME"] = name
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return name


def server() -> str:
    """Which PostgreSQL the figures come from, and whether autovacuum could have analysed behind
    the bench's back (the statistics the plans were made with depend on it)."""
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), current_setting('autovacuum')")
        versie, autovacuum = cursor.fetchone()
    waar = "embedded" if not settings.DATABASE_URL else connection.settings_dict["HOST"]
    naam = connection.settings_dict["NAME"]
    return f"PostgreSQL {versie.split()[0]} ({waar}, database {naam}), autovacuum {autovacuum}"


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


@dataclass
class Measured:
    seconds: float
    peak_rss: int  # bytes
    stdout: str


def run_measured(args: list[str]) -> Measured:
    """Run a child process to completion; its own peak RSS comes from wait4()."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, cwd=ROOT, env=os.environ.copy())
        _, status, rusage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err.read().decode()[-3000:]}")
        return Measured(elapsed, rusage.ru_maxrss * 1024, out.read().decode())


def genereer(records: int, pad: Path) -> int:
    """A demo population with at least `records` records, cut at exactly that many lines."""
    personen = max(100, records // 8)
    while True:
        run_measured(
            [
                sys.executable,
                "manage.py",
                "demo_populatie",
                "--aantal",
                str(personen),
                "--seed",
                "7",
                "--tot-datum",
                "2026-11-01",
                "--uitvoer",
                str(pad),
            ]
        )
        with pad.open("rb") as fh:
            aantal = sum(1 for _ in fh)
        if aantal >= records:
            break
        personen = int(personen * records / aantal * 1.05) + 1
    # Cutting at a line keeps the file valid: a person's kennisgeving comes before his facts.
    with pad.open("rb") as fh, pad.with_suffix(".knip").open("wb") as uit:
        for i, regel in enumerate(fh):
            if i >= records:
                break
            uit.write(regel)
    pad.with_suffix(".knip").replace(pad)
    return records


def copy_basislijn() -> tuple[int, float, float]:
    """COPY the stored rows of every fact table into copies of those tables, as typed rows from
    memory. Returns (records, seconds into unindexed copies — the baseline of the issues —, seconds
    into copies with the same indexes and check constraints — what writing alone costs here)."""
    from django.db import connection

    from cases.models import detail_models

    tabellen = ["cases_feit"] + [m._meta.db_table for m in detail_models().values()]
    rijen: dict[str, list[tuple[object, ...]]] = {}
    with connection.cursor() as cursor:
        for tabel in tabellen:
            cursor.execute(f"SELECT * FROM {tabel}")  # noqa: S608 (our own table names)
            rijen[tabel] = cursor.fetchall()
    pg = connection.connection
    gemeten = []
    for voorvoegsel, like in (("bench", "INCLUDING DEFAULTS"), ("bench_idx", "INCLUDING ALL")):
        with connection.cursor() as cursor:
            for tabel in tabellen:
                cursor.execute(f"DROP TABLE IF EXISTS {voorvoegsel}_{tabel}")
                cursor.execute(f"CREATE TABLE {voorvoegsel}_{tabel} (LIKE {tabel} {like})")
        start = time.perf_counter()
        with pg.transaction(), pg.cursor() as cur:
            for tabel in tabellen:
                with cur.copy(f"COPY {voorvoegsel}_{tabel} FROM STDIN") as copy:
                    for rij in rijen[tabel]:
                        copy.write_row(rij)
        gemeten.append(time.perf_counter() - start)
    return len(rijen["cases_feit"]), gemeten[0], gemeten[1]


def import_invoer(*, beschrijving: str | None, standaard: int, database: str) -> tuple[int, Path, Path]:
    """The common start of the import benches: `--records N` / `--ci` (20,000), a fresh database, and
    the generated demo population of N records. Returns (N, work directory, input file)."""
    import argparse

    parser = argparse.ArgumentParser(description=beschrijving)
    parser.add_argument("--records", type=int, default=standaard)
    parser.add_argument("--ci", action="store_true", help="small size for CI (20,000 records)")
    args = parser.parse_args()
    n = 20_000 if args.ci else args.records
    prepare_database(database)
    werk = ROOT / ".data" / "bench"
    werk.mkdir(parents=True, exist_ok=True)
    pad = werk / f"import_{n}.ndjson"
    genereer(n, pad)
    return n, werk, pad


def vrije_poort() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wacht_op_poort(poort: int, proc: subprocess.Popen[bytes]) -> None:
    """Wait until the server process `proc` listens on `poort` (a minute at most)."""
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit("gunicorn stopte bij het starten")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", poort)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit("gunicorn luistert niet")
