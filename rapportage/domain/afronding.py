"""Percentages as the published tables round them (besluiten B-10).

Exact integer arithmetic throughout: a percentage of two counts is a fraction, and where the
sources round half up, 0.5 must be 0.5 — never 0.49999… of a binary float.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def half_naar_boven(teller: int, noemer: int, decimalen: int = 0) -> Decimal:
    """`teller / noemer` as a percentage, rounded half up to `decimalen` decimals (R1, R5 per cell;
    R3 Wi2013 to one decimal). A noemer of 0 gives 0: an empty column has no share to show."""
    if teller < 0 or noemer < 0 or decimalen < 0:
        raise ValueError("tellers, noemers en decimalen zijn niet negatief")
    if noemer == 0:
        return Decimal(0).scaleb(-decimalen)
    schaal = 10**decimalen
    # round(x) half up for x = a / b >= 0 is floor((2a + b) / 2b)
    a, b = teller * 100 * schaal, noemer
    return Decimal((2 * a + b) // (2 * b)).scaleb(-decimalen)


def grootste_rest(tellers: Sequence[int], totaal: int = 100) -> list[int]:
    """Whole percentages of `tellers` relative to their sum that add up to exactly `totaal` (R2 per
    row; R3 Wi2021 over the doelgroepen): every share rounded down, then the points still missing go
    to the largest remainders; of equal remainders the first column gets the point first."""
    if any(t < 0 for t in tellers):
        raise ValueError("tellers zijn niet negatief")
    noemer = sum(tellers)
    if noemer == 0:
        return [0 for _ in tellers]
    delen = [divmod(t * totaal, noemer) for t in tellers]
    uitkomst = [heel for heel, _ in delen]
    tekort = totaal - sum(uitkomst)
    volgorde = sorted(range(len(tellers)), key=lambda i: (-delen[i][1], i))
    for i in volgorde[:tekort]:
        uitkomst[i] += 1
    return uitkomst
