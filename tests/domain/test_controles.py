"""The rules the batch applies between records, as pure functions (no database): besluiten B-11,
the CBS list of the year of receipt, one valid kennisgeving per person (koppelvlak §3)."""

from __future__ import annotations

import datetime as dt

from cases.domain import controles
from cases.domain.controles import Persoon

D = dt.date.fromisoformat


def test_b11_zelfde_soort_en_inhoud_is_ongewijzigd_anders_kenmerk_hergebruikt() -> None:
    assert controles.herhaling("K-1", "pip", "h1", "pip", "h1") == []
    (fout,) = controles.herhaling("K-1", "pip", "h2", "pip", "h1")
    assert (fout.veld, fout.code) == ("kenmerk", "kenmerk_hergebruikt") and "(pip)" in fout.melding
    (fout,) = controles.herhaling("K-1", "aanbod", "h1", "pip", "h1")  # same hash, other kind
    assert fout.code == "kenmerk_hergebruikt"


def test_gemeenten_van_het_jaar_van_ontvangst() -> None:
    lijst = [("0344", None), ("1900", D("2025-12-31")), ("0001", D("2024-12-31"))]
    in_gebruik = controles.gemeenten_in_gebruik(lijst, D("2025-06-01"))
    assert in_gebruik == frozenset({"0344", "1900"})  # ended during the year: still this year's list
    assert controles.gemeenten_in_gebruik(lijst, D("2026-01-01")) == frozenset({"0344"})
    assert controles.controleer_gemeente("0344", in_gebruik) == []
    (fout,) = controles.controleer_gemeente("0001", in_gebruik)
    assert (fout.veld, fout.code) == ("gemeente", "onbekende_gemeente")


def test_een_geldige_kennisgeving_per_persoon() -> None:
    assert controles.controleer_nieuwe_kennisgeving(None) == []
    ingetrokken = Persoon("wi2021", "asiel", D("2022-03-14"), geldige_kennisgeving=False)
    assert controles.controleer_nieuwe_kennisgeving(ingetrokken) == []
    geldig = Persoon("wi2021", "asiel", D("2022-03-14"), geldige_kennisgeving=True)
    (fout,) = controles.controleer_nieuwe_kennisgeving(geldig)
    assert (fout.veld, fout.code) == ("bsn", "kennisgeving_bestaat")
