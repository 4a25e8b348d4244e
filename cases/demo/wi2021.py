"""The facts of a Wi2021 dossier (PIP, leerroute, aanbod, modules) that imply its intended outcome."""

from __future__ import annotations

import datetime as dt
import math

from cases.demo.basis import _Dossier, _wisseldatum
from cases.demo.cijfers import _JAAR, _KEREN, _PIP_ACHTERSTAND_TOT, _TAALONDERDELEN, LBT_HAALBAAR, LEERROUTE_PCT, Waarde
from cases.demo.verlengingen import _Verlengingen


class _Wi2021(_Verlengingen):
    """The facts of a Wi2021 dossier."""

    def wi2021(self, d: _Dossier, status: str, einde: int, kennisgeving: int) -> tuple[int | None, int | None]:
        """Returns the dates (on or before tot_datum) of the first PIP and of the aanbod, if any."""
        rng = self.rng
        plicht = d.plicht
        inschrijving = d.inschrijving
        eind = self.tot if status == "plichtig" else einde
        route = rng.choices(("b1", "onderwijs", "z"), weights=LEERROUTE_PCT[d.doelgroep])[0]

        # COA stay after the koppeling until housing (asiel).
        if d.doelgroep == "asiel":
            van = plicht + rng.randint(0, 21)
            if van <= self.tot:
                velden: dict[str, Waarde] = {"datum_van": self.iso(van)}
                if van < inschrijving <= self.tot:
                    velden["datum_tot"] = self.iso(inschrijving)
                self.feit(d, "coa_verblijf", van, **velden)

        # PIP: within ~10 weeks of max(kennisgeving, inschrijving) (besluiten B-4), often later; some asiel
        # persons get it while still in the COA.
        basis = max(kennisgeving, inschrijving)
        if d.doelgroep == "asiel" and self.kans(0.2):
            basis = max(kennisgeving, plicht + rng.randint(20, 60))
        # Calibrated to the kerncijfers (nog plichtig met PIP: 43% on 2023-05-01, 63% on 2024-05-01; asiel 60%,
        # others 68%): gemeenten started slowly in 2022-2023, gezins- and overige migranten wait longest.
        te_laat = 0.35 if d.doelgroep == "asiel" else 0.56
        if basis < _PIP_ACHTERSTAND_TOT:
            te_laat += 0.15
        pip = basis + (rng.randint(21, 70) if not self.kans(te_laat) else rng.randint(71, 450))
        pip = max(pip, plicht)
        if status == "voldaan":
            pip = max(plicht, min(pip, einde - 200))
        routes: list[tuple[int, str, list[str]]] = []  # (dagtekening, leerroute, afschalen)
        if pip <= eind:
            routes.append((pip, route, []))
            if self.kans(0.08):
                nieuw = {"b1": "z", "z": "b1", "onderwijs": "b1"}[route]
                wissel = pip + rng.randint(90, 500)
                if wissel < eind - (120 if status == "voldaan" else 0):
                    routes.append((wissel, nieuw, []))
        laatste_route = routes[-1][1] if routes else route
        if laatste_route == "b1" and routes and self.kans(0.1):
            afschaal = routes[-1][0] + rng.randint(365, 800)
            if afschaal < eind - (60 if status == "voldaan" else 0):
                delen = rng.sample(_TAALONDERDELEN, rng.randint(1, 4))
                routes.append((afschaal, "b1", [o for o in _TAALONDERDELEN if o in delen]))

        # Leerbaarheidstoets before the first PIP; 'haalbaar' depends on the route (Tabel 1).
        if self.kans(0.95):
            boven = (routes[0][0] if routes else basis + 30) - 1
            lbt = max(plicht, min(self.dag(max(plicht, basis - 40), boven), boven))
            if lbt <= eind:
                uitslag = "haalbaar" if self.kans(LBT_HAALBAAR[route]) else "niet_haalbaar"
                self.feit(d, "leerbaarheidstoets", lbt, datum=self.iso(lbt), uitslag=uitslag)
        for dagtekening, leerroute, afschalen in routes:
            velden = {"dagtekening": self.iso(dagtekening), "leerroute": leerroute}
            if afschalen:
                velden["afschalen"] = afschalen
            self.feit(d, "pip", dagtekening, **velden)

        # Aanbod (gemeente, asiel; some others), lesuren.
        aanbod: int | None = None
        if routes and (d.doelgroep == "asiel" or self.kans(0.15)):
            eerste_pip = routes[0][0]
            r = rng.random()
            jaar = dt.date.fromordinal(eerste_pip).year
            if jaar <= 2022:
                vertraging = rng.randint(20, 90) if r < 0.25 else rng.randint(90, 300) if r < 0.6 else (
                    rng.randint(300, 600))  # fmt: skip
            else:
                vertraging = rng.randint(14, 90) if r < 0.45 else rng.randint(90, 240) if r < 0.8 else (
                    rng.randint(240, 500))  # fmt: skip
            start = eerste_pip + vertraging
            if start <= eind:
                self.feit(d, "aanbod", start, datum_start=self.iso(start))
                aanbod = start
                grens = 180 if route == "onderwijs" else 90
                if d.doelgroep == "asiel" and vertraging > grens + 30 and self.kans(0.3):
                    # aanbod_uitgebleven (Wi2021, asiel; no maximum).
                    besluit = self.dag(start, min(eind, start + 200))
                    if besluit <= eind:
                        maanden = math.ceil((vertraging - grens) / 30.44)
                        self.verlenging(d, besluit, "aanbod_uitgebleven", maanden=maanden)
        in_coa_na_pip = bool(routes) and d.doelgroep == "asiel" and inschrijving - routes[0][0] >= 90
        if in_coa_na_pip and inschrijving <= eind and self.kans(0.4):
            # azc_verblijf: the time in the COA after the PIP (no maximum).
            besluit = self.dag(inschrijving, min(eind, inschrijving + 200))
            duur = inschrijving - routes[0][0]
            if self.kans(0.3):
                self.verlenging(d, besluit, "azc_verblijf", dagen=duur)
            else:
                self.verlenging(d, besluit, "azc_verblijf", maanden=math.ceil(duur / 30.44))
        les_start = aanbod if aanbod is not None else (routes[0][0] if routes else None)
        if les_start is not None and (aanbod is not None or self.kans(0.5)):
            minimum = 600 if any(a for _, _, a in routes) else 0
            self.lesuren(d, les_start, eind, minimum=minimum, keurmerk_kans=0.95)
        if d.doelgroep != "asiel" and self.kans(0.2):
            self.lening(d, plicht + 30, eind, elip=False)

        # Route requirements (besluiten B-5).
        if status == "voldaan":
            self.voldaan_wi2021(d, routes, einde)
        elif routes:
            hoog = eind if status == "plichtig" else eind - 1
            self.gedeeltelijk_wi2021(d, routes, hoog, (eind - routes[0][0]) / _JAAR)
        if status == "ontheven":
            d.ontheffing_grond = "medisch" if self.kans(0.6) else "overig"

        # Verlengingen and boetes.
        if routes:
            termijn_einde = routes[0][0] + round(3 * _JAAR)
            termijn_einde = self.verlengingen_beide(d, termijn_einde, max(routes[0][0], termijn_einde - 365), eind)
            self.boetes_wi2021(d, termijn_einde, eind, map_vereist=routes[-1][1] != "onderwijs")
        if self.kans(0.02):
            besluit = self.dag(plicht + 60, plicht + 300)
            if besluit <= eind:
                bedrag = 250 if self.kans(0.7) else rng.choice((100, 150, 187.5, 200))
                self.feit(d, "boete", besluit, besluitdatum=self.iso(besluit), bedrag=self.bedrag(bedrag),
                          soort_boete="medewerking")  # fmt: skip
        pip_op = routes[0][0] if routes and routes[0][0] <= self.tot else None
        return pip_op, aanbod

    def eisen_wi2021(self, route: str) -> list[str]:
        if route == "b1":
            return [*_TAALONDERDELEN, "knm", "pvt", "map"]
        if route == "onderwijs":
            return ["taalschakeltraject", "knm", "pvt"]
        return ["z_eindgesprek", "pvt", "map"]

    def vervul(self, d: _Dossier, eis: str, laag: int, datum: int, afgeschaald: bool, afschaal_datum: int) -> None:
        """Meet one Wi2021 requirement on ``datum`` (with failed attempts before it)."""
        if eis in ("pvt", "map", "z_eindgesprek"):
            self.feit(d, "module", datum, onderdeel=eis, datum_afgerond=self.iso(datum))
        elif eis == "taalschakeltraject":
            self.feit(d, "diploma", datum, soort_diploma="taalschakeltraject", datum=self.iso(datum))
        elif eis == "knm":
            self.pogingen(d, "knm", "a2", laag, datum, datum)
        elif afgeschaald:
            # Tried at B1 before the afschalen, passed at A2 after it (or before: it counts from the afschalen on).
            self.pogingen(d, eis, "b1", laag, None, min(datum, afschaal_datum) - 1)
            self.feit(d, "examen", datum, datum=self.iso(datum), onderdeel=eis, niveau="a2", resultaat="behaald")
        else:
            self.pogingen(d, eis, "b2" if self.kans(0.04) else "b1", laag, datum, datum)

    def voldaan_wi2021(self, d: _Dossier, routes: list[tuple[int, str, list[str]]], einde: int) -> None:
        """All requirements of the route in force on ``einde``, the last one on that day (besluiten B-5)."""
        rng = self.rng
        if not routes:  # pragma: no cover - the PIP is always placed before the voldaan date
            self.feit(d, "voldaan", einde, datum=self.iso(einde))
            d.voldaan_record = True
            return
        route = routes[-1][1]
        afschalen = routes[-1][2]
        afschaal_datum = routes[-1][0] if afschalen else einde
        # The route's own requirement is met after the switch, if any (so never complete under an earlier route).
        wissel = _wisseldatum(routes)
        laag = routes[0][0] + 30
        eisen = self.eisen_wi2021(route)
        nt2 = route == "b1" and not afschalen and self.kans(0.2)
        if nt2:
            eisen = ["staatsexamen_nt2", "knm", "pvt", "map"]
        laatste = rng.choice(eisen)
        for eis in eisen:
            eigen = eis in (*_TAALONDERDELEN, "staatsexamen_nt2", "taalschakeltraject", "z_eindgesprek")
            onder = max(laag, wissel + 1) if eigen else laag
            datum = einde if eis == laatste else self.dag(min(onder, einde), einde)
            if eis == "staatsexamen_nt2":
                self.feit(d, "diploma", datum, soort_diploma="staatsexamen_nt2", datum=self.iso(datum))
            else:
                self.vervul(d, eis, min(onder, datum), datum, eis in afschalen, afschaal_datum)
        if route == "z" and self.kans(0.25):
            self.pogingen(d, rng.choice(_TAALONDERDELEN), "a2", laag, None, einde - 1)

    def gedeeltelijk_wi2021(self, d: _Dossier, routes: list[tuple[int, str, list[str]]], hoog: int,
                            voortgang: float) -> None:  # fmt: skip
        """Progress that never completes any route in force on any day up to ``hoog``."""
        rng = self.rng
        route = routes[-1][1]
        afschalen = routes[-1][2]
        afschaal_datum = routes[-1][0] if afschalen else hoog + 1
        laag = routes[0][0] + 30
        if hoog < laag:
            return
        eisen = self.eisen_wi2021(route)
        kans_behaald = min(0.85, 0.05 + 0.3 * voortgang)
        behaald = [e for e in eisen if self.kans(kans_behaald)]
        if len(behaald) == len(eisen):
            behaald.remove(rng.choice(behaald))
        eigen_laag = min(max(laag, _wisseldatum(routes) + 1), hoog)
        for eis in eisen:
            eigen = eis in (*_TAALONDERDELEN, "taalschakeltraject", "z_eindgesprek")
            onder = eigen_laag if eigen else laag
            if eis in behaald:
                self.vervul(d, eis, onder, self.dag(onder, hoog), eis in afschalen, min(afschaal_datum, hoog))
            elif eis in (*_TAALONDERDELEN, "knm") and self.kans(min(0.9, 0.1 + 0.4 * voortgang)):
                niveau = "a2" if eis == "knm" else "b1"
                self.pogingen(d, eis, niveau, onder, None, hoog, minimum_gezakt=1)
                if eis in afschalen and afschaal_datum <= hoog:
                    self.pogingen(d, eis, "a2", afschaal_datum, None, hoog, minimum_gezakt=1)
        if route == "z" and voortgang > 1 and self.kans(0.25):
            self.pogingen(d, rng.choice(_TAALONDERDELEN), "a2", laag, None, hoog)

    def boetes_wi2021(self, d: _Dossier, termijn_einde: int, eind: int, map_vereist: bool) -> None:
        rng = self.rng
        if eind < termijn_einde + 60:
            return
        modules = {r["onderdeel"] for r in (f.record for f in d.feiten) if r["soort"] == "module"}
        besluit = termijn_einde + rng.randint(30, 180)
        if besluit > eind:
            return
        if not (d.doelgroep == "asiel" and besluit >= _KEREN) and self.kans(0.3):
            bedrag = 1000 if self.kans(0.8) else rng.choice((500, 750))
            self.feit(d, "boete", besluit, besluitdatum=self.iso(besluit), bedrag=self.bedrag(bedrag),
                      soort_boete="termijnoverschrijding")  # fmt: skip
        for module in ("pvt", "map") if map_vereist else ("pvt",):
            if module not in modules and self.kans(0.4):
                self.feit(d, "boete", besluit, besluitdatum=self.iso(besluit), bedrag=self.bedrag(340),
                          soort_boete=module)  # fmt: skip
