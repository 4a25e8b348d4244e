"""Every view and action against every persona (backoffice.md, Rollen): each cell asserted."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.backoffice.conftest import Bevolking

PERSONAS = ("anoniem", "km_a", "km_b", "tl_a", "beleid", "beheer")

# What each persona gets per action: a status code, or where a redirect leads.
ACTIES = ("start", "werkvoorraad", "export", "dossier_a", "zoeken_a", "bulk", "toewijzen_a", "logboek")
LOGIN, START_KM, DOSSIER = "/inloggen/", "/werkvoorraad/?klantmanager=mij", "/dossiers/"
MATRIX: dict[str, tuple[object, ...]] = {
    #          start            werkvoorraad export dossier_a zoeken_a  bulk   toewijzen_a logboek
    "anoniem": (LOGIN,          LOGIN,       LOGIN,  LOGIN,   LOGIN,    LOGIN, LOGIN,      LOGIN),
    "km_a":    (START_KM,       200,         200,    200,     DOSSIER,  403,   DOSSIER,    403),
    "km_b":    (START_KM,       200,         200,    404,     200,      403,   404,        403),
    "tl_a":    (START_KM,       200,         200,    200,     DOSSIER,  200,   DOSSIER,    403),
    "beleid":  ("/rapportages/", 403,        403,    403,     403,      403,   403,        403),
    "beheer":  ("/logboek/",    403,         403,    403,     403,      403,   403,        200),
}  # fmt: skip
VERWACHT = {persona: dict(zip(ACTIES, rij, strict=True)) for persona, rij in MATRIX.items()}


def _zonder_tokens(html: bytes) -> str:
    """A page without its CSRF tokens (masked anew on every render)."""
    return re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', r"\1", html.decode())


def _acties(client: Client, b: Bevolking) -> dict[str, object]:
    persoon = b.personen[min(b.van(b.gemeente_a))]
    antwoorden = {
        "start": client.get("/"),
        "werkvoorraad": client.get("/werkvoorraad/?status=alle"),
        "export": client.get("/werkvoorraad/export.csv?status=alle"),
        "dossier_a": client.get(f"/dossiers/{persoon.uuid}/"),
        "zoeken_a": client.post("/zoeken/", {"bsn": persoon.bsn}),
        "bulk": client.post(
            "/werkvoorraad/toewijzen/", {"filters": "status=alle", "alles": "1", "klantmanager": "km_a"}
        ),
        "toewijzen_a": client.post(f"/dossiers/{persoon.uuid}/toewijzen/", {"reden": "test", "klantmanager": "km_a"}),
        "logboek": client.get("/logboek/"),
    }
    uit: dict[str, object] = {}
    for actie, r in antwoorden.items():
        if r.status_code == 302:
            doel = r["Location"]
            uit[actie] = "/dossiers/" if doel.startswith("/dossiers/") else doel.split("?next=")[0]
        else:
            uit[actie] = r.status_code
    return uit


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_matrix(bevolking: Bevolking, persona: str) -> None:
    assert _acties(bevolking.client(persona), bevolking) == VERWACHT[persona]


def test_een_dossier_van_een_andere_gemeente_lekt_niet(bevolking: Bevolking) -> None:
    """404 for someone of another gemeente is the same page as for an id that does not exist, and a
    BSN search for him says "niet gevonden" exactly as for a BSN nobody has."""
    b = bevolking
    client = b.client("km_b")
    ander = b.personen[min(b.van(b.gemeente_a))]
    vreemd = client.get(f"/dossiers/{ander.uuid}/")
    onbekend = client.get("/dossiers/00000000-0000-4000-8000-000000000000/")
    assert vreemd.status_code == onbekend.status_code == 404
    assert _zonder_tokens(vreemd.content) == _zonder_tokens(onbekend.content)
    gevonden_niet = client.post("/zoeken/", {"bsn": ander.bsn})
    niemand = client.post("/zoeken/", {"bsn": "111222333"})
    assert gevonden_niet.status_code == niemand.status_code == 200
    assert "Niet gevonden" in gevonden_niet.content.decode()
    assert _zonder_tokens(gevonden_niet.content) == _zonder_tokens(niemand.content)
    assert ander.bsn not in gevonden_niet.content.decode()
