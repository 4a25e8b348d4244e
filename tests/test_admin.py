"""The admin for the functioneel beheerder: bronnen editable, everything else read-only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Bron, Inburgeraar, detail_models
from tests.factories import maak_feit

pytestmark = pytest.mark.django_db


def test_bron_kan_worden_toegevoegd_maar_niet_verwijderd(beheerder_client: Client) -> None:
    response = beheerder_client.post(
        reverse("admin:cases_bron_add"), {"code": "GM0344", "naam": "Gemeente Utrecht", "actief": "on"}
    )
    assert response.status_code == 302
    assert Bron.objects.get(code="GM0344").naam == "Gemeente Utrecht"
    assert beheerder_client.get(reverse("admin:cases_bron_delete", args=["GM0344"])).status_code == 403


def test_ongeldige_broncode_krijgt_een_nederlandse_melding(beheerder_client: Client) -> None:
    response = beheerder_client.post(reverse("admin:cases_bron_add"), {"code": "duo 2", "naam": "x"})
    assert response.status_code == 200
    assert "Een broncode bestaat uit" in response.content.decode()
    assert not Bron.objects.filter(naam="x").exists()


@pytest.mark.parametrize("soort", sorted(detail_models()))
def test_elke_feitsoort_is_alleen_te_bekijken(beheerder_client: Client, inburgeraar: Inburgeraar, soort: str) -> None:
    detail = maak_feit(soort, inburgeraar, kenmerk=f"ZOEK-{soort}")
    meta = detail._meta
    lijst = beheerder_client.get(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"), {"q": f"ZOEK-{soort}"}
    )
    assert lijst.status_code == 200
    inhoud = lijst.content.decode()
    assert f"ZOEK-{soort}" in inhoud
    # Provenance: bron and a link to the inburgeraar.
    assert reverse("admin:cases_inburgeraar_change", args=[inburgeraar.pk]) in inhoud
    assert beheerder_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
    wijzig = beheerder_client.post(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[detail.pk]), {})
    assert wijzig.status_code == 403  # viewing only: a POST is refused
    assert (
        beheerder_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[detail.pk])).status_code
        == 403
    )


def test_feit_zoeken_op_kenmerk_en_link_naar_inburgeraar(beheerder_client: Client, inburgeraar: Inburgeraar) -> None:
    examen = maak_feit("examen", inburgeraar, kenmerk="E-42")
    maak_feit("examen", inburgeraar, kenmerk="E-43")
    lijst = beheerder_client.get(reverse("admin:cases_feit_changelist"), {"q": "E-42"}).content.decode()
    assert "E-42" in lijst and "E-43" not in lijst
    pagina = beheerder_client.get(reverse("admin:cases_feit_change", args=[examen.pk])).content.decode()
    assert reverse("admin:cases_inburgeraar_change", args=[inburgeraar.pk]) in pagina
    assert "lezen" in pagina  # the detail content is shown
    dossier = beheerder_client.get(reverse("admin:cases_inburgeraar_change", args=[inburgeraar.pk])).content.decode()
    assert "E-42" in dossier and "E-43" in dossier


def test_gemeenten_en_inburgeraars_zijn_alleen_te_bekijken(beheerder_client: Client, inburgeraar: Inburgeraar) -> None:
    assert beheerder_client.get(reverse("admin:cases_gemeente_add")).status_code == 403
    assert beheerder_client.get(reverse("admin:cases_inburgeraar_add")).status_code == 403
    assert "Utrecht" in beheerder_client.get(reverse("admin:cases_gemeente_changelist"), {"q": "0344"}).content.decode()


def test_admin_is_in_het_nederlands(client: Client) -> None:
    pagina = client.get(reverse("admin:login")).content.decode()
    assert "Gebruikersnaam" in pagina and "Wachtwoord" in pagina
