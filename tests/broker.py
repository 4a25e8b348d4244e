"""A broker for tests that need one: REDIS_URL when set, else a private redis-server on a free port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def redis_url() -> Iterator[str]:
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server ontbreekt: installeer het Debian-pakket redis-server (make doet dat).")
    poort = _vrije_poort()
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(
            [binary, "--port", str(poort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", tmp],
            stdout=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", poort)) == 0:
                        break
                time.sleep(0.05)
            yield f"redis://127.0.0.1:{poort}/0"
        finally:
            proc.terminate()
            proc.wait(10)


def worker_opdracht(processen: int, *, solo: bool = False) -> list[str]:
    """The command line of a real Celery worker on this project's queue."""
    opdracht = [sys.executable, "-m", "celery", "-A", "inburgering", "worker", "-Q", "inburgering"]
    opdracht += ["--concurrency", str(processen), "--loglevel", "WARNING", "--without-gossip", "--without-mingle"]
    return [*opdracht, "--pool", "solo"] if solo else opdracht
