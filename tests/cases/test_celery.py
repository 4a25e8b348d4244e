"""Integration: a real Celery worker on a real Redis recomputes the projections after a CLI import;
the nightly job flips termijn_overschreden when the date passes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from kombu import pools as kombu_pools

from cases.herberekening import herberekeningen_verwerken
from cases.models import Herberekening, Inburgeraar, Projectie
from cases.tasks import nachtelijke_herberekening
from inburgering.celery import app as celery_app
from tests.broker import redis_url, worker_opdracht
from tests.cases.test_batch import BSN_21, kennisgeving

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _nieuwe_verbindingen() -> None:
    """Drop the app's cached broker connections so that the next task uses the new broker URL."""
    kombu_pools.reset()  # closes and forgets every cached connection pool
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def worker() -> Iterator[str]:
    with redis_url() as url:
        oud = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
        celery_app.conf.broker_url = url
        celery_app.conf.broker_transport_options = {"global_keyprefix": "inburgering:"}
        _nieuwe_verbindingen()
        env = {
            **os.environ,
            "REDIS_URL": url,
            "INBURGERING_DB_NAME": connection.settings_dict["NAME"],
        }
        proc = subprocess.Popen(
            worker_opdracht(1, solo=True),
            cwd=settings.BASE_DIR,
            env=env,
        )
        try:
            yield url
        finally:
            proc.terminate()
            proc.wait(20)
            celery_app.conf.broker_url, celery_app.conf.broker_transport_options = oud
            _nieuwe_verbindingen()


def test_echte_worker_herberekent_na_een_import(worker: str, tmp_path: Path) -> None:
    pad = tmp_path / "demo.ndjson"
    call_command("demo_populatie", "--aantal", "300", "--seed", "5", "--tot-datum", "2026-01-01", "--uitvoer", str(pad))
    assert not Projectie.objects.exists()
    call_command("importeer", str(pad), "--bron", "DUO", "--fouten", str(tmp_path / "f.json"))
    # The batch queued every dossier and, after commit, asked the worker to recompute them.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (Herberekening.objects.exists() or not Projectie.objects.exists()):
        time.sleep(0.2)
    assert not Herberekening.objects.exists()
    assert Projectie.objects.count() == Inburgeraar.objects.count() == 300
    assert Projectie.objects.filter(berekend_op=dt.date.today()).count() >= 299  # allow a midnight crossing


def test_nachtelijke_job_zet_termijn_overschreden_als_de_datum_voorbij_is(tmp_path: Path) -> None:
    # Wi2021, PIP 2022-07-01: the termijn ends 2025-07-01 (B-2).
    from tests.cases.test_batch import importeer

    importeer(
        tmp_path,
        [
            kennisgeving(),
            {"soort": "pip", "kenmerk": "P-1", "bsn": BSN_21, "dagtekening": "2022-07-01", "leerroute": "b1"},
        ],
    )
    with time_machine.travel(dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        herberekeningen_verwerken()
        p = Projectie.objects.get()
        assert (p.termijn_einde, p.termijn_overschreden, p.berekend_op) == (
            dt.date(2025, 7, 1),
            False,
            dt.date(2025, 7, 1),
        )
    # 22:00 UTC on 1 July is 00:00 on 2 July in Amsterdam: the nightly run of 2 July.
    with time_machine.travel(dt.datetime(2025, 7, 1, 22, 5, tzinfo=dt.UTC), tick=False):
        assert nachtelijke_herberekening.apply().get() == 1
    p = Projectie.objects.get()
    assert p.termijn_einde == dt.date(2025, 7, 1)
    assert p.termijn_overschreden and "termijn_overschreden" in p.signalen
    assert p.berekend_op == dt.date(2025, 7, 2)


def test_batch_over_http_wordt_door_een_echte_worker_verwerkt(worker: str, client: Any) -> None:
    import json

    from inburgering.core.services import api_token_aanmaken
    from tests.cases.test_batch import ALLE_SOORTEN

    _, sleutel = api_token_aanmaken(bron="DUO", scopes=["aanleveren"], actor="test")
    auth = {"HTTP_AUTHORIZATION": f"Token {sleutel}"}
    body = "\n".join(json.dumps(r) for r in ALLE_SOORTEN).encode()
    antwoord = client.post("/api/v1/batches/?kenmerk=E2E-1", body, content_type="application/x-ndjson", **auth)
    assert antwoord.status_code == 202
    url = antwoord.json()["url"]
    deadline = time.monotonic() + 60
    status: dict[str, Any] = {}
    while time.monotonic() < deadline:
        status = client.get(url, **auth).json()
        if status["status"] in {"verwerkt", "mislukt"} and not Herberekening.objects.exists():
            break
        time.sleep(0.2)
    assert (status["status"], status["aantal_verwerkt"], status["aantal_fouten"]) == ("verwerkt", len(ALLE_SOORTEN), 0)
    # ... and the projections followed (the batch queued its dossiers for the worker).
    assert Projectie.objects.count() == Inburgeraar.objects.count() == 2
