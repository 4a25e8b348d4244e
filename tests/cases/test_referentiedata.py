from __future__ import annotations

import pytest

from cases.models import Bron, Gemeente

pytestmark = pytest.mark.django_db


def test_gemeentelijst_cbs_2026_is_geladen() -> None:
    # CBS: 342 gemeenten in force on 2025-01-01 and 2026-01-01.
    assert Gemeente.objects.filter(geldig_tot__isnull=True).count() == 342
    assert Gemeente.objects.get(code="0344").naam == "Utrecht"
    assert Gemeente.objects.get(code="0363").naam == "Amsterdam"
    assert Gemeente.objects.get(code="1940").naam == "De Fryske Marren"
    # Earlier codes are kept with their end date: Weesp joined Amsterdam on 2022-03-24.
    weesp = Gemeente.objects.get(code="0457")
    assert weesp.naam == "Weesp" and weesp.geldig_tot is not None and weesp.geldig_tot.isoformat() == "2022-03-23"
    assert all(len(code) == 4 and code.isdigit() for code in Gemeente.objects.values_list("code", flat=True))


def test_bron_duo_is_geladen() -> None:
    assert Bron.objects.get(code="DUO").actief
