"""The rounding rules of the tables (besluiten B-10) against the published figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rapportage.domain.afronding import grootste_rest, half_naar_boven

# Tabel 5 'Cijfers Wi2013' of the uitvoeringsbrief of 24 June 2024 (DUO, peildatum 1 May 2024):
# cohort: (voldaan, ontheven, nog plichtig) and the published percentages of the row.
TABEL_5 = {
    2013: ((7177, 1955, 171), (77, 21, 2)),
    2014: ((12992, 3677, 352), (76, 22, 2)),
    2015: ((17991, 5836, 538), (74, 24, 2)),
    2016: ((21842, 9082, 833), (69, 28, 3)),
    2017: ((13888, 6441, 989), (65, 30, 5)),
    2018: ((12401, 3851, 1597), (69, 22, 9)),
    2019: ((11640, 2825, 2618), (68, 17, 15)),
    2020: ((11864, 1663, 6253), (60, 8, 32)),
    2021: ((7458, 743, 17027), (30, 3, 67)),
    2022: ((253, 5, 1821), (12, 0, 88)),
    2023: ((67, 2, 395), (15, 0, 85)),
    2024: ((1, 0, 122), (1, 0, 99)),
}


@pytest.mark.parametrize("cohort", sorted(TABEL_5))
def test_r2_grootste_rest_geeft_tabel_5(cohort: int) -> None:
    aantallen, gepubliceerd = TABEL_5[cohort]
    assert grootste_rest(aantallen) == list(gepubliceerd)
    assert sum(grootste_rest(aantallen)) == 100


def test_r2_half_naar_boven_zou_tabel_5_niet_geven() -> None:
    """Why R2 needs its own rule: per cell half up, cohort 2016 would not add up to 100."""
    aantallen, _ = TABEL_5[2016]
    per_cel = [half_naar_boven(a, sum(aantallen)) for a in aantallen]
    assert per_cel == [Decimal(69), Decimal(29), Decimal(3)] and sum(per_cel) == 101


def test_gelijke_resten_eerst_de_eerste_kolom() -> None:
    assert grootste_rest([1, 1, 1]) == [34, 33, 33]
    assert grootste_rest([0, 1, 1]) == [0, 50, 50]
    assert grootste_rest([0, 0, 0]) == [0, 0, 0]


def test_r1_per_cel_half_naar_boven_cohort_2014_asiel_is_101() -> None:
    # Kamerstuk 32 824 nr. 202, table 'Cohort 2014', column asiel (DUO, peildatum 1-1-2018).
    totaal, voldaan, ontheven, nog = 10380, 4753, 1097, 4530
    cellen = [half_naar_boven(n, totaal) for n in (voldaan, ontheven, nog)]
    assert cellen == [Decimal(46), Decimal(11), Decimal(44)] and sum(cellen) == 101


def test_r3_kerncijfers() -> None:
    # Wi2013 kerncijfers (par. 4.1 of the 2024 letter): one decimal, half up, of opgelegd.
    assert half_naar_boven(111633, 196659, 1) == Decimal("56.8")
    assert half_naar_boven(36080, 196659, 1) == Decimal("18.3")
    # Wi2021 (par. 2.2.2): nog plichtig per doelgroep by largest remainder of nog plichtig.
    assert grootste_rest([48745, 21977, 1509]) == [68, 30, 2]


def test_half_is_half() -> None:
    assert half_naar_boven(1, 8) == Decimal(13)  # 12.5 → 13, not a float's 12
    assert half_naar_boven(1, 200, 1) == Decimal("0.5")
    assert half_naar_boven(1, 400, 1) == Decimal("0.3")  # 0.25 → 0.3
    assert half_naar_boven(5, 0) == Decimal(0)
    with pytest.raises(ValueError):
        half_naar_boven(-1, 5)
