"""The generator: one person at a time, deterministic per seed (one random.Random, no clock)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from cases.demo.basis import _Dossier
from cases.demo.cijfers import _JAAR, _ONTERECHT, _ONTERECHT_TUR_2022, DOELGROEPEN, STATUSSEN, synthetisch_bsn
from cases.demo.model import Persoon, Uitkomst, _model, strata
from cases.demo.wi2013 import _Wi2013
from cases.demo.wi2021 import _Wi2021


class _Generator(_Wi2013, _Wi2021):
    """One person at a time: stelsel, cohort, outcome, then the facts of the stelsel."""

    def personen(self) -> Iterator[Persoon]:
        indeling = strata(self.aantal, self.tot_datum)
        rest = [n for _, _, n in indeling]
        over = self.aantal
        for n in range(self.aantal):
            # Draw a stratum without replacement, so the cohort sizes are exact and persons are interleaved.
            r = self.rng.randrange(over)
            i = 0
            while r >= rest[i]:
                r -= rest[i]
                i += 1
            rest[i] -= 1
            over -= 1
            yield self.persoon(n, indeling[i][0], indeling[i][1])

    def persoon(self, n: int, stelsel: str, cohort: int) -> Persoon:
        rng = self.rng
        begin = dt.date(cohort, 1, 1).toordinal()
        plicht = self.dag(begin, min(dt.date(cohort, 12, 31).toordinal(), self.tot))
        model = _model(stelsel, cohort)
        doelgroep = rng.choices(DOELGROEPEN, weights=model.doelgroep_mix)[0]
        nationaliteit = self.nationaliteit(stelsel, doelgroep, plicht)
        vrouw = self.kans({"asiel": 0.4, "gezin": 0.72, "overig": 0.45}[doelgroep])
        d = _Dossier(synthetisch_bsn(n), stelsel, doelgroep, plicht, vrouw)

        # Intended outcome (see the module docstring).
        jaren_tot = (self.tot - plicht) / _JAAR
        kansen = model.kansen(doelgroep, jaren_tot)
        p_onterecht = _ONTERECHT
        herstel_tur = nationaliteit == "TUR" and doelgroep != "asiel" and stelsel == "wi2021" and cohort == 2022
        if herstel_tur:
            p_onterecht = _ONTERECHT_TUR_2022
        verwachting = (
            kansen[0] * (1 - p_onterecht),
            kansen[1] * (1 - p_onterecht),
            kansen[2] * (1 - p_onterecht),
            kansen[3] * (1 - p_onterecht),
            kansen[4] * (1 - p_onterecht) + p_onterecht,
        )
        status, einde = "plichtig", self.tot
        onterecht = self.kans(p_onterecht)
        if not onterecht:
            a = model.amplitudes(doelgroep)
            u = rng.random()
            for soort, ak, kromme in zip(STATUSSEN[1:], a, model.curves(), strict=True):
                if u < ak:
                    t = kromme.invers(rng.random()) / model.snelheid
                    datum = plicht + round(t * _JAAR)
                    if datum <= self.tot:
                        status, einde = soort, datum
                    break
                u -= ak

        kennisgeving_datum = self.kennisgeving(d, nationaliteit, plicht)
        if stelsel == "wi2013":
            self.wi2013(d, status, einde)
            pip, aanbod = None, None
        else:
            pip, aanbod = self.wi2021(d, status, einde, kennisgeving_datum)
        self.algemeen(d, status, einde)
        if onterecht:
            self.onterecht(d, herstel_tur)
            status, einde = "vervallen", plicht
        if status == "plichtig":
            einde = plicht  # besluiten B-6: status_datum of plichtig is datum_plicht
        uitkomst = Uitkomst(d.bsn, stelsel, doelgroep, cohort, status, dt.date.fromordinal(einde))
        return Persoon(
            records=self.ordenen(d),
            uitkomst=uitkomst,
            verwachting=verwachting,
            pip_op_peildatum=pip is not None,
            aanbod_op_peildatum=aanbod is not None,
        )


def genereer(aantal: int, seed: int, tot_datum: dt.date) -> Iterator[Persoon]:
    """Yield ``aantal`` persons (BSN n = 0 .. aantal-1) with datum_plicht and every fact on or before
    ``tot_datum``. Deterministic for the same arguments (one ``random.Random(seed)``, no clock)."""
    return _Generator(aantal, seed, tot_datum).personen()
