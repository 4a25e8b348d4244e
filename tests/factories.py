"""Factories for tests. Facts are written here directly because the tests need rows of
every kind without going through a delivery; the application itself writes them only
through the batch service."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from decimal import Decimal
from typing import Any

import factory

from cases.demo import synthetisch_bsn
from cases.models import Bron, Feit, FeitDetail, Gemeente, Inburgeraar, detail_models

_volgnummer = itertools.count(1)


class InburgeraarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inburgeraar

    bsn = factory.LazyFunction(lambda: synthetisch_bsn(next(_volgnummer)))
    achternaam = "Haddad"
    voornamen = "Samir"
    geboortedatum = dt.date(1990, 4, 12)
    stelsel = "wi2021"
    doelgroep = "asiel"
    datum_plicht = dt.date(2022, 3, 14)
    gemeente = factory.LazyFunction(lambda: Gemeente.objects.get(code="0344"))


# One valid content per kind, enough to store a row of every detail table.
VOORBEELD: dict[str, dict[str, Any]] = {
    "kennisgeving": {
        "bsn": "111222333",
        "achternaam": "Haddad",
        "voornamen": "Samir",
        "geboortedatum": dt.date(1990, 4, 12),
        "gemeente_id": "0344",
        "doelgroep": "asiel",
        "stelsel": "wi2021",
        "datum_plicht": dt.date(2022, 3, 14),
        "datum_kennisgeving": dt.date(2022, 4, 1),
    },
    "verhuizing": {"gemeente_id": "0363", "datum": dt.date(2023, 1, 1)},
    "leerbaarheidstoets": {"datum": dt.date(2022, 5, 1), "uitslag": "haalbaar"},
    "pip": {"dagtekening": dt.date(2022, 7, 1), "leerroute": "b1", "afschalen": ["spreken"]},
    "aanbod": {"datum_start": dt.date(2022, 9, 1)},
    "coa_verblijf": {"datum_van": dt.date(2022, 3, 1), "datum_tot": dt.date(2022, 8, 1)},
    "lesuren": {"datum": dt.date(2023, 1, 31), "uren": 120, "keurmerk": True},
    "examen": {"datum": dt.date(2023, 3, 1), "onderdeel": "lezen", "niveau": "b1", "resultaat": "behaald"},
    "module": {"onderdeel": "pvt", "datum_afgerond": dt.date(2023, 2, 1)},
    "diploma": {"soort_diploma": "staatsexamen_nt2", "datum": dt.date(2024, 6, 1)},
    "voldaan": {"datum": dt.date(2024, 7, 1)},
    "vrijstelling": {"datum": dt.date(2023, 1, 1), "grond": "diploma"},
    "ontheffing": {"datum": dt.date(2024, 1, 1), "grond": "medisch"},
    "verlenging": {"besluitdatum": dt.date(2025, 2, 3), "grond": "bevalling", "weken": 16},
    "vervallen": {"datum": dt.date(2025, 1, 1), "reden": "vertrek"},
    "lening": {"datum": dt.date(2023, 1, 1), "bedrag_geleend": Decimal("9500.00")},
    "boete": {"besluitdatum": dt.date(2025, 8, 1), "bedrag": Decimal("500.00"), "soort_boete": "termijnoverschrijding"},
    "intrekking": {"datum": dt.date(2025, 1, 2), "reden": "Onjuist aangeleverd"},
}


def maak_feit(
    soort: str,
    inburgeraar: Inburgeraar,
    *,
    bron: str = "DUO",
    kenmerk: str | None = None,
    ingangsdatum: dt.date = dt.date(2022, 3, 14),
    **waarden: Any,
) -> FeitDetail:
    """Store a fact of `soort` with its detail row; returns the detail row."""
    velden = {**VOORBEELD[soort], **waarden}
    feit = Feit.objects.create(
        bron=Bron.objects.get(code=bron),
        kenmerk=kenmerk or f"T-{soort}-{next(_volgnummer)}",
        soort=soort,
        inburgeraar=inburgeraar,
        ingangsdatum=ingangsdatum,
        inhoud_hash=hashlib.sha256(repr(sorted(velden.items())).encode()).hexdigest(),
    )
    model = detail_models()[soort]
    if soort == "intrekking" and "ingetrokken" not in velden:
        velden["ingetrokken"] = maak_feit("voldaan", inburgeraar, bron=bron).feit
    return model._default_manager.create(feit=feit, **velden)
