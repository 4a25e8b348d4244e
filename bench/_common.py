"""Shared set-up of the benchmarks: a fresh database of their own on the configured server,
and measuring a child process (wall time and peak RSS)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prepare_database(name: str) -> None:
    """Point Django at a fresh database `name` (dropped and recreated) and migrate it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.settings")
    sys.path.insert(0, str(ROOT))
    import django
    import psycopg
    from django.conf import settings
    from psycopg import sql

    base = settings.DATABASES["default"]  # loads settings (and starts the embedded server if needed)
    params = {k: base.get(v) or None for k, v in (("host", "HOST"), ("port", "PORT"), ("user", "USER"))}
    params["password"] = base.get("PASSWORD") or None
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ["INBURGERING_DB_NAME"] = name
    settings.DATABASES["default"]["NAME"] = name
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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
