"""The dossier page, login and sessions, the commands `medewerker` and `inzage`, production settings."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from cases.models import Medewerker, Verwerking
from tests.backoffice.conftest import WACHTWOORD, Bevolking


def test_dossierpagina_met_uitleg_tijdlijn_en_peildatum(bevolking: Bevolking) -> None:
    b = bevolking
    client = b.client("km_a")
    # Someone of gemeente A with a retracted fact and an uitleg for the termijn.
    kandidaten = [
        pid for pid in b.van(b.gemeente_a) if b.dossiers[pid].kennisgeving is not None and b.dossiers[pid].examens
    ]
    persoon = b.personen[kandidaten[0]]
    r = client.get(f"/dossiers/{persoon.uuid}/")
    assert r.status_code == 200
    tekst = r.content.decode()
    for kop in (persoon.achternaam, persoon.bsn, "Wat de regels afleiden", "Uitleg: Status", "Tijdlijn van de feiten"):
        assert kop in tekst
    u = r.context["u"]
    assert u.status in tekst and all(regel in tekst for regel in u.uitleg["status"])
    assert len(r.context["tijdlijn"]) == persoon.feiten.count()
    # As it was on an earlier day: fewer facts, and the notice says so.
    eerder = persoon.datum_plicht.isoformat()
    oud = client.get(f"/dossiers/{persoon.uuid}/?peildatum={eerder}")
    assert oud.status_code == 200 and "zoals het was op" in oud.content.decode()
    assert all(item["feit"].ingangsdatum.isoformat() <= eerder for item in oud.context["tijdlijn"])
    assert len(oud.context["tijdlijn"]) < len(r.context["tijdlijn"])
    assert client.get(f"/dossiers/{persoon.uuid}/?peildatum=9999-01-01").status_code == 400
    assert client.get("/dossiers/geen-uuid/").status_code == 404


def test_ingetrokken_feiten_zijn_doorgestreept_met_reden(bevolking: Bevolking) -> None:
    b = bevolking
    met_intrekking = [
        pid for pid in sorted(b.personen) if b.personen[pid].feiten.filter(ingetrokken_door__isnull=False).exists()
    ]
    assert met_intrekking, "the demo population retracts facts"
    pid = met_intrekking[0]
    gemeente = b.dossiers[pid].gemeente_op(timezone.localdate())
    user = get_user_model().objects.create_user(username="km_x", password=WACHTWOORD)
    Medewerker.objects.create(user=user, rol="klantmanager", gemeente_id=gemeente)
    client = Client()
    client.force_login(user)
    r = client.get(f"/dossiers/{b.personen[pid].uuid}/")
    assert "<del>" in r.content.decode() and "Ingetrokken op" in r.content.decode()


def test_inloggen_blokkeert_na_vijf_fouten(bevolking: Bevolking) -> None:
    client = Client()
    for _ in range(5):
        r = client.post("/inloggen/", {"username": "km_a", "password": "fout"})
        assert r.status_code in (200, 429)
    r = client.post("/inloggen/", {"username": "km_a", "password": WACHTWOORD})
    assert r.status_code == 429 and "Tijdelijk geblokkeerd" in r.content.decode()
    # Another user is not affected; the right password logs in and lands on the start page.
    ok = Client().post("/inloggen/", {"username": "km_b", "password": WACHTWOORD})
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


def test_uitloggen_alleen_met_post(bevolking: Bevolking) -> None:
    client = bevolking.client("km_a")
    assert client.get("/uitloggen/").status_code == 405
    assert client.post("/uitloggen/").status_code == 302
    assert client.get("/werkvoorraad/").status_code == 302


def test_commando_medewerker(db: None) -> None:
    out = io.StringIO()
    call_command("medewerker", "anne", "--gemeente", "0363", "--rol", "klantmanager", stdout=out)
    regels = out.getvalue().splitlines()
    assert "aangemaakt" in regels[0] and len(regels[-1]) >= 12
    assert get_user_model().objects.get(username="anne").check_password(regels[-1])
    out = io.StringIO()
    call_command("medewerker", "anne", "--gemeente", "0344", "--rol", "teamleider", stdout=out)
    m = Medewerker.objects.get(user__username="anne")
    assert (m.rol, m.gemeente_id) == ("teamleider", "0344") and "bijgewerkt" in out.getvalue()
    assert "Wachtwoord" not in out.getvalue()
    sys_stdin = sys.stdin
    try:
        sys.stdin = io.StringIO("een-heel-goed-wachtwoord-42\n")
        call_command("medewerker", "bert", "--rol", "beheerder", "--wachtwoord-stdin", stdout=io.StringIO())
    finally:
        sys.stdin = sys_stdin
    bert = get_user_model().objects.get(username="bert")
    assert bert.check_password("een-heel-goed-wachtwoord-42") and bert.is_staff
    with pytest.raises(CommandError, match="hoort bij een gemeente"):
        call_command("medewerker", "carl", "--rol", "klantmanager")
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("medewerker", "carl", "--rol", "klantmanager", "--gemeente", "9999")
    assert not get_user_model().objects.filter(username="carl").exists()


def test_inzage(bevolking: Bevolking) -> None:
    b = bevolking
    persoon = b.personen[min(b.van(b.gemeente_a))]
    b.client("km_a").get(f"/dossiers/{persoon.uuid}/")
    b.client("km_b").post("/zoeken/", {"bsn": persoon.bsn})  # searched in vain from another gemeente
    sys_stdin, out = sys.stdin, io.StringIO()
    try:
        sys.stdin = io.StringIO(persoon.bsn + "\n")
        call_command("inzage", stdout=out)
    finally:
        sys.stdin = sys_stdin
    uit = json.loads(out.getvalue())
    assert set(uit) == {"persoon", "feiten", "afgeleid", "verwerkingen"}
    assert uit["persoon"]["bsn"] == persoon.bsn and len(uit["feiten"]) == persoon.feiten.count()
    assert {v["handeling"] for v in uit["verwerkingen"]} == {"dossier_bekeken", "gezocht"}
    assert {v["gemeente"] for v in uit["verwerkingen"]} == {b.gemeente_a, b.gemeente_b}
    assert "km_a" not in out.getvalue() and "km_b" not in out.getvalue()  # never the medewerker
    assert set(uit["verwerkingen"][0]) == {"tijdstip", "handeling", "verwerkingsactiviteit", "gemeente", "rol"}
    assert Verwerking.objects.count() == 2


def test_productie_instellingen_doorstaan_check_deploy() -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": "k" * 20 + "-Zq9!x" + "p" * 40,
        "ALLOWED_HOSTS": "inburgering.example.nl",
    }
    r = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr
