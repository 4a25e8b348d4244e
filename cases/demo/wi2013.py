"""The facts of a Wi2013 dossier that imply its intended outcome."""

from __future__ import annotations

import datetime as dt

from cases.demo.basis import _Dossier
from cases.demo.cijfers import (
    _BOETE_WI2013,
    _CORONA_TOT,
    _CORONA_VAN,
    _JAAR,
    _KEREN,
    _ONA_VANAF,
    _PVT_WI2013_VANAF,
    _TAALONDERDELEN,
    DOELGROEPEN,
    R1_AGI,
    R1_MEDISCH,
    R1_OVERIG,
)
from cases.demo.verlengingen import _Verlengingen


class _Wi2013(_Verlengingen):
    """The facts of a Wi2013 dossier."""

    def wi2013(self, d: _Dossier, status: str, einde: int) -> None:
        rng = self.rng
        plicht = d.plicht
        datum_plicht = dt.date.fromordinal(plicht)
        onderdelen = ["lezen", "luisteren", "schrijven", "spreken", "knm"]
        if datum_plicht >= _ONA_VANAF:
            onderdelen.append("ona")
        pvt_vereist = datum_plicht >= _PVT_WI2013_VANAF
        jaren = (einde - plicht) / _JAAR
        laag = plicht + min(120, (einde - plicht) // 4)
        pvt_datum: int | None = None
        minimum_uren = 0

        if status == "voldaan":
            pad = rng.random()
            if pad < 0.03:
                # Migrated dossier: only DUO's voldaan record (besluiten B-5).
                self.feit(d, "voldaan", einde, datum=self.iso(einde))
                d.voldaan_record = True
            elif pad < 0.15:
                # Staatsexamen NT2 diploma on the voldaan date, on its own enough; some parts tried before.
                self.feit(d, "diploma", einde, soort_diploma="staatsexamen_nt2", datum=self.iso(einde))
                pvt_datum = self.gedeeltelijk_wi2013(d, onderdelen, pvt_vereist, laag, einde - 1, jaren * 0.5)
            else:
                eisen = onderdelen + (["pvt"] if pvt_vereist else [])
                laatste = rng.choice(eisen)
                for eis in eisen:
                    datum = einde if eis == laatste else self.dag(laag, einde)
                    if eis == "pvt":
                        self.feit(d, "module", datum, onderdeel="pvt", datum_afgerond=self.iso(datum))
                        pvt_datum = datum
                    else:
                        niveau = "b1" if eis in _TAALONDERDELEN and self.kans(0.08) else "a2"
                        self.pogingen(d, eis, niveau, laag, datum, datum)
        else:
            # Not (yet) voldaan: at least one requirement missing, on every day up to the end.
            eind = einde if status != "plichtig" else self.tot
            agi = False
            if status == "ontheven":
                grond = self.ontheffing_grond_wi2013(d.doelgroep)
                if grond == "geleverde_inspanning" and einde - plicht < 700:
                    grond = "medisch"
                agi = grond == "geleverde_inspanning"
                d.ontheffing_grond = grond
            voortgang = (eind - plicht) / _JAAR
            # A terminal event other than voldaan: nothing on or after its day may complete the requirements.
            hoog = eind if status == "plichtig" else eind - 1
            pvt_datum = self.gedeeltelijk_wi2013(d, onderdelen, pvt_vereist, laag, hoog, voortgang, agi=agi)
            if agi:
                minimum_uren = 600  # regels.md ON-2

        # Hours, loan, verlengingen, boetes up to the end of the plicht.
        eind = einde if status != "plichtig" else self.tot
        if self.kans(0.95 if d.doelgroep == "asiel" else 0.8) or minimum_uren:
            self.lesuren(d, plicht, eind, minimum=minimum_uren)
        lening_kans = {"asiel": 0.8, "gezin": 0.3, "overig": 0.25}[d.doelgroep]
        if self.kans(lening_kans):
            lang = (eind - plicht) > 2.5 * _JAAR
            elip = d.doelgroep == "asiel" and lang and self.kans(0.3 if status == "plichtig" else 0.15)
            self.lening(d, plicht + 30, eind, elip)
        termijn_einde = plicht + round(3 * _JAAR) - 1
        termijn_einde = self.verlengingen_wi2013(d, termijn_einde, eind)
        self.boetes_wi2013(d, termijn_einde, eind, pvt_vereist, pvt_datum)

    def gedeeltelijk_wi2013(self, d: _Dossier, onderdelen: list[str], pvt_vereist: bool, laag: int, hoog: int,
                            voortgang: float, agi: bool = False) -> int | None:  # fmt: skip
        """Some requirements met in [laag, hoog], never all of them. Returns the PVT date if completed."""
        if hoog < laag:
            laag = hoog = max(d.plicht, hoog)
        eisen = onderdelen + (["pvt"] if pvt_vereist else [])
        kans_behaald = min(0.9, 0.1 + 0.28 * voortgang)
        behaald = [e for e in eisen if self.kans(kans_behaald)]
        examens_behaald = [e for e in behaald if e != "pvt"]
        if len(behaald) == len(eisen) or (agi and len(examens_behaald) == len(onderdelen)):
            behaald.remove(self.rng.choice(examens_behaald))
        pvt_datum = None
        for eis in eisen:
            if eis == "pvt":
                if eis in behaald:
                    pvt_datum = self.dag(laag, hoog)
                    self.feit(d, "module", pvt_datum, onderdeel="pvt", datum_afgerond=self.iso(pvt_datum))
                continue
            if eis in behaald:
                self.pogingen(d, eis, "a2", laag, self.dag(laag, hoog), hoog)
            elif agi:
                # AGI: every missing part tried at least 4 times (3 from 2023-04-01), regels.md ON-2.
                self.pogingen(d, eis, "a2", laag, None, hoog, minimum_gezakt=4)
            elif self.kans(min(0.9, 0.2 + 0.3 * voortgang)):
                self.pogingen(d, eis, "a2", laag, None, hoog, minimum_gezakt=1)
        return pvt_datum

    def ontheffing_grond_wi2013(self, doelgroep: str) -> str:
        i = DOELGROEPEN.index(doelgroep)
        medisch = R1_MEDISCH[2013][i] + R1_MEDISCH[2014][i]
        agi = R1_AGI[2013][i] + R1_AGI[2014][i]
        overig = R1_OVERIG[2013][i] + R1_OVERIG[2014][i]
        return self.rng.choices(("medisch", "geleverde_inspanning", "overig"), weights=(medisch, agi, overig))[0]

    def verlengingen_wi2013(self, d: _Dossier, termijn_einde: int, eind: int) -> int:
        """Verlengingen of every Wi2013 ground of besluiten B-3 within their maxima. Returns the new end."""
        rng = self.rng
        plicht = d.plicht
        hoog = min(eind, self.tot)
        if hoog < plicht:
            return termijn_einde
        einde = termijn_einde
        if d.doelgroep == "asiel" and self.kans(0.1) and hoog > plicht + 365:
            # Alfabetisering: once, at most 2 years.
            besluit = self.dag(plicht + 365, min(hoog, einde))
            maanden = rng.choice((24, 24, 24, 18, 12))
            self.verlenging(d, besluit, "alfabetisering", maanden=maanden)
            einde += round(maanden * 30.44)
        # Corona: for those whose termijn was running in the window; summed at most 10 (generiek) / 12 months.
        laag_c, hoog_c = max(plicht, _CORONA_VAN, einde - 365), min(hoog, _CORONA_TOT, einde)
        if laag_c <= hoog_c and self.kans(0.7):
            eerste = rng.choice((2, 3, 4, 6))
            besluit = self.dag(laag_c, hoog_c)
            self.verlenging(d, besluit, "corona_generiek", maanden=eerste)
            einde += round(eerste * 30.44)
            if self.kans(0.4) and besluit < hoog_c:
                tweede = rng.randint(1, 10 - eerste)
                besluit2 = self.dag(besluit + 1, hoog_c)
                if self.kans(0.3):
                    self.verlenging(d, besluit2, "corona_generiek", weken=tweede * 4)
                else:
                    self.verlenging(d, besluit2, "corona_generiek", maanden=tweede)
                einde += round(tweede * 30.44)
            if self.kans(0.15):
                maanden = rng.randint(2, 12)
                besluit = self.dag(laag_c, hoog_c)
                if maanden <= 6 and self.kans(0.5):
                    self.verlenging(d, besluit, "corona_specifiek", maanden=maanden)
                    rest = rng.randint(1, 12 - maanden)
                    self.verlenging(d, self.dag(besluit, hoog_c), "corona_specifiek", maanden=rest)
                    maanden += rest
                else:
                    self.verlenging(d, besluit, "corona_specifiek", maanden=maanden)
                einde += round(maanden * 30.44)
        # Niet verwijtbaar (300 hours, two attempts): at most 2 years per besluit, near the end of the termijn.
        if hoog > einde - 180 and self.kans(0.25):
            besluit = self.dag(max(plicht, einde - 180), min(hoog, einde + 60))
            vorm = rng.random()
            if vorm < 0.7:
                maanden = rng.choice((6, 12, 12, 18, 24))
                self.verlenging(d, besluit, "niet_verwijtbaar", maanden=maanden)
                einde += round(maanden * 30.44)
            elif vorm < 0.9:
                weken = rng.choice((26, 52, 104))
                self.verlenging(d, besluit, "niet_verwijtbaar", weken=weken)
                einde += weken * 7
            else:
                dagen = rng.randint(90, 730)
                self.verlenging(d, besluit, "niet_verwijtbaar", dagen=dagen)
                einde += dagen
        return self.verlengingen_beide(d, einde, plicht, hoog)

    def boetes_wi2013(self, d: _Dossier, termijn_einde: int, eind: int, pvt_vereist: bool,
                      pvt_datum: int | None) -> None:  # fmt: skip
        rng = self.rng
        plicht = d.plicht
        # PVT not within a year of registration: boete (besluiten B-7: at most 340).
        if pvt_vereist and (pvt_datum is None or pvt_datum > plicht + 430) and eind > plicht + 430 and self.kans(0.4):
            besluit = self.dag(plicht + 400, min(eind, pvt_datum or eind, plicht + 900))
            self.feit(d, "boete", besluit, besluitdatum=self.iso(besluit), bedrag=self.bedrag(340),
                      soort_boete="pvt")  # fmt: skip
        # Termijnoverschrijding: after the (extended) end; a new termijn of 2 years follows (besluiten B-7).
        besluit = termijn_einde + rng.randint(30, 240)
        for _ in range(2):
            if besluit > eind or besluit > self.tot or not self.kans(0.4):
                break
            if d.doelgroep == "asiel" and besluit >= _KEREN:
                break
            bedrag = rng.choices([b for b, _ in _BOETE_WI2013], weights=[w for _, w in _BOETE_WI2013])[0]
            self.feit(d, "boete", besluit, besluitdatum=self.iso(besluit), bedrag=self.bedrag(bedrag),
                      soort_boete="termijnoverschrijding")  # fmt: skip
            besluit += 2 * 365 + rng.randint(30, 240)
