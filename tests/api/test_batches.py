"""Batch delivery over HTTP (koppelvlak §1, §2): 202/200/409/400/413, 401/403/404, status and error report."""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from cases.models import Batch, Bron, Feit
from cases.tasks import batch_verwerken
from inburgering.core.services import api_token_aanmaken
from tests.cases.test_batch import ALLE_SOORTEN, BASIS, BSN_21

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def leveringen(settings: Any, tmp_path: Path) -> Path:
    settings.LEVERINGEN_DIR = tmp_path / "leveringen"
    return settings.LEVERINGEN_DIR


def token(*scopes: str, bron: str = "DUO") -> dict[str, str]:
    _, sleutel = api_token_aanmaken(bron=bron, scopes=scopes, actor="test")
    return {"HTTP_AUTHORIZATION": f"Token {sleutel}"}


def post_json(client: Client, kenmerk: str, records: list[Any], auth: dict[str, str]) -> Any:
    return client.post(
        "/api/v1/batches/",
        json.dumps({"kenmerk": kenmerk, "records": records}),
        content_type="application/json",
        **auth,
    )


def post_ndjson(client: Client, kenmerk: str, body: bytes, auth: dict[str, str]) -> Any:
    return client.post(f"/api/v1/batches/?kenmerk={kenmerk}", body, content_type="application/x-ndjson", **auth)


def verwerk(batch_id: str) -> None:
    """What the worker does after commit (in a test transaction on_commit never fires)."""
    assert batch_verwerken.run(batch_id) in {"verwerkt", "mislukt"}


