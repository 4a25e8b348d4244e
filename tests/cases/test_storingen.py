"""Fault tests: the worker is killed, or Redis restarted, in the middle of a large batch; the sweeper
hands the batch out again and the end state equals an undisturbed run — no duplicate fact, no lost
record, counters right. Private Redis (or REDIS_URL), real worker processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from cases.models import Batch, Feit
from cases.tasks import batches_hervatten
from inburgering.celery import app as celery_app
from inburgering.core.services import api_token_aanmaken
from tests import eindtoestand
from tests.broker import eigen_redis, worker_opdracht
from tests.cases.test_celery import _nieuwe_verbindingen

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _start_worker(url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "REDIS_URL": url, "INBURGERING_DB_NAME": connection.settings_dict["NAME"]}
    return subprocess.Popen(worker_opdracht(1, solo=True), cwd=settings.BASE_DIR, env=env, start_new_session=True)


def _wacht(voorwaarde: Any, limiet: float = 120) -> None:
    eind = time.monotonic() + limiet
    while time.monotonic() < eind:
        if voorwaarde():
            return
        time.sleep(0.05)
    raise AssertionError("voorwaarde niet op tijd vervuld")


@pytest.mark.parametrize("storing", ["worker gedood", "redis herstart"])
def test_storing_midden_in_een_batch(storing: str, tmp_path: Path, client: Any, settings: Any) -> None:
    pad = tmp_path / "groot.ndjson"
    call_command(
        "demo_populatie", "--aantal", "3000", "--seed", "21", "--tot-datum", "2026-01-01", "--uitvoer", str(pad)
    )
    regels = [r for r in pad.read_bytes().splitlines() if r.strip()]
    _, sleutel = api_token_aanmaken(bron="DUO", scopes=["aanleveren"], actor="test")
    auth = {"HTTP_AUTHORIZATION": f"Token {sleutel}"}
    oud = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    with eigen_redis() as (url, redis_herstarten):
        celery_app.conf.broker_url = url
        celery_app.conf.broker_transport_options = {"global_keyprefix": "inburgering:"}
        _nieuwe_verbindingen()
        worker = _start_worker(url)
        try:
            antwoord = client.post(
                "/api/v1/batches/?kenmerk=STORING-1", pad.read_bytes(), content_type="application/x-ndjson", **auth
            )
            assert antwoord.status_code == 202
            batch = Batch.objects.get(pk=antwoord.json()["id"])
            # Strike once some chunks are committed, well before the end.
            _wacht(lambda: Batch.objects.get(pk=batch.pk).verwerkt_tot >= 5000)
            if storing == "worker gedood":
                os.killpg(worker.pid, signal.SIGKILL)  # no clean shutdown
                worker.wait(10)
                tussen = Batch.objects.get(pk=batch.pk)
                assert tussen.status == "bezig" and 0 < tussen.verwerkt_tot < len(regels)
                worker = _start_worker(url)
            else:
                redis_herstarten()  # the broker loses everything it held
                _nieuwe_verbindingen()
            # The sweeper hands unfinished batches out again (harmless if one is still running).
            settings.BATCH_HERVATTEN_NA_MINUTEN = 0
            assert batches_hervatten.apply().get() == 1
            _wacht(lambda: Batch.objects.get(pk=batch.pk).status == "verwerkt")
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(20)
            celery_app.conf.broker_url, celery_app.conf.broker_transport_options = oud
            _nieuwe_verbindingen()

    klaar = Batch.objects.get(pk=batch.pk)
    # Equal to an undisturbed run: every record applied exactly once, with the typed content of the file.
    assert (klaar.aantal_records, klaar.aantal_verwerkt, klaar.aantal_ongewijzigd, klaar.aantal_fouten) == (
        len(regels),
        len(regels),
        0,
        0,
    )
    with connection.cursor() as cursor:
        assert eindtoestand.opgeslagen(cursor) == eindtoestand.verwacht(regels)  # every stored field
    assert Feit.objects.filter(batch=klaar).count() == len(regels)
    assert json.loads(json.dumps(list(klaar.fouten.values()))) == []
