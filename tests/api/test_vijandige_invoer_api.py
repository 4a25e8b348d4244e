"""Hostile or broken input over the API, with real workers: nothing a bron sends stops the system.

- One delivery with every hostile value family (each string field of each kind with a NUL and with
  10,000 characters, each integer at 2^31 and -1, each date at 0001-01-01 and 9999-12-31) and the
  probe's cases, among good records: each bad record reported at its index, the good ones applied,
  the batch `verwerkt`, the bron's next delivery processed, and the list, detail, zoeken and a full
  recompute still fine.
- Two bronnen, two workers, the same new BSN, 20 rounds: no crashed task, exactly one kennisgeving,
  the other reported; no BSN or name in any log line.
- A chunked upload through gunicorn is stored whole; a server that cannot read one answers 411; an
  empty delivery is a 400 that burns no kenmerk; a session user gets a 403.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from cases.demo import synthetisch_bsn
from cases.models import Batch, Bron, Feit, Inburgeraar
from inburgering.celery import app as celery_app
from tests.api.test_batches import post_ndjson, token
from tests.api.test_e2e_worker import _klaar, _lever
from tests.api.test_storing_postgres_api import _luistert, _start, _stop, _wacht
from tests.broker import _vrije_poort, redis_url, worker_opdracht
from tests.cases.test_batch import BASIS, BSN_13, BSN_21
from tests.cases.test_celery import (
    _nieuwe_verbindingen,
    worker,  # noqa: F401 (fixture: a real worker on this test database)
)
from tests.cases.test_vijandige_invoer import vijandige_records

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _alle_fouten(client: Client, status: dict[str, Any], auth: dict[str, str]) -> list[dict[str, Any]]:
    fouten: list[dict[str, Any]] = []
    url: str | None = f"{status['fouten_url']}?page_size=1000"
    while url:
        pagina = client.get(url, **auth).json()
        fouten += pagina["results"]
        url = pagina["next"]
    return fouten


def _lesuren(kenmerk: str, bsn: str = BSN_21) -> dict[str, Any]:
    datum = "2023-01-31" if bsn == BSN_21 else "2017-01-31"
    return {"soort": "lesuren", "kenmerk": kenmerk, "bsn": bsn, "datum": datum, "uren": 4, "keurmerk": True}


def test_een_vijandige_levering_tussen_goede_records_met_een_echte_worker(worker: str, client: Client) -> None:  # noqa: F811
    auth = token("aanleveren", "lezen")
    basis = _klaar(client, _lever(client, "V-BASIS", BASIS, auth).json()["url"], auth)
    assert basis["aantal_verwerkt"] == len(BASIS)

    records: list[Any] = []
    slecht: dict[int, str | None] = {}  # index -> the field the error must name (None: the whole record)

    def goed() -> None:
        records.append(_lesuren(f"G-{len(records)}", BSN_21 if len(records) % 2 else BSN_13))

    for record, veld in vijandige_records():
        goed()
        slecht[len(records)] = veld
        records.append(record)
    probe = [
        # The probe's lines: nested 100,000 deep, nested within a field, longer than 64 KiB, not JSON.
        (b"[" * 100_000 + b"]" * 100_000).decode(),
        '{"soort":"voldaan","kenmerk":"N","bsn":"' + BSN_21 + '","datum":' + "[" * 3000 + "]" * 3000 + "}",
        '{"soort":"voldaan","kenmerk":"' + "k" * 70_000 + '"}',
        "{dit is geen json",
        json.dumps({**BASIS[0], "kenmerk": "GB-2030", "bsn": synthetisch_bsn(77), "geboortedatum": "2030-01-01"}),
    ]
    for regel in probe:
        goed()
        slecht[len(records)] = "geboortedatum" if "GB-2030" in regel else None
        records.append(regel)
    goed()

    status = _klaar(client, _lever(client, "V-VIJANDIG", records, auth).json()["url"], auth)
    assert status["status"] == "verwerkt", status
    assert (status["aantal_records"], status["aantal_fouten"]) == (len(records), len(slecht))
    assert status["aantal_verwerkt"] == len(records) - len(slecht)
    fouten = _alle_fouten(client, status, auth)
    per_index: dict[int, list[dict[str, Any]]] = {}
    for fout in fouten:
        per_index.setdefault(fout["index"], []).append(fout)
    assert set(per_index) == set(slecht)
    for index, veld in slecht.items():
        if veld is not None:
            assert any(f["veld"] == veld for f in per_index[index]), (index, veld, per_index[index])
        for fout in per_index[index]:
            assert fout["melding"][0].isupper() and "\x00" not in fout["melding"]
    assert Feit.objects.filter(kenmerk__startswith="G-").count() == len(records) - len(slecht)

    # The bron's next delivery is processed as usual.
    volgende = _klaar(client, _lever(client, "V-VOLGENDE", [_lesuren("NA-1")], auth).json()["url"], auth)
    assert (volgende["status"], volgende["aantal_verwerkt"]) == ("verwerkt", 1)

    # Reads and a full recompute still work for everyone.
    assert client.get("/api/v1/inburgeraars/", **auth).status_code == 200
    assert client.get("/api/v1/inburgeraars/?peildatum=2020-01-01", **auth).status_code == 200
    persoon = Inburgeraar.objects.get(bsn=BSN_21)
    assert client.get(f"/api/v1/inburgeraars/{persoon.uuid}/", **auth).status_code == 200
    zoeken = client.post("/api/v1/inburgeraars/zoeken/", {"bsn": BSN_13}, content_type="application/json", **auth)
    assert zoeken.status_code == 200
    call_command("herbereken", "--alles")
    assert persoon.projectie.status == "plichtig"


# --- two bronnen, two workers, the same new BSN ----------------------------------------------


@pytest.fixture
def twee_workers(tmp_path: Path) -> Iterator[Path]:
    """Two real worker processes (solo pools, so they truly run in parallel), logging to one file."""
    log = tmp_path / "workers.log"
    with redis_url() as url, open(log, "ab") as uit:
        oud = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
        celery_app.conf.broker_url = url
        celery_app.conf.broker_transport_options = {"global_keyprefix": "inburgering:"}
        _nieuwe_verbindingen()
        env = {**os.environ, "REDIS_URL": url, "INBURGERING_DB_NAME": connection.settings_dict["NAME"]}
        opdracht = [*worker_opdracht(1, solo=True), "--loglevel", "INFO"]
        processen = [
            subprocess.Popen([*opdracht, "-n", f"w{i}@%h"], cwd=settings.BASE_DIR, env=env, stdout=uit, stderr=uit)
            for i in (1, 2)
        ]
        try:
            yield log
        finally:
            for proc in processen:
                proc.terminate()
            for proc in processen:
                proc.wait(20)
            celery_app.conf.broker_url, celery_app.conf.broker_transport_options = oud
            _nieuwe_verbindingen()


def test_twee_bronnen_twee_workers_hetzelfde_nieuwe_bsn(
    twee_workers: Path, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    Bron.objects.create(code="DUOTEST", naam="Tweede bron (test)")
    sleutels = {"DUO": token("aanleveren"), "DUOTEST": token("aanleveren", bron="DUOTEST")}
    duo = sleutels["DUO"]
    basis = [{**BASIS[0], "kenmerk": "RACE-BASIS", "bsn": synthetisch_bsn(900)}]
    assert _klaar(client, _lever(client, "RACE-BASIS", basis, duo).json()["url"], duo)["aantal_verwerkt"] == 1
    gebruikt: list[str] = []
    for ronde in range(20):
        bsn = synthetisch_bsn(500 + ronde)
        gebruikt.append(bsn)
        urls = {}
        for bron, auth in sleutels.items():
            # Records before the kennisgeving widen the window between reading the state and writing.
            ervoor = [_lesuren(f"{bron}-{ronde}-{i}", synthetisch_bsn(900)) for i in range(1500)]
            kennisgeving = {**BASIS[0], "kenmerk": f"{bron}-K-{ronde}", "bsn": bsn, "achternaam": f"Naam{ronde}x"}
            antwoord = _lever(client, f"{bron}-R{ronde}", [*ervoor, kennisgeving], auth)
            assert antwoord.status_code == 202, antwoord.content
            urls[bron] = antwoord.json()["url"]
        uitkomsten = [_klaar(client, url, sleutels[bron]) for bron, url in urls.items()]
        assert [u["status"] for u in uitkomsten] == ["verwerkt", "verwerkt"], uitkomsten
        assert Feit.objects.filter(soort="kennisgeving", inburgeraar__bsn=bsn).count() == 1
        codes = sorted(f["code"] for u in uitkomsten for f in u["fouten"])
        assert codes == ["kennisgeving_bestaat"], uitkomsten
    # No task crashed, and no log line holds a BSN or a name (COPY error context included).
    workers = twee_workers.read_text(errors="replace")
    assert "Traceback" not in workers and "ERROR/" not in workers
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    logs = workers + caplog.text
    for geheim in [*gebruikt, synthetisch_bsn(900), "Naam1x", "Haddad"]:
        assert geheim not in logs
    assert "verwerkt door" in logs  # the workers did log (at INFO), just nothing personal
    # The rounds really raced (a round decided on state read before the other bron's commit); with
    # 1,500 records ahead of the kennisgeving about a third of the rounds do.
    assert "Wedloop" in workers


# --- transport: chunked, empty, session -------------------------------------------------------


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[str]:
    poort = _vrije_poort()
    env = {
        **os.environ,
        "INBURGERING_DB_NAME": connection.settings_dict["NAME"],
        "LEVERINGEN_DIR": str(tmp_path / "leveringen"),
    }
    with open(tmp_path / "web.log", "ab") as log:
        proc = _start(
            ["gunicorn", "inburgering.wsgi", "-b", f"127.0.0.1:{poort}", "-w", "1"],
            {**env, "PATH": f"{settings.BASE_DIR / '.venv/bin'}:{env['PATH']}"},
            log,
        )
        try:
            _wacht(lambda: _luistert(poort), 30)
            yield f"127.0.0.1:{poort}"
        finally:
            _stop(proc)


def test_chunked_upload_wordt_heel_opgeslagen(gunicorn: str, tmp_path: Path) -> None:
    sleutel = token("aanleveren")["HTTP_AUTHORIZATION"]
    regels = [json.dumps(_lesuren(f"C-{i}")).encode() + b"\n" for i in range(3000)]
    verbinding = http.client.HTTPConnection(gunicorn, timeout=60)
    verbinding.request(
        "POST",
        "/api/v1/batches/?kenmerk=CHUNKED-1",
        body=iter(regels),  # no length: http.client sends Transfer-Encoding: chunked
        headers={"Authorization": sleutel, "Content-Type": "application/x-ndjson"},
        encode_chunked=True,
    )
    antwoord = verbinding.getresponse()
    body = json.loads(antwoord.read())
    assert antwoord.status == 202, body
    batch = Batch.objects.get(pk=body["id"])
    assert Path(batch.pad).read_bytes() == b"".join(regels)


def test_zonder_lengte_411_lege_levering_400_en_het_kenmerk_blijft_vrij(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.LEVERINGEN_DIR = tmp_path / "leveringen"
    auth = token("aanleveren")
    # A server that does not decode chunked bodies itself (no wsgi.input_terminated): 411, nothing stored.
    antwoord = client.post(
        "/api/v1/batches/?kenmerk=LEEG-1",
        b"",
        content_type="application/x-ndjson",
        HTTP_TRANSFER_ENCODING="chunked",
        CONTENT_LENGTH="",
        CONTENT_TYPE="application/x-ndjson",
        **auth,
    )
    assert (antwoord.status_code, antwoord.json()["code"]) == (411, "lengte_vereist")
    for body in (b"", b"\n  \n"):
        leeg = client.post(
            "/api/v1/batches/?kenmerk=LEEG-1", body, content_type="x", CONTENT_TYPE="application/x-ndjson", **auth
        )
        assert (leeg.status_code, leeg["Content-Type"], leeg.json()["code"]) == (
            400,
            "application/problem+json",
            "lege_levering",
        )
    leeg_json = client.post(
        "/api/v1/batches/", {"kenmerk": "LEEG-1", "records": []}, content_type="application/json", **auth
    )
    assert (leeg_json.status_code, leeg_json.json()["code"]) == (400, "lege_levering")
    assert not Batch.objects.exists() and not any(settings.LEVERINGEN_DIR.glob("*"))
    # The kenmerk was not burnt: the real delivery is accepted.
    echt = post_ndjson(client, "LEEG-1", json.dumps(BASIS[0]).encode(), auth)
    assert echt.status_code == 202


def test_een_sessiegebruiker_krijgt_403_op_de_aanleverendpoints(client: Client, django_user_model: Any) -> None:
    gebruiker = django_user_model.objects.create_user(username="km", password="geheim-en-lang-genoeg")
    client.force_login(gebruiker)
    for antwoord in (
        client.post("/api/v1/batches/?kenmerk=S", b"{}", content_type="application/x-ndjson"),
        client.post("/api/v1/batches/", {"records": []}, content_type="application/json"),
        client.get("/api/v1/batches/5b0c0000-0000-0000-0000-000000000000/"),
    ):
        assert antwoord.status_code == 403, antwoord.content
        assert antwoord["Content-Type"] == "application/problem+json"
        assert antwoord.json()["code"] == "geen_toegang"


@pytest.mark.parametrize(
    ("methode", "pad", "body", "status", "code"),
    [
        ("get", "/api/v1/inburgeraars/?peildatum=9999-12-31", None, 400, "ongeldige_invoer"),
        ("get", "/api/v1/inburgeraars/?peildatum=20240501", None, 400, "ongeldige_invoer"),
        ("get", "/api/v1/inburgeraars/?cursor=bm90LW9ucw", None, 400, "ongeldige_invoer"),
        ("get", "/api/v1/inburgeraars/?cursor=cD1hYmM%3D", None, 400, "ongeldige_invoer"),  # p=abc
        ("get", "/api/v1/inburgeraars/?page_size=0", None, 400, "ongeldige_invoer"),
        ("get", "/api/v1/inburgeraars/geen-uuid/", None, 404, "niet_gevonden"),
        ("get", "/api/v1/batches/geen-uuid/", None, 404, "niet_gevonden"),
        ("get", "/api/v1/bestaat-niet/", None, 404, "niet_gevonden"),
        ("post", "/api/v1/inburgeraars/zoeken/", "[" * 50_000 + "]" * 50_000, 400, "parse_error"),
        ("post", "/api/v1/inburgeraars/zoeken/", "{kapot", 400, "parse_error"),
        ("post", "/api/v1/inburgeraars/zoeken/", '{"bsn": ["x"]}', 400, "ongeldige_invoer"),
        ("post", "/api/v1/inburgeraars/zoeken/", '{"bsn": "999999990"}', 404, "niet_gevonden"),
        ("post", "/api/v1/batches/", '{"records": ' + "[" * 50_000 + "]" * 50_000 + "}", 400, "ongeldige_json"),
        ("post", "/api/v1/batches/", '{"kenmerk": "a\\u0000b", "records": [{}]}', 400, "ongeldig_kenmerk"),
        ("post", "/api/v1/batches/", '{"kenmerk": "a\\nb", "records": [{}]}', 400, "ongeldig_kenmerk"),
        ("ndjson", "/api/v1/batches/?kenmerk=a%00b", "{}", 400, "ongeldig_kenmerk"),
        ("ndjson", "/api/v1/batches/?kenmerk=a%0Ab", "{}", 400, "ongeldig_kenmerk"),
    ],
)
def test_elk_foutantwoord_is_problem_json_in_het_nederlands(
    client: Client, settings: Any, tmp_path: Path, methode: str, pad: str, body: str | None, status: int, code: str
) -> None:
    settings.LEVERINGEN_DIR = tmp_path / "leveringen"
    auth = token("aanleveren", "lezen")
    if methode == "get":
        antwoord = client.get(pad, **auth)
    elif methode == "ndjson":
        antwoord = client.post(pad, body, content_type="application/x-ndjson", **auth)
    else:
        antwoord = client.post(pad, body, content_type="application/json", **auth)
    assert antwoord.status_code == status, antwoord.content[:300]
    assert antwoord["Content-Type"] == "application/problem+json"
    probleem = antwoord.json()
    assert probleem["code"] == code and probleem["status"] == status
    teksten = [probleem["detail"], *(f["melding"] for f in probleem.get("fouten", []))]
    for tekst in teksten:
        assert tekst[0].isupper() and not any(w in tekst for w in ("Invalid", "error", "Not a valid", "JSON parse"))
    # A refused delivery leaves nothing behind.
    assert not Batch.objects.exists() and not any(settings.LEVERINGEN_DIR.glob("*"))