def test_batch_van_elke_soort_en_de_herhaalde_batch(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    auth = token("aanleveren")
    with django_capture_on_commit_callbacks(execute=False) as taken:
        antwoord = post_json(client, "DUO-1", ALLE_SOORTEN, auth)
    assert antwoord.status_code == 202, antwoord.content
    body = antwoord.json()
    assert (
        body["status"] == "ontvangen" and body["kenmerk"] == "DUO-1" and body["url"] == f"/api/v1/batches/{body['id']}/"
    )
    assert len(taken) == 1  # the worker is asked after commit
    verwerk(body["id"])
    status = client.get(body["url"], **auth).json()
    assert (status["status"], status["aantal_records"], status["aantal_verwerkt"], status["aantal_fouten"]) == (
        "verwerkt",
        len(ALLE_SOORTEN),
        len(ALLE_SOORTEN),
        0,
    )
    assert status["fouten"] == [] and status["fouten_url"] == f"{body['url']}fouten/"
    assert Feit.objects.count() == len(ALLE_SOORTEN)
    # The same batch again, as JSON or as NDJSON: 200 with the existing batch, nothing processed again.
    assert post_json(client, "DUO-1", ALLE_SOORTEN, auth).json()["id"] == body["id"]
    ndjson = "\n".join(json.dumps(r) for r in ALLE_SOORTEN).encode()
    herhaald = post_ndjson(client, "DUO-1", ndjson, auth)
    assert herhaald.status_code == 200 and herhaald.json()["id"] == body["id"]
    assert Batch.objects.count() == 1
    # Same kenmerk, other content: 409.
    conflict = post_json(client, "DUO-1", ALLE_SOORTEN[:3], auth)
    assert conflict.status_code == 409 and conflict["Content-Type"] == "application/problem+json"
    assert conflict.json()["code"] == "kenmerk_hergebruikt"


def test_fouten_per_record_en_gepagineerd_foutrapport(client: Client) -> None:
    auth = token("aanleveren")
    fout = [
        {"soort": "pip", "kenmerk": f"P-{i}", "bsn": BSN_21, "dagtekening": "2022-07-01", "leerroute": "b2"}
        for i in range(150)
    ]
    body = post_json(client, "DUO-2", [*BASIS, *fout], auth).json()
    verwerk(body["id"])
    status = client.get(body["url"], **auth).json()
    assert (status["aantal_verwerkt"], status["aantal_fouten"]) == (2, 150)
    assert len(status["fouten"]) == 100
    assert status["fouten"][0] == {
        "index": 2,
        "kenmerk": "P-0",
        "veld": "leerroute",
        "code": "ongeldige_waarde",
        "melding": "Leerroute 'b2' bestaat niet; kies uit b1, onderwijs, z.",
    }
    alle: list[Any] = []
    url: str | None = status["fouten_url"]
    while url:
        pagina = client.get(url, **auth).json()
        alle += pagina["results"]
        url = pagina["next"]
    assert [f["index"] for f in alle] == list(range(2, 152))


def test_onleesbare_envelop_400_en_niets_opgeslagen(client: Client, leveringen: Path) -> None:
    antwoord = client.post(
        "/api/v1/batches/", b'{"kenmerk": "X", "records": [', content_type="application/json", **token("aanleveren")
    )
    assert antwoord.status_code == 400 and antwoord["Content-Type"] == "application/problem+json"
    assert not Batch.objects.exists()
    assert not any(leveringen.iterdir())


def test_te_grote_envelop_413(client: Client, settings: Any) -> None:
    settings.JSON_ENVELOP_MAXIMUM = 1000
    antwoord = post_json(client, "GROOT", ALLE_SOORTEN, token("aanleveren"))
    assert antwoord.status_code == 413 and antwoord.json()["status"] == 413
    assert not Batch.objects.exists()


def test_ongeldige_utf8_in_ndjson_maakt_de_batch_mislukt(client: Client) -> None:
    auth = token("aanleveren")
    goed = json.dumps(BASIS[0]).encode()
    antwoord = post_ndjson(client, "UTF", goed + b"\n" + b'{"soort": "voldaan", "kenmerk": "\xff"}\n', auth)
    assert antwoord.status_code == 202
    verwerk(antwoord.json()["id"])
    status = client.get(antwoord.json()["url"], **auth).json()
    assert status["status"] == "mislukt" and status["fouten"][0]["index"] is None
    assert not Feit.objects.exists()
    # A failed batch may be sent again with the same kenmerk, and is then processed.
    opnieuw = post_ndjson(client, "UTF", goed + b"\n", auth)
    assert opnieuw.status_code == 202
    verwerk(opnieuw.json()["id"])
    assert client.get(opnieuw.json()["url"], **auth).json()["status"] == "verwerkt"


def test_401_403_404(client: Client) -> None:
    assert client.post("/api/v1/batches/", b"{}", content_type="application/json").status_code == 401
    assert post_json(client, "A", BASIS, token("lezen")).status_code == 403
    Bron.objects.create(code="GM0344", naam="Gemeente Utrecht")
    eigen = post_json(client, "A", BASIS, token("aanleveren")).json()
    anders = token("aanleveren", bron="GM0344")
    assert client.get(eigen["url"], **anders).status_code == 404
    assert client.get(f"{eigen['url']}fouten/", **anders).status_code == 404
    assert client.get(eigen["url"], **token("aanleveren")).status_code == 200


def test_ndjson_wordt_niet_in_het_verzoek_gedecodeerd_en_de_herhaling_wordt_toch_herkend(client: Client) -> None:
    """koppelvlak §1: 202 as soon as an NDJSON delivery is stored. A resend of the same bytes is known
    by their hash; the same records in another form (JSON, other spacing) by the typed hash, computed
    from the stored delivery only when that comparison is needed; other content is a 409."""
    auth = token("aanleveren")
    ndjson = "\n".join(json.dumps(r) for r in ALLE_SOORTEN).encode()
    eerste = post_ndjson(client, "DUO-N", ndjson, auth)
    assert eerste.status_code == 202, eerste.content
    batch = Batch.objects.get(pk=eerste.json()["id"])
    assert batch.inhoud_hash == "" and len(batch.ruwe_hash) == 64  # not decoded before the answer

    assert post_ndjson(client, "DUO-N", ndjson, auth).status_code == 200
    assert Batch.objects.get(pk=batch.pk).inhoud_hash == ""  # the same bytes: nothing decoded

    anders_opgemaakt = "\n\n".join(json.dumps(r, indent=None, separators=(",", ":")) for r in ALLE_SOORTEN)
    herhaald = post_ndjson(client, "DUO-N", anders_opgemaakt.encode(), auth)
    assert herhaald.status_code == 200 and herhaald.json()["id"] == str(batch.pk)
    assert post_json(client, "DUO-N", ALLE_SOORTEN, auth).status_code == 200
    assert len(Batch.objects.get(pk=batch.pk).inhoud_hash) == 64  # computed once, kept

    ander = "\n".join(json.dumps(r) for r in ALLE_SOORTEN[:-1]).encode()
    conflict = post_ndjson(client, "DUO-N", ander, auth)
    assert conflict.status_code == 409 and conflict.json()["code"] == "kenmerk_hergebruikt"
    assert Batch.objects.count() == 1 and Feit.objects.count() == 0


def test_dezelfde_bytes_in_een_andere_vorm_zijn_niet_dezelfde_batch(client: Client) -> None:
    """A JSON envelope's bytes sent again as NDJSON are one (invalid) record, not the same records."""
    auth = token("aanleveren")
    envelop = json.dumps({"kenmerk": "VORM", "records": ALLE_SOORTEN}).encode()
    assert client.post("/api/v1/batches/", envelop, content_type="application/json", **auth).status_code == 202
    conflict = post_ndjson(client, "VORM", envelop, auth)
    assert conflict.status_code == 409 and conflict.json()["code"] == "kenmerk_hergebruikt"


def test_verdwenen_levering_maakt_de_batch_mislukt(client: Client) -> None:
    """An operator removed the stored delivery before the worker got to it: the batch fails as a
    whole with a clear message (instead of a task retrying forever), and may be sent again."""
    auth = token("aanleveren")
    antwoord = post_ndjson(client, "WEG", json.dumps(BASIS[0]).encode(), auth)
    Path(Batch.objects.get(pk=antwoord.json()["id"]).pad).unlink()
    verwerk(antwoord.json()["id"])
    status = client.get(antwoord.json()["url"], **auth).json()
    assert status["status"] == "mislukt" and "niet meer te vinden" in status["fouten"][0]["melding"]
    assert not Feit.objects.exists()
    assert post_ndjson(client, "WEG", json.dumps(BASIS[0]).encode(), auth).status_code == 202


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("andere_inhoud", "verwacht"), [(False, 200), (True, 409)])
def test_gelijktijdige_levering_met_hetzelfde_nieuwe_kenmerk(
    client: Client, leveringen: Path, andere_inhoud: bool, verwacht: int
) -> None:
    """Two deliveries with the same new kenmerk at the same moment: the second waits on the first's
    uncommitted batch row (unique per bron + kenmerk), then compares with it — 200 or 409, never a 500."""
    auth = token("aanleveren")
    body = "\n".join(json.dumps(r) for r in BASIS).encode()
    eerste = "\n".join(json.dumps(r) for r in (BASIS[:1] if andere_inhoud else BASIS)).encode()
    with contextlib.closing(connection.get_new_connection(connection.get_connection_params())) as ander:
        # The first delivery, registered by another process and not committed yet.
        pad = leveringen / "eerste.ndjson"
        leveringen.mkdir(parents=True, exist_ok=True)
        pad.write_bytes(eerste)
        ander.execute(
            "INSERT INTO cases_batch (id, bron_id, kenmerk, inhoud_hash, ruwe_hash, status, aantal_records, "
            "aantal_verwerkt, aantal_ongewijzigd, aantal_fouten, verwerkt_tot, melding, pad, formaat, ontvangen_op) "
            "VALUES (gen_random_uuid(), 'DUO', 'TEGELIJK', '', %s, 'ontvangen', 0, 0, 0, 0, 0, '', %s, 'ndjson', now())",
            [hashlib.sha256(eerste).hexdigest(), str(pad)],
        )
        with ThreadPoolExecutor(1) as tweede:
            antwoord = tweede.submit(_post_in_eigen_thread, client, "TEGELIJK", body, auth)
            time.sleep(1.0)
            assert not antwoord.done()  # waiting on the first one's row
            ander.commit()
            resultaat = antwoord.result(30)
    assert resultaat.status_code == verwacht, resultaat.content
    assert Batch.objects.filter(kenmerk="TEGELIJK").count() == 1


