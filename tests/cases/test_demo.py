"""Tests of the synthetic population generator (cases/demo/).

The validity check and the status oracle below are written from koppelvlak v1 §3 and besluiten B-3, B-5, B-6,
B-7 and B-12 on their own, without using the generator's code, so that they catch the generator's mistakes.
No database is needed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest

from cases import demo

PEILDATUM = dt.date(2025, 11, 1)

# --- koppelvlak v1 §3 ---------------------------------------------------------------------------------------

VELDEN: dict[str, tuple[set[str], set[str]]] = {
    # soort: (required besides soort/kenmerk/bsn, optional)
    "kennisgeving": (
        {"achternaam", "geboortedatum", "gemeente", "doelgroep", "stelsel", "datum_plicht"},
        {"voornamen", "datum_kennisgeving", "datum_inschrijving_gemeente", "nationaliteit"},
    ),
    "verhuizing": ({"gemeente", "datum"}, set()),
    "leerbaarheidstoets": ({"datum", "uitslag"}, set()),
    "pip": ({"dagtekening", "leerroute"}, {"afschalen"}),
    "aanbod": ({"datum_start"}, set()),
    "coa_verblijf": ({"datum_van"}, {"datum_tot"}),
    "lesuren": ({"datum", "uren", "keurmerk"}, set()),
    "examen": ({"datum", "onderdeel", "niveau", "resultaat"}, set()),
    "module": ({"onderdeel", "datum_afgerond"}, set()),
    "diploma": ({"soort_diploma", "datum"}, set()),
    "voldaan": ({"datum"}, set()),
    "vrijstelling": ({"datum"}, {"grond"}),
    "ontheffing": ({"datum", "grond"}, set()),
    "verlenging": ({"besluitdatum", "grond"}, {"maanden", "weken", "dagen", "tot"}),
    "vervallen": ({"datum", "reden"}, set()),
    "lening": ({"datum", "bedrag_geleend"}, set()),
    "boete": ({"besluitdatum", "bedrag", "soort_boete"}, set()),
    "intrekking": ({"kenmerk_ingetrokken", "datum", "reden"}, set()),
}
DATUMVELDEN = {
    "geboortedatum", "datum_plicht", "datum_kennisgeving", "datum_inschrijving_gemeente", "datum", "dagtekening",
    "datum_start", "datum_van", "datum_tot", "datum_afgerond", "besluitdatum", "tot",
}  # fmt: skip
WAARDEN = {
    "doelgroep": {"asiel", "gezin", "overig"},
    "stelsel": {"wi2013", "wi2021"},
    "uitslag": {"haalbaar", "niet_haalbaar"},
    "leerroute": {"b1", "onderwijs", "z"},
    "onderdeel:examen": {"lezen", "luisteren", "schrijven", "spreken", "knm", "ona"},
    "onderdeel:module": {"pvt", "map", "z_eindgesprek"},
    "niveau": {"a1", "a2", "b1", "b2"},
    "resultaat": {"behaald", "niet_behaald"},
    "soort_diploma": {"staatsexamen_nt2", "taalschakeltraject"},
    "grond:vrijstelling": {"diploma"},
    "grond:ontheffing": {"medisch", "geleverde_inspanning", "overig"},
    "reden:vervallen": {"vertrek", "overlijden", "naturalisatie", "onterecht_opgelegd"},
    "soort_boete": {"termijnoverschrijding", "pvt", "map", "medewerking"},
}
VOOR_DATUM_PLICHT = {
    "examen": "datum", "leerbaarheidstoets": "datum", "pip": "dagtekening", "aanbod": "datum_start",
    "module": "datum_afgerond", "verlenging": "besluitdatum", "boete": "besluitdatum", "ontheffing": "datum",
    "vrijstelling": "datum", "voldaan": "datum", "vervallen": "datum", "verhuizing": "datum",
}  # fmt: skip
# besluiten B-3: grond -> (stelsels, doelgroepen or None, maximum in days or None, summed per person)
GRONDEN: dict[str, tuple[set[str], set[str] | None, int | None, bool]] = {
    "niet_verwijtbaar": ({"wi2013"}, None, 24 * 31, False),
    "alfabetisering": ({"wi2013"}, None, 24 * 31, False),
    "corona_generiek": ({"wi2013"}, None, 10 * 31, True),
    "corona_specifiek": ({"wi2013"}, None, 12 * 31, True),
    "overlijden_familielid": ({"wi2013", "wi2021"}, None, 3 * 31, False),
    "bevalling": ({"wi2013", "wi2021"}, None, 16 * 7, False),
    "aanbod_uitgebleven": ({"wi2021"}, {"asiel"}, None, False),
    "azc_verblijf": ({"wi2021"}, {"asiel"}, None, False),
    **{g: ({"wi2013", "wi2021"}, None, None, False) for g in
       ("ziekte", "examencapaciteit", "opleiding", "onderbreking_verblijf", "overig")},
}  # fmt: skip
CORONA = (dt.date(2020, 3, 13), dt.date(2022, 1, 31))
BOETE_MAXIMUM = {"pvt": Decimal(340), "map": Decimal(340), "medewerking": Decimal(250)}
NIVEAUS = ("a1", "a2", "b1", "b2")
TAAL = ("lezen", "luisteren", "schrijven", "spreken")


def huidige_gemeenten() -> set[str]:
    pad = Path(demo.__file__).resolve().parent.parent / "data" / "gemeenten.csv"
    with pad.open(encoding="utf-8") as f:
        return {r["code"] for r in csv.DictReader(f) if not r["geldig_tot"]}


def elfproef(bsn: str) -> bool:
    if not re.fullmatch(r"\d{9}", bsn):
        return False
    som = sum(int(c) * w for c, w in zip(bsn[:8], range(9, 1, -1), strict=True)) - int(bsn[8])
    return som % 11 == 0


def bedrag(waarde: Any) -> Decimal | None:
    """The amount as a Decimal, or None if it is not an accepted amount (number or numeric string, 2 decimals)."""
    if isinstance(waarde, bool) or not isinstance(waarde, int | float | str):
        return None
    try:
        d = Decimal(str(waarde))
    except InvalidOperation:
        return None
    exponent = d.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -2:  # NaN/Infinity, or more than 2 decimals
        return None
    return d


def datum(waarde: Any) -> dt.date | None:
    if not isinstance(waarde, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", waarde):
        return None
    try:
        return dt.date.fromisoformat(waarde)
    except ValueError:
        return None


class Controle:
    """Processes records in file order like the import would and collects every violation of koppelvlak §3."""

    def __init__(self, peildatum: dt.date) -> None:
        self.peildatum = peildatum
        self.gemeenten = huidige_gemeenten()
        self.kenmerken: dict[str, dict[str, Any]] = {}
        self.ingetrokken: set[str] = set()
        self.kennisgeving: dict[str, dict[str, Any]] = {}  # bsn -> the valid kennisgeving
        self.verlengingen: dict[str, list[dict[str, Any]]] = {}
        self.fouten: list[str] = []

    def fout(self, record: dict[str, Any], tekst: str) -> None:
        self.fouten.append(f"{record.get('kenmerk')}: {tekst} in {record}")

    def verwerk(self, record: dict[str, Any]) -> None:
        soort = record.get("soort")
        if soort not in VELDEN:
            return self.fout(record, "onbekende soort")
        verplicht, optioneel = VELDEN[soort]
        basis = {"soort", "kenmerk"} | (set() if soort == "intrekking" else {"bsn"})
        for veld in verplicht | basis:
            if record.get(veld) is None:
                self.fout(record, f"verplicht veld {veld} ontbreekt")
        for veld in set(record) - verplicht - optioneel - basis:
            self.fout(record, f"onbekend veld {veld}")
        kenmerk = record.get("kenmerk")
        if not isinstance(kenmerk, str) or not kenmerk or kenmerk in self.kenmerken:
            self.fout(record, "kenmerk leeg of hergebruikt")
        for veld, waarde in record.items():
            if veld in DATUMVELDEN:
                d = datum(waarde)
                if d is None:
                    self.fout(record, f"ongeldige datum {veld}")
                elif d > self.peildatum:
                    self.fout(record, f"{veld} na de peildatum")
            elif isinstance(waarde, str) and veld not in ("kenmerk", "reden", "achternaam", "voornamen"):
                sleutel = f"{veld}:{soort}" if f"{veld}:{soort}" in WAARDEN else veld
                if sleutel in WAARDEN and waarde not in WAARDEN[sleutel]:
                    self.fout(record, f"waarde {waarde!r} van {veld} niet in de lijst")
        if soort == "intrekking":
            self.intrekking(record)
        else:
            self.feit(record, soort)
        if isinstance(kenmerk, str):
            self.kenmerken[kenmerk] = record
        return None

    def intrekking(self, record: dict[str, Any]) -> None:
        doel = self.kenmerken.get(record["kenmerk_ingetrokken"])
        if doel is None:
            return self.fout(record, "onbekend kenmerk_ingetrokken")
        if doel["soort"] == "intrekking" or record["kenmerk_ingetrokken"] in self.ingetrokken:
            return self.fout(record, "intrekking van een intrekking of van een ingetrokken feit")
        reden = record["reden"]
        if not isinstance(reden, str) or not reden or len(reden) > 200:
            self.fout(record, "reden leeg of langer dan 200 tekens")
        self.ingetrokken.add(record["kenmerk_ingetrokken"])
        if doel["soort"] == "kennisgeving" and self.kennisgeving.get(doel["bsn"]) is doel:
            del self.kennisgeving[doel["bsn"]]
        return None

    def feit(self, record: dict[str, Any], soort: str) -> None:
        bsn = record["bsn"]
        if not isinstance(bsn, str) or not elfproef(bsn) or not bsn.startswith(("99", "98")):
            return self.fout(record, "ongeldig of niet-synthetisch bsn")
        if soort == "kennisgeving":
            return self.kennisgeving_controleren(record)
        kg = self.kennisgeving.get(bsn)
        if kg is None:
            # Facts for a BSN whose kennisgeving was retracted are still recorded (koppelvlak §3).
            eerder = [k for k in self.kenmerken.values() if k["soort"] == "kennisgeving" and k["bsn"] == bsn]
            if not eerder:
                return self.fout(record, "onbekende bsn")
            kg = eerder[-1]
        stelsel, plicht = kg["stelsel"], dt.date.fromisoformat(kg["datum_plicht"])
        if soort in VOOR_DATUM_PLICHT and (datum(record[VOOR_DATUM_PLICHT[soort]]) or plicht) < plicht:
            self.fout(record, "voor datum_plicht")
        alleen_2021 = soort in ("pip", "leerbaarheidstoets", "aanbod", "coa_verblijf") or (
            record.get("onderdeel") in ("map", "z_eindgesprek") or record.get("soort_diploma") == "taalschakeltraject"
        )
        alleen_2013 = (soort == "examen" and record["onderdeel"] == "ona") or (
            soort == "ontheffing" and record["grond"] == "geleverde_inspanning"
        )
        if (alleen_2021 and stelsel != "wi2021") or (alleen_2013 and stelsel != "wi2013"):
            self.fout(record, f"past niet bij stelsel {stelsel}")
        if soort == "verhuizing" and record["gemeente"] not in self.gemeenten:
            self.fout(record, "onbekende gemeente")
        if soort == "lesuren" and (
            type(record["uren"]) is not int or record["uren"] <= 0 or type(record["keurmerk"]) is not bool
        ):
            self.fout(record, "uren geen positief geheel getal of keurmerk geen bool")
        if soort == "pip" and "afschalen" in record:
            afschalen = record["afschalen"]
            if (
                not isinstance(afschalen, list)
                or not set(afschalen) <= set(TAAL)
                or len(set(afschalen)) != len(afschalen)
            ):
                self.fout(record, "afschalen geen lijst van taalonderdelen")
        if soort == "lening":
            b = bedrag(record["bedrag_geleend"])
            if b is None or b < 0 or b > 10000:
                self.fout(record, "ongeldig leenbedrag")
        if soort == "boete":
            self.boete(record, stelsel)
        if soort == "verlenging":
            self.verlenging(record, stelsel, kg["doelgroep"])
        return None

    def kennisgeving_controleren(self, record: dict[str, Any]) -> None:
        if record["bsn"] in self.kennisgeving:
            return self.fout(record, "kennisgeving bestaat al")
        plicht = datum(record["datum_plicht"])
        if plicht is not None and (
            plicht < dt.date(2013, 1, 1) or (record["stelsel"] == "wi2021" and plicht < dt.date(2022, 1, 1))
        ):
            self.fout(record, "stelsel past niet bij datum_plicht")
        if record["gemeente"] not in self.gemeenten:
            self.fout(record, "onbekende gemeente")
        if "nationaliteit" in record and not re.fullmatch(r"[A-Z]{3}", record["nationaliteit"]):
            self.fout(record, "nationaliteit geen ISO alpha-3")
        if not isinstance(record["achternaam"], str) or not record["achternaam"]:
            self.fout(record, "achternaam leeg")
        self.kennisgeving[record["bsn"]] = record
        return None

    def boete(self, record: dict[str, Any], stelsel: str) -> None:
        b = bedrag(record["bedrag"])
        if b is None or b <= 0:
            return self.fout(record, "ongeldig boetebedrag")
        soort = record["soort_boete"]
        maximum = BOETE_MAXIMUM.get(soort, Decimal(1250 if stelsel == "wi2013" else 1000))
        if b > maximum:
            self.fout(record, "boete boven het maximum")
        return None

    def verlenging(self, record: dict[str, Any], stelsel: str, doelgroep: str) -> None:
        grond = record["grond"]
        if grond not in GRONDEN:
            return self.fout(record, "onbekende grond")
        stelsels, doelgroepen, maximum, opgeteld = GRONDEN[grond]
        if stelsel not in stelsels or (doelgroepen is not None and doelgroep not in doelgroepen):
            self.fout(record, "grond past niet bij stelsel/doelgroep")
        besluit = datum(record["besluitdatum"])
        if grond.startswith("corona") and besluit is not None and not CORONA[0] <= besluit <= CORONA[1]:
            self.fout(record, "corona buiten het venster")
        duur = [v for v in ("maanden", "weken", "dagen", "tot") if v in record]
        if len(duur) != 1:
            return self.fout(record, "niet precies één duurveld")
        if duur[0] == "tot":
            if maximum is not None:
                self.fout(record, "tot bij een grond met maximum")
            return None
        waarde = record[duur[0]]
        if type(waarde) is not int or waarde <= 0:
            return self.fout(record, "duur geen positief geheel getal")
        dagen = waarde * {"maanden": 31, "weken": 7, "dagen": 1}[duur[0]]
        eerder = [
            v for v in self.verlengingen.get(record["bsn"], []) if v["grond"] == grond and v["kenmerk"] not in
            self.ingetrokken
        ]  # fmt: skip
        if grond == "alfabetisering" and eerder:
            self.fout(record, "tweede alfabetisering")
        if opgeteld:
            dagen += sum(
                v[k] * {"maanden": 31, "weken": 7, "dagen": 1}[k] for v in eerder for k in ("maanden", "weken", "dagen")
                if k in v
            )  # fmt: skip
        if maximum is not None and dagen > maximum:
            self.fout(record, "boven het maximum")
        self.verlengingen.setdefault(record["bsn"], []).append(record)
        return None


# --- besluiten B-5 / B-6 ------------------------------------------------------------------------------------

INGANG = {
    "kennisgeving": "datum_plicht", "pip": "dagtekening", "aanbod": "datum_start", "coa_verblijf": "datum_van",
    "module": "datum_afgerond", "verlenging": "besluitdatum", "boete": "besluitdatum",
}  # fmt: skip


def status_volgens_besluiten(records: list[dict[str, Any]], peildatum: dt.date) -> tuple[str, dt.date]:
    """Status and status_datum on ``peildatum`` of one person from its records (besluiten B-5, B-6, B-12)."""
    ingetrokken = {r["kenmerk_ingetrokken"] for r in records if r["soort"] == "intrekking"}
    kennisgevingen = [r for r in records if r["soort"] == "kennisgeving"]
    geldig = [k for k in kennisgevingen if k["kenmerk"] not in ingetrokken]
    if not geldig:
        return "vervallen", dt.date.fromisoformat(kennisgevingen[-1]["datum_plicht"])
    kg = geldig[-1]
    plicht = dt.date.fromisoformat(kg["datum_plicht"])
    feiten = [
        (dt.date.fromisoformat(r[INGANG.get(r["soort"], "datum")]), r)
        for r in records
        if r["soort"] not in ("kennisgeving", "intrekking") and r["kenmerk"] not in ingetrokken
    ]
    feiten = [(d, r) for d, r in feiten if d <= peildatum]
    if any(r["soort"] == "vervallen" and r["reden"] == "onterecht_opgelegd" for _, r in feiten):
        return "vervallen", plicht
    gebeurtenissen: list[tuple[dt.date, int, str]] = []  # (date, precedence, status)
    voorrang = {"vervallen": 0, "voldaan": 1, "vrijgesteld": 2, "ontheven": 3}
    for d, r in feiten:
        soort = {"vervallen": "vervallen", "voldaan": "voldaan", "vrijstelling": "vrijgesteld"}.get(r["soort"])
        soort = "ontheven" if r["soort"] == "ontheffing" else soort
        if soort:
            gebeurtenissen.append((d, voorrang[soort], soort))
    afgeleid = voldaan_datum(kg, feiten)
    if afgeleid is not None:
        gebeurtenissen.append((afgeleid, voorrang["voldaan"], "voldaan"))
    if not gebeurtenissen:
        return "plichtig", plicht
    d, _, status = min(gebeurtenissen)
    return status, d


def voldaan_datum(kg: dict[str, Any], feiten: list[tuple[dt.date, dict[str, Any]]]) -> dt.date | None:
    """The first day on which, with only the facts up to that day, the B-5 conditions hold."""
    plicht = dt.date.fromisoformat(kg["datum_plicht"])
    for dag in sorted({d for d, _ in feiten}):
        tot_dan = [r for d, r in feiten if d <= dag]
        if voldaan_op(kg["stelsel"], plicht, tot_dan, [(d, r) for d, r in feiten if d <= dag]):
            return dag
    return None


def behaald(records: Iterable[dict[str, Any]], onderdeel: str, minimaal: str) -> bool:
    return any(
        r["soort"] == "examen"
        and r["onderdeel"] == onderdeel
        and r["resultaat"] == "behaald"
        and NIVEAUS.index(r["niveau"]) >= NIVEAUS.index(minimaal)
        for r in records
    )


def voldaan_op(
    stelsel: str, plicht: dt.date, records: list[dict[str, Any]], gedateerd: list[tuple[dt.date, dict[str, Any]]]
) -> bool:
    modules = {r["onderdeel"] for r in records if r["soort"] == "module"}
    diplomas = {r["soort_diploma"] for r in records if r["soort"] == "diploma"}
    if stelsel == "wi2013":
        if "staatsexamen_nt2" in diplomas:
            return True
        onderdelen = [*TAAL, "knm"] + (["ona"] if plicht >= dt.date(2015, 1, 1) else [])
        pvt = plicht < dt.date(2017, 10, 1) or "pvt" in modules
        return pvt and all(behaald(records, o, "a2") for o in onderdelen)
    pips = sorted(((d, i, r) for i, (d, r) in enumerate(gedateerd) if r["soort"] == "pip"), key=lambda x: x[:2])
    if not pips:
        return False
    pip = pips[-1][2]
    route, afschalen = pip["leerroute"], set(pip.get("afschalen") or [])
    if route == "b1":
        taal = "staatsexamen_nt2" in diplomas or all(
            behaald(records, o, "a2" if o in afschalen else "b1") for o in TAAL
        )
        return taal and behaald(records, "knm", "a1") and {"pvt", "map"} <= modules
    if route == "onderwijs":
        return "taalschakeltraject" in diplomas and behaald(records, "knm", "a1") and "pvt" in modules
    return {"z_eindgesprek", "pvt", "map"} <= modules


# --- helpers ------------------------------------------------------------------------------------------------


def personen(aantal: int, seed: int, peildatum: dt.date = PEILDATUM) -> list[demo.Persoon]:
    return list(demo.genereer(aantal, seed, peildatum))


def ndjson(aantal: int, seed: int, peildatum: dt.date = PEILDATUM) -> bytes:
    uit = io.BytesIO()
    schrijver = demo.RecordSchrijver(uit, "ndjson", demo.batchkenmerk(seed, aantal))
    for p in demo.genereer(aantal, seed, peildatum):
        schrijver.schrijf(p.records)
    schrijver.sluit()
    return uit.getvalue()


def regels(data: bytes) -> Iterator[dict[str, Any]]:
    for regel in data.decode("utf-8").splitlines():
        yield json.loads(regel)


@pytest.fixture(scope="module")
def populatie() -> list[demo.Persoon]:
    return personen(2000, 11)


# --- tests --------------------------------------------------------------------------------------------------


def test_bsn_bereik_haalt_de_elfproef() -> None:
    bsns = [demo.synthetisch_bsn(n) for n in (0, 1, 2, 9, 10, 123_456, 999_999)]
    assert all(elfproef(b) and b[:2] in ("98", "99") for b in bsns)
    assert len({demo.synthetisch_bsn(n) for n in range(5000)}) == 5000


def test_zelfde_argumenten_geven_dezelfde_bytes() -> None:
    assert ndjson(300, 5) == ndjson(300, 5)


def test_andere_seed_of_datum_geeft_iets_anders() -> None:
    assert ndjson(300, 5) != ndjson(300, 6)
    assert ndjson(300, 5) != ndjson(300, 5, dt.date(2024, 5, 1))


def test_elk_record_is_geldig(populatie: list[demo.Persoon]) -> None:
    controle = Controle(PEILDATUM)
    for p in populatie:
        assert p.records[0]["soort"] == "kennisgeving"
        assert {r.get("bsn", p.uitkomst.bsn) for r in p.records} == {p.uitkomst.bsn}
        for r in p.records:
            controle.verwerk(dict(r))
    assert controle.fouten == [], "\n".join(controle.fouten[:20])


def test_elk_record_is_geldig_op_een_vroege_peildatum() -> None:
    controle = Controle(dt.date(2018, 1, 1))
    for p in personen(1000, 3, dt.date(2018, 1, 1)):
        for r in p.records:
            controle.verwerk(dict(r))
    assert controle.fouten == [], "\n".join(controle.fouten[:20])


def test_feiten_leiden_tot_de_bedoelde_status(populatie: list[demo.Persoon]) -> None:
    verschillen = []
    for p in populatie:
        verwacht = (p.uitkomst.status, p.uitkomst.status_datum)
        gevonden = status_volgens_besluiten([dict(r) for r in p.records], PEILDATUM)
        if gevonden != verwacht:
            verschillen.append(f"{p.uitkomst}: besluiten geven {gevonden}")
    assert verschillen == [], "\n".join(verschillen[:10])


def test_feiten_leiden_tot_de_bedoelde_status_op_de_referentiedatum() -> None:
    for p in personen(1500, 8, demo.REFERENTIE_PEILDATUM):
        gevonden = status_volgens_besluiten([dict(r) for r in p.records], demo.REFERENTIE_PEILDATUM)
        assert gevonden == (p.uitkomst.status, p.uitkomst.status_datum), p.uitkomst


def test_alle_soorten_en_gronden_komen_voor(populatie: list[demo.Persoon]) -> None:
    records = [r for p in populatie for r in p.records]
    assert set(Counter(r["soort"] for r in records)) == set(VELDEN)
    gronden = {r["grond"] for r in records if r["soort"] == "verlenging"}
    # A later peildatum, so that Wi2021 termijnen (first PIP + 3 years) have ended: map boetes exist only then.
    meer = personen(6000, 12, dt.date(2026, 12, 31))
    gronden |= {r["grond"] for p in meer for r in p.records if r["soort"] == "verlenging"}
    assert gronden == set(GRONDEN)
    ontheffingen = {r["grond"] for p in meer for r in p.records if r["soort"] == "ontheffing"}
    assert ontheffingen == {"medisch", "geleverde_inspanning", "overig"}
    redenen = {r["reden"] for p in meer for r in p.records if r["soort"] == "vervallen"}
    assert redenen == {"vertrek", "overlijden", "naturalisatie", "onterecht_opgelegd"}
    assert {r["soort_boete"] for p in meer for r in p.records if r["soort"] == "boete"} == {
        "termijnoverschrijding", "pvt", "map", "medewerking",
    }  # fmt: skip
    assert any(isinstance(r.get("bedrag"), str) for p in meer for r in p.records)
    assert any(r.get("afschalen") for p in meer for r in p.records)
    assert {p.uitkomst.status for p in meer} == set(demo.STATUSSEN)


def test_cohorten_en_stelsels(populatie: list[demo.Persoon]) -> None:
    cohorten = Counter((p.uitkomst.stelsel, p.uitkomst.cohort) for p in populatie)
    assert {c for s, c in cohorten if s == "wi2013"} >= set(range(2013, 2023))
    assert min(c for s, c in cohorten if s == "wi2021") == 2022
    # Strata are allocated exactly (largest remainder), so a cohort size follows the published inflow.
    assert sum(cohorten.values()) == 2000
    verwacht = {(s, c): n for s, c, n in demo.strata(2000, PEILDATUM)}
    assert cohorten == Counter({k: v for k, v in verwacht.items() if v})


def test_uitkomst_verdeling_binnen_tolerantie() -> None:
    telling = demo.Telling(PEILDATUM)
    for p in demo.genereer(20_000, 2, PEILDATUM):
        telling.tel(p)
    assert telling.personen == 20_000
    assert [v for v in telling.vergelijkingen() if v.getoetst], "er is iets getoetst"
    assert telling.afwijkingen() == [], "\n".join(telling.tabel())


def test_op_de_referentiedatum_volgt_de_verdeling_tabel_5() -> None:
    telling = demo.Telling(demo.REFERENTIE_PEILDATUM)
    for p in demo.genereer(20_000, 4, demo.REFERENTIE_PEILDATUM):
        telling.tel(p)
    assert telling.afwijkingen() == []
    for cohort in range(2013, 2022):
        a = telling.aantallen[("wi2013", cohort)]
        n = a[0] + a[1] + a[2] + a[3]  # vervallen falls outside Tabel 5
        voldaan, ontheven, plichtig = demo.TABEL5_WI2013[cohort]
        totaal = voldaan + ontheven + plichtig
        assert abs((a[1] + a[2]) / n - voldaan / totaal) < 0.06, cohort
        assert abs(a[3] / n - ontheven / totaal) < 0.06, cohort
    wi2021 = [a for (s, _), a in telling.aantallen.items() if s == "wi2021"]
    nog_plichtig = sum(a[0] for a in wi2021) / sum(sum(a) for a in wi2021)
    assert abs(nog_plichtig - demo.WI2021_NOG_PLICHTIG / demo.WI2021_OOIT_PLICHTIG) < 0.02
    assert any("Tabel 5" in r for r in telling.referentie())


def test_json_envelop_wordt_incrementeel_geschreven(populatie: list[demo.Persoon]) -> None:
    uit = io.BytesIO()
    schrijver = demo.RecordSchrijver(uit, "json", "DEMO-11-2000")
    for p in populatie[:50]:
        schrijver.schrijf(p.records)
    schrijver.sluit()
    envelop = json.loads(uit.getvalue())
    assert envelop["kenmerk"] == "DEMO-11-2000"
    assert envelop["records"] == [r for p in populatie[:50] for r in p.records]
    assert schrijver.aantal == len(envelop["records"])


def test_uitkomst_als_csv_rij(populatie: list[demo.Persoon]) -> None:
    u = populatie[0].uitkomst
    assert u.csv_rij() == [u.bsn, u.stelsel, u.doelgroep, str(u.cohort), u.status, u.status_datum.isoformat()]
    assert list(demo.UITKOMST_KOLOMMEN) == ["bsn", "stelsel", "doelgroep", "cohort", "status", "status_datum"]


# --- the management command ---------------------------------------------------------------------------------


def demo_populatie(*args: str) -> list[str]:
    from django.core.management import call_command

    uit = io.StringIO()
    call_command("demo_populatie", *args, stdout=uit)
    return uit.getvalue().splitlines()


def test_commando_schrijft_json_ndjson_en_uitkomsten(tmp_path: Path) -> None:
    basis = ["--aantal", "400", "--seed", "9", "--tot-datum", PEILDATUM.isoformat()]
    uitvoer = demo_populatie(*basis, "--uitvoer", str(tmp_path / "p.json"), "--uitkomsten", str(tmp_path / "u.csv"))
    demo_populatie(*basis, "--uitvoer", str(tmp_path / "p.ndjson"))
    envelop = json.loads((tmp_path / "p.json").read_bytes())
    assert envelop["kenmerk"] == "DEMO-9-400"
    assert list(regels((tmp_path / "p.ndjson").read_bytes())) == envelop["records"]
    assert f"gegenereerd: 400 inburgeraars, {len(envelop['records'])} records" in uitvoer[0]
    assert any(r.startswith("wi2013     2016") for r in uitvoer)
    with (tmp_path / "u.csv").open(encoding="utf-8") as f:
        uitkomsten = list(csv.DictReader(f))
    assert list(uitkomsten[0]) == ["bsn", "stelsel", "doelgroep", "cohort", "status", "status_datum"]
    per_bsn: dict[str, list[dict[str, Any]]] = {}
    for r in envelop["records"]:
        bsn = r.get("bsn") or next(x["bsn"] for x in envelop["records"] if x["kenmerk"] == r["kenmerk_ingetrokken"])
        per_bsn.setdefault(bsn, []).append(r)
    assert len(uitkomsten) == len(per_bsn) == 400
    for rij in uitkomsten:
        status, datum_ = status_volgens_besluiten(per_bsn[rij["bsn"]], PEILDATUM)
        assert (rij["status"], rij["status_datum"]) == (status, datum_.isoformat()), rij


def test_commando_weigert_onbekende_extensie_en_vroege_datum(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="extensie"):
        demo_populatie("--aantal", "5", "--tot-datum", "2024-05-01", "--uitvoer", str(tmp_path / "p.csv"))
    with pytest.raises(CommandError, match="2013-01-01"):
        demo_populatie("--aantal", "5", "--tot-datum", "2012-12-31", "--uitvoer", str(tmp_path / "p.json"))


def test_commando_faalt_als_de_telling_afwijkt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management.base import CommandError

    nep = demo.Vergelijking("wi2013", 2016, "voldaan", 900, 0.5, 0.6, 0.03, getoetst=True)
    monkeypatch.setattr(demo.Telling, "afwijkingen", lambda self: [nep])
    args = ["--tot-datum", "2024-05-01", "--uitvoer", str(tmp_path / "p.ndjson")]
    assert any("AFWIJKING" in r for r in demo_populatie("--aantal", "50", *args))  # small N: reported only
    with pytest.raises(CommandError, match="buiten de tolerantie"):
        demo_populatie("--aantal", "5000", *args)


@pytest.mark.django_db
def test_importeer_verwerkt_elk_record_zonder_fouten() -> None:
    uitvoer = demo_populatie("--aantal", "3000", "--seed", "13", "--tot-datum", PEILDATUM.isoformat(), "--importeer")
    gemaakt = re.search(r"(\d+) records", uitvoer[0])
    assert gemaakt is not None
    assert uitvoer[1:4] == [f"verwerkt: {gemaakt.group(1)}", "ongewijzigd: 0", "fouten: 0"], uitvoer[:4]
