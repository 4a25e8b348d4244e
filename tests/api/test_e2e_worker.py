"""End to end over HTTP with a real Celery worker on Redis and PostgreSQL (koppelvlak §1–§3): every
bad-input example of koppelvlak §3 in one delivery among good records — each answered at its index
with its code and a Dutch melding, the good records applied, nothing that existed changed —, the
replayed batch, and 401/403/404/409/413 as problem+json."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from cases.models import Batch, Bron, Feit
from tests.api.test_batches import post_ndjson, token
from tests.cases.test_batch import BASIS, BSN_13, BSN_21, VOORBEELDEN, momentopname
from tests.cases.test_celery import worker  # noqa: F401 (fixture: a real worker on this test database)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _lever(client: Client, kenmerk: str, records: list[Any], auth: dict[str, str]) -> Any:
    return post_ndjson(
        client, kenmerk, "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode(), auth
    )


def _klaar(client: Client, url: str, auth: dict[str, str]) -> dict[str, Any]:
    """Poll as a bron does until the worker has finished the batch."""
    eind = time.monotonic() + 60
    while time.monotonic() < eind:
        status: dict[str, Any] = client.get(url, **auth).json()
        if status["status"] in {"verwerkt", "mislukt"}:
            return status
        time.sleep(0.1)
    raise AssertionError(f"batch niet op tijd verwerkt: {status}")


def _probleem(antwoord: Any, status: int, code: str) -> None:
    assert antwoord.status_code == status, antwoord.content
    assert antwoord["Content-Type"] == "application/problem+json"
    body = antwoord.json()
    assert body["status"] == status and body["code"] == code and body["detail"][0].isupper()


def test_koppelvlak_voorbeelden_herhaling_en_statuscodes_met_een_echte_worker(worker: str, client: Client) -> None:  # noqa: F811
    auth = token("aanleveren")
    basis = _klaar(client, _lever(client, "E2E-BASIS", BASIS, auth).json()["url"], auth)
    assert (basis["status"], basis["aantal_verwerkt"]) == ("verwerkt", len(BASIS))
    voor = momentopname()

    # One delivery: a good record, then each bad example, each followed by a good record.
    records: list[Any] = []
    verwacht: dict[int, tuple[str, str | None, str]] = {}
    for i, (naam, fout, veld, code) in enumerate(VOORBEELDEN):
        records.append(
            {
                "soort": "lesuren",
                "kenmerk": f"L-{i}",
                "bsn": BSN_21 if i % 2 else BSN_13,
                "datum": "2023-01-31" if i % 2 else "2017-01-31",
                "uren": 4,
                "keurmerk": True,
            }
        )
        if isinstance(fout, dict):
            fout = {**fout, "kenmerk": fout.get("kenmerk", f"FOUT-{i}")}
            if fout["kenmerk"] == "FOUT-1":  # the examples' default: unique per example here
                fout["kenmerk"] = f"FOUT-{i}"
        verwacht[len(records)] = (naam, veld, code)
        records.append(fout)
    records.append({"soort": "voldaan", "kenmerk": "VD-E2E", "bsn": BSN_21, "datum": "2024-01-01"})
    goed = len(records) - len(verwacht)

    aangenomen = _lever(client, "E2E-FOUTEN", records, auth)
    assert aangenomen.status_code == 202, aangenomen.content
    status = _klaar(client, aangenomen.json()["url"], auth)
    assert (status["status"], status["aantal_records"], status["aantal_verwerkt"], status["aantal_fouten"]) == (
        "verwerkt",
        len(records),
        goed,
        len(verwacht),
    )
    rapport = client.get(f"{status['fouten_url']}?page_size=1000", **auth).json()["results"]
    per_index: dict[int, list[dict[str, Any]]] = {}
    for regel in rapport:
        per_index.setdefault(regel["index"], []).append(regel)
    assert set(per_index) == set(verwacht)
    for index, (naam, veld, code) in verwacht.items():
        regels = [r for r in per_index[index] if r["code"] == code]
        assert regels, (naam, per_index[index])
        assert regels[0]["veld"] == veld, naam
        assert len(regels[0]["melding"]) > 15 and regels[0]["melding"][0].isupper(), naam
    # The good records were applied; nothing that existed changed.
    na = momentopname()
    for kenmerk, rij in voor.items():
        assert na[kenmerk] == rij
    assert set(na) - set(voor) == {f"L-{i}" for i in range(len(VOORBEELDEN))} | {"VD-E2E"}

    # The replayed batch: 200 with the same batch, nothing processed again.
    feiten = Feit.objects.count()
    herhaald = _lever(client, "E2E-FOUTEN", records, auth)
    assert herhaald.status_code == 200 and herhaald.json()["id"] == aangenomen.json()["id"]
    time.sleep(0.5)
    assert Feit.objects.count() == feiten and Batch.objects.count() == 2
    # Same kenmerk, other content: 409.
    _probleem(_lever(client, "E2E-FOUTEN", records[:-1], auth), 409, "kenmerk_hergebruikt")

    # 401 without or with a wrong token, 403 without the scope, 404 for another bron's batch, 413.
    _probleem(client.get(aangenomen.json()["url"]), 401, "niet_geauthenticeerd")
    _probleem(client.get(aangenomen.json()["url"], HTTP_AUTHORIZATION="Token onzin"), 401, "niet_geauthenticeerd")
    _probleem(client.get(aangenomen.json()["url"], **token("lezen")), 403, "geen_toegang")
    Bron.objects.create(code="GM0344", naam="Gemeente Utrecht")
    _probleem(client.get(aangenomen.json()["url"], **token("aanleveren", bron="GM0344")), 404, "niet_gevonden")
    te_groot = json.dumps({"kenmerk": "GROOT", "records": [{"x": "y" * 1000}] * 60_000})
    _probleem(client.post("/api/v1/batches/", te_groot, content_type="application/json", **auth), 413, "te_groot")
    assert Feit.objects.count() == feiten
