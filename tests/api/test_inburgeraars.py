"""Read API (koppelvlak §4) with its personas: token lezen, token aanleveren, medewerker of this
gemeente, medewerker of another gemeente, medewerker without gemeente, anonymous."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from cases.domain.berekening import bereken
from cases.herberekening import herberekeningen_verwerken
from cases.models import Gemeente, Inburgeraar, Medewerker
from cases.selectors import dossiers, regelparameters
from inburgering.core.services import api_token_aanmaken
from tests.cases.test_batch import ALLE_SOORTEN, BSN_13, BSN_21, importeer

pytestmark = pytest.mark.django_db
VANDAAG = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def vandaag() -> Any:
    with time_machine.travel(dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def gegevens(tmp_path: Path) -> None:
    uitkomst = importeer(tmp_path, ALLE_SOORTEN)
    assert uitkomst["stdout"][-1] == "fouten: 0", uitkomst
    herberekeningen_verwerken(vandaag=VANDAAG)


def token(*scopes: str) -> dict[str, str]:
    _, sleutel = api_token_aanmaken(bron="DUO", scopes=scopes, actor="test")
    return {"HTTP_AUTHORIZATION": f"Token {sleutel}"}


def medewerker(gemeente: str | None) -> Client:
    user = User.objects.create_user(username=f"km-{gemeente}", password="x" * 12)
    if gemeente:
        Medewerker.objects.create(user=user, gemeente=Gemeente.objects.get(code=gemeente))
    else:  # a medewerker without a gemeente works with reports only
        Medewerker.objects.create(user=user, rol="beleidsmedewerker")
    client = Client()
    client.force_login(user)
    return client


def test_zonder_of_met_ongeldig_token_401_en_zonder_scope_403(client: Client, gegevens: None) -> None:
    antwoord = client.get("/api/v1/inburgeraars/")
    assert antwoord.status_code == 401
    assert antwoord["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/inburgeraars/", HTTP_AUTHORIZATION="Token fout").status_code == 401
    antwoord = client.get("/api/v1/inburgeraars/", **token("aanleveren"))
    assert antwoord.status_code == 403 and antwoord.json()["code"] == "geen_toegang"


def test_token_lezen_ziet_iedereen_met_de_velden_van_het_koppelvlak(client: Client, gegevens: None) -> None:
    antwoord = client.get("/api/v1/inburgeraars/", **token("lezen"))
    assert antwoord.status_code == 200
    data = antwoord.json()
    assert set(data) == {"results", "next", "previous"}
    assert {r["bsn"] for r in data["results"]} == {BSN_21, BSN_13}
    rij = next(r for r in data["results"] if r["bsn"] == BSN_21)
    assert rij["gemeente"] == "0363"  # moved on 2023-01-01
    assert rij["cohort"] == 2022 and rij["stelsel"] == "wi2021"
    assert rij["status"] == "voldaan" and rij["status_datum"] == "2024-07-01"
    assert rij["pip_deadline"] == "2022-07-11"
    assert rij["id"] != BSN_21 and len(rij["id"]) == 36


def test_medewerkers_zien_alleen_hun_eigen_gemeente(gegevens: None) -> None:
    eigen = medewerker("0363")
    lijst = eigen.get("/api/v1/inburgeraars/").json()["results"]
    assert [r["bsn"] for r in lijst] == [BSN_21]
    ander = Inburgeraar.objects.get(bsn=BSN_13)  # gemeente 0344
    assert eigen.get(f"/api/v1/inburgeraars/{ander.uuid}/").status_code == 404
    assert (
        eigen.post("/api/v1/inburgeraars/zoeken/", {"bsn": BSN_13}, content_type="application/json").status_code == 404
    )
    assert medewerker("0344").get("/api/v1/inburgeraars/").json()["results"][0]["bsn"] == BSN_13
    assert medewerker(None).get("/api/v1/inburgeraars/").json()["results"] == []


def test_vroegere_peildatum_is_de_uitkomst_van_de_regels_op_die_dag(client: Client, gegevens: None) -> None:
    auth = token("lezen")
    params = regelparameters()
    for peildatum in ("2016-06-01", "2018-01-01", "2022-06-30", "2023-06-01", "2025-07-09"):
        rijen = client.get(f"/api/v1/inburgeraars/?peildatum={peildatum}", **auth).json()["results"]
        for rij in rijen:
            persoon = Inburgeraar.objects.get(bsn=rij["bsn"])
            u = bereken(dossiers([persoon.pk])[persoon.pk], dt.date.fromisoformat(peildatum), params)
            assert rij["status"] == u.status and rij["status_datum"] == u.status_datum.isoformat()
            assert rij["termijn_einde"] == (u.termijn_einde.isoformat() if u.termijn_einde else None)
            assert rij["signalen"] == list(u.signalen)
            assert rij["boete_mogelijk"] == u.boete_mogelijk
    # Before his move BSN_21 belonged to 0344; the list holds only those with datum_plicht <= peildatum.
    rijen = client.get("/api/v1/inburgeraars/?peildatum=2022-06-30", **auth).json()["results"]
    assert sorted((r["bsn"], r["gemeente"]) for r in rijen) == sorted([(BSN_13, "0344"), (BSN_21, "0344")])
    assert client.get("/api/v1/inburgeraars/?peildatum=2016-01-01", **auth).json()["results"] == []


def test_filters_op_een_peildatum(client: Client, gegevens: None) -> None:
    auth = token("lezen")

    def bsns(query: str) -> set[str]:
        antwoord = client.get(f"/api/v1/inburgeraars/?{query}", **auth)
        assert antwoord.status_code == 200, antwoord.content
        return {r["bsn"] for r in antwoord.json()["results"]}

    assert bsns("status=voldaan") == {BSN_21}
    assert bsns("status=vrijgesteld") == {BSN_13}  # vrijstelling 2017-01-01 came before the naturalisatie
    assert bsns("status=vervallen") == set()
    assert bsns("status=plichtig&peildatum=2016-06-01") == {BSN_13}
    assert bsns("stelsel=wi2013") == {BSN_13}
    assert bsns("cohort=2022") == {BSN_21}
    assert client.get("/api/v1/inburgeraars/?cohort=0", **auth).status_code == 400
    assert bsns("gemeente=0363") == {BSN_21}
    assert bsns("gemeente=0344&peildatum=2022-12-31") == {BSN_21, BSN_13}
    assert bsns("gemeente=0363&peildatum=2022-12-31") == set()  # moved on 2023-01-01


def test_signaal_alleen_voor_vandaag_en_fouten_als_problem_json(client: Client, gegevens: None) -> None:
    auth = token("lezen")
    antwoord = client.get("/api/v1/inburgeraars/?signaal=elip&peildatum=2020-01-01", **auth)
    assert antwoord.status_code == 400
    assert antwoord["Content-Type"] == "application/problem+json"
    body = antwoord.json()
    assert body["status"] == 400 and body["fouten"] == [
        {"veld": "signaal", "code": "ongeldige_waarde", "melding": body["fouten"][0]["melding"]}
    ]
    fout = client.get("/api/v1/inburgeraars/?peildatum=2023-02-30", **auth).json()
    assert fout["fouten"][0]["veld"] == "peildatum" and fout["fouten"][0]["code"] == "ongeldige_datum"
    assert client.get("/api/v1/inburgeraars/?signaal=termijn_overschreden", **auth).status_code == 200


def test_zoeken_op_bsn_en_detail_met_tijdlijn_en_uitleg(client: Client, gegevens: None) -> None:
    auth = token("lezen")
    antwoord = client.post(
        "/api/v1/inburgeraars/zoeken/", json.dumps({"bsn": BSN_13}), content_type="application/json", **auth
    )
    assert antwoord.status_code == 200 and antwoord.json()["bsn"] == BSN_13
    assert (
        client.post(
            "/api/v1/inburgeraars/zoeken/", {"bsn": "999999999"}, content_type="application/json", **auth
        ).status_code
        == 404
    )
    detail = client.get(f"/api/v1/inburgeraars/{antwoord.json()['id']}/?peildatum=2016-06-01", **auth).json()
    assert detail["status"] == "plichtig" and detail["peildatum"] == "2016-06-01"
    soorten = [f["soort"] for f in detail["feiten"]]
    assert "kennisgeving" in soorten and "boete" in soorten
    assert any(f["ingetrokken"] for f in detail["feiten"] if f["soort"] == "examen")
    assert "2016-02-29 + 3 jaar − 1 dag = 2019-02-27" in " ".join(detail["uitleg"]["termijn_einde"])
    assert any(p["naam"] == "termijn_jaren" for p in detail["parameters"])
    assert client.get("/api/v1/inburgeraars/00000000-0000-0000-0000-000000000000/", **auth).status_code == 404


def test_paginering_met_cursor(client: Client, tmp_path: Path) -> None:
    call_command("demo_populatie", "--aantal", "250", "--seed", "3", "--tot-datum", "2026-01-01", "--importeer")
    auth = token("lezen")
    gezien: list[str] = []
    url: str | None = "/api/v1/inburgeraars/?page_size=100"
    while url:
        data = client.get(url, **auth).json()
        gezien += [r["id"] for r in data["results"]]
        url = data["next"]
    assert len(gezien) == len(set(gezien)) == Inburgeraar.objects.filter(datum_plicht__lte=VANDAAG).count()
