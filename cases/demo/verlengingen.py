"""Verlengingen of besluiten B-3 within their maxima, for both stelsels."""

from __future__ import annotations

import datetime as dt

from cases.demo.basis import _Basis, _Dossier
from cases.demo.cijfers import Waarde


class _Verlengingen(_Basis):
    """Verlengingen (besluiten B-3) of both stelsels."""

    def verlenging(self, d: _Dossier, besluit: int, grond: str, /, **duur: Waarde) -> None:
        self.feit(d, "verlenging", besluit, besluitdatum=self.iso(besluit), grond=grond, **duur)

    def verlengingen_beide(self, d: _Dossier, einde: int, laag: int, hoog: int) -> int:
        """Grounds of both stelsels (besluiten B-3); ``tot`` only without a maximum and never after tot_datum."""
        rng = self.rng
        if hoog < laag:
            return einde
        if self.kans(0.012):
            besluit = self.dag(laag, hoog)
            vorm = rng.random()
            if vorm < 0.5:
                self.verlenging(d, besluit, "overlijden_familielid", maanden=rng.randint(1, 3))
            elif vorm < 0.8:
                self.verlenging(d, besluit, "overlijden_familielid", weken=rng.randint(4, 13))
            else:
                self.verlenging(d, besluit, "overlijden_familielid", dagen=rng.randint(30, 93))
            einde += 90
        if d.vrouw and self.kans(0.05):
            besluit = self.dag(laag, hoog)
            vorm = rng.random()
            if vorm < 0.75:
                self.verlenging(d, besluit, "bevalling", weken=16)
            elif vorm < 0.9:
                self.verlenging(d, besluit, "bevalling", dagen=rng.randint(60, 112))
            else:
                self.verlenging(d, besluit, "bevalling", maanden=3)
            einde += 112
        for grond, kans in (("ziekte", 0.03), ("opleiding", 0.008), ("onderbreking_verblijf", 0.008),
                            ("overig", 0.01)):  # fmt: skip
            if self.kans(kans):
                einde = self.verlenging_zonder_maximum(d, grond, einde, laag, hoog)
        # Exam backlog at DUO (end 2023 / 2024, regels.md EXR-3): proportional extra time.
        laag_e, hoog_e = max(laag, dt.date(2023, 10, 1).toordinal()), min(hoog, dt.date(2024, 12, 31).toordinal())
        if laag_e <= hoog_e and hoog_e >= einde - 365 and self.kans(0.2):
            besluit = self.dag(laag_e, hoog_e)
            weken = rng.randint(4, 12)
            self.verlenging(d, besluit, "examencapaciteit", weken=weken)
            einde += weken * 7
        return einde

    def verlenging_zonder_maximum(self, d: _Dossier, grond: str, einde: int, laag: int, hoog: int) -> int:
        rng = self.rng
        besluit = self.dag(laag, hoog)
        tot = max(einde, besluit) + rng.randint(30, 365)
        if tot <= self.tot and self.kans(0.4):
            self.verlenging(d, besluit, grond, tot=self.iso(tot))
            return tot
        maanden = rng.randint(2, 12)
        if self.kans(0.2):
            self.verlenging(d, besluit, grond, dagen=maanden * 30)
        else:
            self.verlenging(d, besluit, grond, maanden=maanden)
        return einde + round(maanden * 30.44)