def _post_in_eigen_thread(client: Client, kenmerk: str, body: bytes, auth: dict[str, str]) -> Any:
    try:
        return post_ndjson(client, kenmerk, body, auth)
    finally:
        connection.close()  # this thread's own database connection


def test_te_lang_batchkenmerk_400_en_niets_opgeslagen(client: Client, leveringen: Path) -> None:
    auth = token("aanleveren")
    lang = "K" * 101
    antwoord = post_ndjson(client, lang, json.dumps(BASIS[0]).encode(), auth)
    assert antwoord.status_code == 400 and antwoord.json()["code"] == "ongeldig_kenmerk"
    assert "1 tot 100 tekens" in antwoord.json()["detail"]
    envelop = post_json(client, lang, BASIS, auth)
    assert envelop.status_code == 400 and "kenmerk" in envelop.json()["detail"]
    assert not Batch.objects.exists() and not any(leveringen.glob("*"))


def test_leveringen_van_een_bron_in_volgorde_van_ontvangst(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """koppelvlak §1: the later delivery's task may run first (two worker processes, a retry); it
    then applies the earlier one first, so the exam finds the kennisgeving delivered before it."""
    auth = token("aanleveren")
    examen = {
        "soort": "examen",
        "kenmerk": "E-1",
        "bsn": BSN_21,
        "datum": "2023-01-01",
        "onderdeel": "lezen",
        "niveau": "b1",
        "resultaat": "behaald",
    }
    with django_capture_on_commit_callbacks(execute=False):
        eerste = post_ndjson(client, "EERST", json.dumps(BASIS[0]).encode(), auth).json()
        tweede = post_ndjson(client, "DAARNA", json.dumps(examen).encode(), auth).json()
    verwerk(tweede["id"])  # the later delivery's task runs first
    for antwoord in (eerste, tweede):
        status = client.get(antwoord["url"], **auth).json()
        assert (status["status"], status["aantal_verwerkt"], status["fouten"]) == ("verwerkt", 1, [])
    assert Feit.objects.get(kenmerk="E-1").batch_index == 0
    verwerk(eerste["id"])  # its own task comes later and finds it done
    assert Feit.objects.count() == 2
