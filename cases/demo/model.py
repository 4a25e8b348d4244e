"""The outcome model: time curves per terminal event, calibrated per cohort so that the expected shares
on the reference peildatum equal the published tables; the allocation of stelsel and cohort."""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

from cases.demo.cijfers import (
    _G_ONTHEVEN,
    _G_ONTHEVEN_21,
    _G_VERVALLEN,
    _G_VOLDAAN,
    _G_VOLDAAN_21,
    _G_VRIJGESTELD,
    _JAAR,
    _MAX_BEEINDIGD,
    _ONTHEVEN_FACTOR,
    _TABEL5_DAGEN_2024,
    _VRIJGESTELD_AANDEEL,
    _WI2013_DOELGROEP,
    _WI2021_A_ONTHEVEN,
    _WI2021_A_VOLDAAN,
    _WI2021_A_VRIJGESTELD,
    _WI2021_DOELGROEP,
    _WI2021_PER_DAG,
    _WI2021_PER_DAG_LATER,
    DOELGROEPEN,
    REFERENTIE_PEILDATUM,
    TABEL5_WI2013,
    WI2013_VERVALLEN,
    Record,
    _Curve,
)

# ---------------------------------------------------------------------------------------------------------------
# Time curves and calibration
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kromme:
    """A piecewise-linear cumulative curve from 0 to 1 over years since datum_plicht."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    @classmethod
    def van(cls, punten: _Curve) -> _Kromme:
        return cls(tuple(float(x) for x, _ in punten), tuple(float(y) for _, y in punten))

    def waarde(self, t: float) -> float:
        xs, ys = self.xs, self.ys
        if t <= 0.0:
            return 0.0
        if t >= xs[-1]:
            return ys[-1]
        i = bisect.bisect_right(xs, t)
        x0, x1, y0 = xs[i - 1], xs[i], ys[i - 1]
        return y0 + (ys[i] - y0) * (t - x0) / (x1 - x0)

    def invers(self, u: float) -> float:
        """The t with waarde(t) == u, for 0 < u < 1."""
        xs, ys = self.xs, self.ys
        i = bisect.bisect_right(ys, u)
        if i >= len(ys):
            return xs[-1]
        y0, y1, x0 = ys[i - 1], ys[i], xs[i - 1]
        return x0 + (xs[i] - x0) * (u - y0) / (y1 - y0)


_K_VOLDAAN = _Kromme.van(_G_VOLDAAN)
_K_ONTHEVEN = _Kromme.van(_G_ONTHEVEN)
_K_VRIJGESTELD = _Kromme.van(_G_VRIJGESTELD)
_K_VERVALLEN = _Kromme.van(_G_VERVALLEN)
_K_VOLDAAN_21 = _Kromme.van(_G_VOLDAAN_21)
_K_ONTHEVEN_21 = _Kromme.van(_G_ONTHEVEN_21)


@dataclass(frozen=True)
class _Uitkomstmodel:
    """Eventual shares per terminal kind and the curves, for one stelsel and cohort.

    ``snelheid`` scales time (a cohort that finished faster than the shared curves). The voldaan + ontheven
    amplitude is split per doelgroep with ``ontheven_aandeel`` (besluiten B-6 statuses)."""

    voldaan_of_ontheven: float
    ontheven_aandeel: float
    vrijgesteld: float
    vervallen: float
    snelheid: float
    k_voldaan: _Kromme
    k_ontheven: _Kromme
    doelgroep_mix: tuple[float, float, float]

    def ontheven_aandeel_voor(self, doelgroep: str) -> float:
        noemer = sum(m * _ONTHEVEN_FACTOR[d] for m, d in zip(self.doelgroep_mix, DOELGROEPEN, strict=True))
        return min(0.95, self.ontheven_aandeel * _ONTHEVEN_FACTOR[doelgroep] / noemer)

    def amplitudes(self, doelgroep: str) -> tuple[float, float, float, float]:
        """Eventual shares (voldaan, vrijgesteld, ontheven, vervallen) for this doelgroep."""
        r = self.ontheven_aandeel_voor(doelgroep)
        return (self.voldaan_of_ontheven * (1 - r), self.vrijgesteld, self.voldaan_of_ontheven * r, self.vervallen)

    def curves(self) -> tuple[_Kromme, _Kromme, _Kromme, _Kromme]:
        return (self.k_voldaan, _K_VRIJGESTELD, self.k_ontheven, _K_VERVALLEN)

    def kansen(self, doelgroep: str, jaren: float) -> tuple[float, float, float, float, float]:
        """Expected status shares (STATUSSEN order) at ``jaren`` years after datum_plicht."""
        t = jaren * self.snelheid
        a = self.amplitudes(doelgroep)
        k = tuple(ak * c.waarde(t) for ak, c in zip(a, self.curves(), strict=True))
        return (1.0 - sum(k), k[0], k[1], k[2], k[3])


def _referentie_jaren(jaar: int) -> list[float]:
    """Years between mid-month datum_plicht in ``jaar`` and the reference peildatum (for averaging curves)."""
    uit = []
    for maand in range(1, 13):
        d = dt.date(jaar, maand, 15)
        if d <= REFERENTIE_PEILDATUM:
            uit.append((REFERENTIE_PEILDATUM - d).days / _JAAR)
    return uit


def _gemiddeld(kromme: _Kromme, jaren: Sequence[float], snelheid: float) -> float:
    return sum(kromme.waarde(t * snelheid) for t in jaren) / len(jaren)


def _wi2013_model(cohort: int, a_vervallen: float) -> _Uitkomstmodel:
    """Calibrate a Wi2013 cohort to Tabel 5: the expected shares on 2024-05-01 among the non-vervallen equal the
    published voldaan / ontheven / nog plichtig; the cohort's clock runs faster when needed to keep the eventual
    ended share below ``_MAX_BEEINDIGD``."""
    voldaan, ontheven, plichtig = TABEL5_WI2013[min(cohort, 2024)]
    totaal = voldaan + ontheven + plichtig
    jaren = _referentie_jaren(min(cohort, 2024))
    mix = _WI2013_DOELGROEP.get(cohort, _WI2013_DOELGROEP[2022])

    def amplitudes(snelheid: float) -> tuple[float, float, float]:
        q = 1.0 - a_vervallen * _gemiddeld(_K_VERVALLEN, jaren, snelheid)
        a_vd = (1 - _VRIJGESTELD_AANDEEL) * voldaan / totaal * q / _gemiddeld(_K_VOLDAAN, jaren, snelheid)
        a_vr = _VRIJGESTELD_AANDEEL * voldaan / totaal * q / _gemiddeld(_K_VRIJGESTELD, jaren, snelheid)
        a_o = ontheven / totaal * q / _gemiddeld(_K_ONTHEVEN, jaren, snelheid)
        return a_vd, a_vr, a_o

    snelheid = 1.0
    if sum(amplitudes(1.0)) + a_vervallen > _MAX_BEEINDIGD:
        laag, hoog = 1.0, 3.0
        for _ in range(30):
            midden = (laag + hoog) / 2
            if sum(amplitudes(midden)) + a_vervallen > _MAX_BEEINDIGD:
                laag = midden
            else:
                hoog = midden
        snelheid = hoog
    a_vd, a_vr, a_o = amplitudes(snelheid)
    schaal = min(1.0, (1.0 - a_vervallen) / (a_vd + a_vr + a_o))  # never above 1 in total
    a_vd, a_vr, a_o = a_vd * schaal, a_vr * schaal, a_o * schaal
    return _Uitkomstmodel(
        voldaan_of_ontheven=a_vd + a_o,
        ontheven_aandeel=a_o / (a_vd + a_o) if a_vd + a_o else 0.0,
        vrijgesteld=a_vr,
        vervallen=a_vervallen,
        snelheid=snelheid,
        k_voldaan=_K_VOLDAAN,
        k_ontheven=_K_ONTHEVEN,
        doelgroep_mix=mix,
    )


def _vervallen_op_referentie(a_vervallen: float) -> float:
    """Expected number of vervallen Wi2013 persons on 2024-05-01 given Tabel 5 (which excludes them)."""
    totaal = 0.0
    for cohort, rij in TABEL5_WI2013.items():
        model = _wi2013_model(cohort, a_vervallen)
        q = 1.0 - a_vervallen * _gemiddeld(_K_VERVALLEN, _referentie_jaren(cohort), model.snelheid)
        totaal += sum(rij) * (1.0 / q - 1.0)
    return totaal


@dataclass(frozen=True)
class _Kalibratie:
    wi2013: dict[int, _Uitkomstmodel]
    wi2021: _Uitkomstmodel
    wi2013_grootte: dict[int, float]  # cohort size including vervallen (Tabel 5 / share not vervallen)


@cache
def _kalibratie() -> _Kalibratie:
    # The vervallen amplitude is shared by all cohorts and stelsels; it is set so that the Wi2013 total on the
    # reference date equals the kerncijfers (10,289 vervallen).
    laag, hoog = 0.0, 0.5
    for _ in range(25):
        midden = (laag + hoog) / 2
        if _vervallen_op_referentie(midden) < WI2013_VERVALLEN:
            laag = midden
        else:
            hoog = midden
    a_vervallen = (laag + hoog) / 2
    wi2013 = {cohort: _wi2013_model(cohort, a_vervallen) for cohort in TABEL5_WI2013}
    grootte = {}
    for cohort, rij in TABEL5_WI2013.items():
        q = 1.0 - a_vervallen * _gemiddeld(_K_VERVALLEN, _referentie_jaren(cohort), wi2013[cohort].snelheid)
        grootte[cohort] = sum(rij) / q
    a_o = _WI2021_A_ONTHEVEN
    wi2021 = _Uitkomstmodel(
        voldaan_of_ontheven=_WI2021_A_VOLDAAN + a_o,
        ontheven_aandeel=a_o / (_WI2021_A_VOLDAAN + a_o),
        vrijgesteld=_WI2021_A_VRIJGESTELD,
        vervallen=a_vervallen,
        snelheid=1.0,
        k_voldaan=_K_VOLDAAN_21,
        k_ontheven=_K_ONTHEVEN_21,
        doelgroep_mix=_WI2021_DOELGROEP,
    )
    return _Kalibratie(wi2013=wi2013, wi2021=wi2021, wi2013_grootte=grootte)


def _model(stelsel: str, cohort: int) -> _Uitkomstmodel:
    k = _kalibratie()
    if stelsel == "wi2021":
        return k.wi2021
    return k.wi2013[min(cohort, 2024)]


def _instroom_per_dag(stelsel: str, jaar: int) -> float:
    """Published inflow per day (including those whose plicht later vervalt)."""
    if stelsel == "wi2021":
        return _WI2021_PER_DAG.get(jaar, _WI2021_PER_DAG_LATER) if jaar >= 2022 else 0.0
    grootte = _kalibratie().wi2013_grootte
    if jaar >= 2024:
        return grootte[2024] / _TABEL5_DAGEN_2024
    return grootte[jaar] / ((dt.date(jaar, 12, 31) - dt.date(jaar, 1, 1)).days + 1)


def strata(aantal: int, tot_datum: dt.date) -> list[tuple[str, int, int]]:
    """(stelsel, cohort, number of persons) for ``aantal`` persons with datum_plicht up to ``tot_datum``.

    Proportional to the published inflow per day over the days of each cohort year up to ``tot_datum``, with
    whole numbers by the largest-remainder method."""
    gewichten: list[tuple[str, int, float]] = []
    for jaar in range(2013, tot_datum.year + 1):
        eind = min(dt.date(jaar, 12, 31), tot_datum)
        dagen = (eind - dt.date(jaar, 1, 1)).days + 1
        for stelsel in ("wi2013", "wi2021"):
            gewicht = _instroom_per_dag(stelsel, jaar) * dagen
            if gewicht > 0:
                gewichten.append((stelsel, jaar, gewicht))
    som = sum(g for _, _, g in gewichten)
    exact = [aantal * g / som for _, _, g in gewichten]
    hele = [math.floor(x) for x in exact]
    rest = aantal - sum(hele)
    volgorde = sorted(range(len(exact)), key=lambda i: (-(exact[i] - hele[i]), i))
    for i in volgorde[:rest]:
        hele[i] += 1
    return [(s, j, n) for (s, j, _), n in zip(gewichten, hele, strict=True)]


# ---------------------------------------------------------------------------------------------------------------
# Public data types
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Uitkomst:
    """The status the generator intended for a person on ``tot_datum`` (besluiten B-6)."""

    bsn: str
    stelsel: str
    doelgroep: str
    cohort: int
    status: str
    status_datum: dt.date

    def csv_rij(self) -> list[str]:
        return [self.bsn, self.stelsel, self.doelgroep, str(self.cohort), self.status, self.status_datum.isoformat()]


UITKOMST_KOLOMMEN: Final = ("bsn", "stelsel", "doelgroep", "cohort", "status", "status_datum")


@dataclass(frozen=True)
class Persoon:
    records: list[Record]
    uitkomst: Uitkomst
    verwachting: tuple[float, float, float, float, float]  # expected status shares, STATUSSEN order
    pip_op_peildatum: bool  # Wi2021: a PIP dated on or before tot_datum
    aanbod_op_peildatum: bool  # Wi2021: an aanbod started on or before tot_datum
