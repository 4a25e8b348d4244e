"""A broker for tests that need one: REDIS_URL when set, else a private redis-server on a free port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
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
    with eigen_redis() as (url, _):
        yield url


@contextmanager
def eigen_redis() -> Iterator[tuple[str, Callable[[], None]]]:
    """A private redis-server (never the shared one) and a function that restarts it on the same port."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server ontbreekt: installeer het Debian-pakket redis-server (make doet dat).")
    poort = _vrije_poort()
    with tempfile.TemporaryDirectory() as tmp:
        opdracht = [binary, "--port", str(poort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        processen = [subprocess.Popen([*opdracht, "--dir", tmp], stdout=subprocess.DEVNULL)]

        def wacht() -> None:
            for _ in range(200):
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", poort)) == 0:
                        return
                time.sleep(0.05)

        def herstart() -> None:
            processen[-1].kill()
            processen[-1].wait(10)
            processen.append(subprocess.Popen([*opdracht, "--dir", tmp], stdout=subprocess.DEVNULL))
            wacht()

        try:
            wacht()
            yield f"redis://127.0.0.1:{poort}/0", herstart
        finally:
            processen[-1].terminate()
            processen[-1].wait(10)


def worker_opdracht(processen: int, *, solo: bool = False) -> list[str]:
    """The command line of a real Celery worker on this project's queue."""
    opdracht = [sys.executable, "-m", "celery", "-A", "inburgering", "worker", "-Q", "inburgering"]
    opdracht += ["--concurrency", str(processen), "--loglevel", "WARNING", "--without-gossip", "--without-mingle"]
    return [*opdracht, "--pool", "solo"] if solo else opdracht
