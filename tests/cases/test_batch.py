"""The batch service through the importeer CLI: every koppelvlak §3 example, idempotency,
the batch rule, whole-batch failures and resuming after a crash."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cases.herberekening import herberekeningen_verwerken
from cases.models import Batch, Feit, GemeentePeriode, Inburgeraar, detail_models
from cases.services import Levering, batch_aanmaken, batch_verwerken
from tests.factories import synthetisch_bsn

pytestmark = pytest.mark.django_db

BSN_21 = synthetisch_bsn(1)  # wi2021, asiel
BSN_13 = synthetisch_bsn(2)  # wi2013, asiel
BSN_NIEUW = synthetisch_bsn(3)


def kennisgeving(bsn: str = BSN_21, kenmerk: str = "K-1", **extra: Any) -> dict[str, Any]:
    rec = {
        "soort": "kennisgeving",
        "kenmerk": kenmerk,
        "bsn": bsn,
        "achternaam": "Haddad",
        "voornamen": "Samir",
        "geboortedatum": "1990-04-12",
        "gemeente": "0344",
        "doelgroep": "asiel",
        "stelsel": "wi2021",
        "datum_plicht": "2022-03-14",
        "datum_kennisgeving": "2022-04-01",
        "datum_inschrijving_gemeente": "2022-05-02",
    }
    rec.update(extra)
    return rec


BASIS = [
    kennisgeving(),
    kennisgeving(BSN_13, "K-2", stelsel="wi2013", datum_plicht="2016-02-29", datum_kennisgeving=None),
]


def importeer(tmp_path: Path, records: list[Any], *, formaat: str = "ndjson", **opts: Any) -> dict[str, Any]:
    """Run the CLI; returns exit code, the stdout lines and the error report."""
    pad = tmp_path / f"levering-{len(list(tmp_path.iterdir()))}.{formaat}"
    if formaat == "ndjson":
        pad.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    else:
        pad.write_text(json.dumps({"kenmerk": "X", "records": records}))
    return importeer_pad(pad, **opts)


def importeer_pad(pad: Path, **opts: Any) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    args = [str(pad), "--bron", opts.pop("bron", "DUO")]
    for naam, waarde in opts.items():
        args += [f"--{naam}", waarde]
    code = 0
    try:
        call_command("importeer", *args, stdout=out, stderr=err)
    except CommandError as exc:
        code = exc.returncode
    fouten_pad = Path(opts.get("fouten", f"{pad}.fouten.json"))
    rapport = json.loads(fouten_pad.read_text()) if fouten_pad.exists() else None
    return {"code": code, "stdout": out.getvalue().splitlines(), "rapport": rapport, "stderr": err.getvalue()}


def momentopname() -> dict[str, Any]:
    """Every fact with its detail row, to prove that nothing existing changed."""
    rijen: dict[str, Any] = {}
    for soort, model in detail_models().items():
        for detail in model._default_manager.select_related("feit"):
            f = detail.feit
            waarden = {k: v for k, v in vars(detail).items() if not k.startswith("_")}
            rijen[f.kenmerk] = (soort, f.inburgeraar_id, f.ingangsdatum, f.inhoud_hash, f.batch_id, waarden)
    return rijen


@pytest.fixture
def basis(tmp_path: Path) -> dict[str, Any]:
    uitkomst = importeer(tmp_path, BASIS)
    assert uitkomst["stdout"] == ["verwerkt: 2", "ongewijzigd: 0", "fouten: 0"], uitkomst
    return momentopname()


VERLENGING = {"soort": "verlenging", "bsn": BSN_13, "besluitdatum": "2018-01-01"}
VOORBEELDEN: list[tuple[str, dict[str, Any], str | None, str]] = [
    ("elfproef", {"soort": "voldaan", "bsn": "123456789", "datum": "2023-01-01"}, "bsn", "ongeldig_bsn"),
    ("8 cijfers", {"soort": "voldaan", "bsn": "12345678", "datum": "2023-01-01"}, "bsn", "ongeldig_bsn"),
    ("punten", {"soort": "voldaan", "bsn": "111.222.333", "datum": "2023-01-01"}, "bsn", "ongeldig_bsn"),
    ("bsn als getal", {"soort": "voldaan", "bsn": 111222333, "datum": "2023-01-01"}, "bsn", "ongeldig_bsn"),
    ("30 februari", {"soort": "voldaan", "bsn": BSN_21, "datum": "2023-02-30"}, "datum", "ongeldige_datum"),
    (
        "examen voor plicht",
        {
            "soort": "examen",
            "bsn": BSN_21,
            "datum": "2021-12-01",
            "onderdeel": "lezen",
            "niveau": "b1",
            "resultaat": "behaald",
        },
        "datum",
        "voor_datum_plicht",
    ),
    (
        "pip bij wi2013",
        {"soort": "pip", "bsn": BSN_13, "dagtekening": "2016-07-01", "leerroute": "b1"},
        "soort",
        "stelsel_past_niet",
    ),
    (
        "wi2021 voor 2022",
        kennisgeving(BSN_NIEUW, "FOUT-1", datum_plicht="2021-12-31"),
        "datum_plicht",
        "stelsel_past_niet",
    ),
    (
        "wi2007",
        kennisgeving(BSN_NIEUW, "FOUT-1", stelsel="wi2013", datum_plicht="2012-12-31"),
        "datum_plicht",
        "stelsel_past_niet",
    ),
    (
        "ona bij wi2021",
        {
            "soort": "examen",
            "bsn": BSN_21,
            "datum": "2023-01-01",
            "onderdeel": "ona",
            "niveau": "a2",
            "resultaat": "behaald",
        },
        "onderdeel",
        "stelsel_past_niet",
    ),
    (
        "map bij wi2013",
        {"soort": "module", "bsn": BSN_13, "onderdeel": "map", "datum_afgerond": "2017-01-01"},
        "onderdeel",
        "stelsel_past_niet",
    ),
    (
        "verlenging boven maximum",
        {**VERLENGING, "grond": "niet_verwijtbaar", "maanden": 25},
        "maanden",
        "boven_maximum",
    ),
    ("bevalling 17 weken", {**VERLENGING, "grond": "bevalling", "weken": 17}, "weken", "boven_maximum"),
    (
        "grond past niet bij stelsel",
        {**VERLENGING, "bsn": BSN_21, "besluitdatum": "2023-01-01", "grond": "niet_verwijtbaar", "maanden": 3},
        "grond",
        "grond_past_niet",
    ),
    (
        "tot bij grond met maximum",
        {**VERLENGING, "grond": "bevalling", "tot": "2020-01-01"},
        "grond",
        "grond_past_niet",
    ),
    ("corona buiten venster", {**VERLENGING, "grond": "corona_generiek", "maanden": 2}, "grond", "grond_past_niet"),
    (
        "boete negatief",
        {"soort": "boete", "bsn": BSN_13, "besluitdatum": "2020-01-01", "bedrag": -5, "soort_boete": "pvt"},
        "bedrag",
        "ongeldig_bedrag",
    ),
    (
        "boete nul",
        {"soort": "boete", "bsn": BSN_13, "besluitdatum": "2020-01-01", "bedrag": "0", "soort_boete": "pvt"},
        "bedrag",
        "ongeldig_bedrag",
    ),
    (
        "boete drie decimalen",
        {"soort": "boete", "bsn": BSN_13, "besluitdatum": "2020-01-01", "bedrag": "10.005", "soort_boete": "pvt"},
        "bedrag",
        "ongeldig_bedrag",
    ),
    (
        "boete boven maximum",
        {
            "soort": "boete",
            "bsn": BSN_21,
            "besluitdatum": "2025-08-01",
            "bedrag": "1000.01",
            "soort_boete": "termijnoverschrijding",
        },
        "bedrag",
        "boven_maximum",
    ),
    (
        "lening boven 10.000",
        {"soort": "lening", "bsn": BSN_13, "datum": "2017-01-01", "bedrag_geleend": 10000.01},
        "bedrag_geleend",
        "boven_maximum",
    ),
    (
        "lening negatief",
        {"soort": "lening", "bsn": BSN_13, "datum": "2017-01-01", "bedrag_geleend": "-1"},
        "bedrag_geleend",
        "ongeldig_bedrag",
    ),
    (
        "kenmerk hergebruikt",
        {"soort": "voldaan", "bsn": BSN_21, "datum": "2024-01-01", "kenmerk": "K-1"},
        "kenmerk",
        "kenmerk_hergebruikt",
    ),
    (
        "intrekking onbekend",
        {"soort": "intrekking", "kenmerk_ingetrokken": "BESTAAT-NIET", "datum": "2024-01-01", "reden": "fout"},
        "kenmerk_ingetrokken",
        "onbekend_kenmerk",
    ),
    ("onbekende soort", {"soort": "huwelijk", "bsn": BSN_21}, "soort", "onbekende_soort"),
    (
        "onbekend veld",
        {"soort": "voldaan", "bsn": BSN_21, "datum": "2024-01-01", "opmerking": "x"},
        "opmerking",
        "onbekend_veld",
    ),
    ("verplicht veld", {"soort": "voldaan", "bsn": BSN_21}, "datum", "verplicht_veld"),
    ("verplicht veld null", {"soort": "voldaan", "bsn": BSN_21, "datum": None}, "datum", "verplicht_veld"),
    (
        "leerroute b2",
        {"soort": "pip", "bsn": BSN_21, "dagtekening": "2022-07-01", "leerroute": "b2"},
        "leerroute",
        "ongeldige_waarde",
    ),
    ("gemeente als getal", kennisgeving(BSN_NIEUW, "FOUT-1", gemeente=344), "gemeente", "ongeldige_waarde"),
    ("onbekende gemeente", kennisgeving(BSN_NIEUW, "FOUT-1", gemeente="9999"), "gemeente", "onbekende_gemeente"),
    ("opgeheven gemeente", kennisgeving(BSN_NIEUW, "FOUT-1", gemeente="0457"), "gemeente", "onbekende_gemeente"),
    ("geen kennisgeving", {"soort": "voldaan", "bsn": BSN_NIEUW, "datum": "2024-01-01"}, "bsn", "onbekende_bsn"),
    ("tweede kennisgeving", kennisgeving(BSN_21, kenmerk="K-99"), "bsn", "kennisgeving_bestaat"),
    ("geen JSON-object", "[1, 2, 3]", None, "ongeldige_json"),
    ("kapotte regel", '{"soort": "voldaan", "bsn": ', None, "ongeldige_json"),
]


@pytest.mark.parametrize(("naam", "fout_record", "veld", "code"), VOORBEELDEN, ids=[v[0] for v in VOORBEELDEN])
def test_koppelvlak_voorbeeld_geeft_fout_en_beschadigt_niets(
    tmp_path: Path, basis: dict[str, Any], naam: str, fout_record: Any, veld: str | None, code: str
) -> None:
    if isinstance(fout_record, dict):
        fout_record = {"kenmerk": "FOUT-1", **fout_record}
    goed_voor = {
        "soort": "lesuren",
        "kenmerk": "L-1",
        "bsn": BSN_21,
        "datum": "2023-01-31",
        "uren": 40,
        "keurmerk": True,
    }
    goed_na = {
        "soort": "lesuren",
        "kenmerk": "L-2",
        "bsn": BSN_13,
        "datum": "2017-01-31",
        "uren": 80,
        "keurmerk": False,
    }
    uitkomst = importeer(tmp_path, [goed_voor, fout_record, goed_na])

    assert uitkomst["code"] == 0
    assert uitkomst["stdout"] == ["verwerkt: 2", "ongewijzigd: 0", "fouten: 1"]
    regels = [f for f in uitkomst["rapport"] if f["code"] == code]
    assert regels, uitkomst["rapport"]
    assert all(f["index"] == 1 for f in uitkomst["rapport"])
    assert regels[0]["veld"] == veld
    assert len(regels[0]["melding"]) > 15 and regels[0]["melding"][0].isupper()
    if isinstance(fout_record, dict) and code not in {"ongeldige_json"}:
        assert regels[0]["kenmerk"] == fout_record["kenmerk"]
    # The other records of the batch were applied, nothing that existed changed.
    assert Feit.objects.filter(kenmerk__in=["L-1", "L-2"]).count() == 2
    na = momentopname()
    for kenmerk, rij in basis.items():
        assert na[kenmerk] == rij
    assert set(na) == set(basis) | {"L-1", "L-2"}


def test_structurele_fout_krijgt_alleen_structurele_fouten(tmp_path: Path, basis: dict[str, Any]) -> None:
    # Unknown field AND a voor_datum_plicht date: only the structural error is reported.
    rec = {
        "soort": "examen",
        "kenmerk": "E-9",
        "bsn": BSN_21,
        "datum": "2020-01-01",
        "onderdeel": "lezen",
        "niveau": "b1",
        "resultaat": "behaald",
        "cijfer": 7,
    }
    uitkomst = importeer(tmp_path, [rec])
    assert [(f["veld"], f["code"]) for f in uitkomst["rapport"]] == [("cijfer", "onbekend_veld")]


def test_meerdere_fouten_in_een_record_zijn_meerdere_regels(tmp_path: Path, basis: dict[str, Any]) -> None:
    rec = {"soort": "pip", "kenmerk": "P-9", "bsn": BSN_21, "dagtekening": "2022-02-30", "leerroute": "b2"}
    uitkomst = importeer(tmp_path, [rec])
    assert uitkomst["stdout"][-1] == "fouten: 1"
    assert {(f["veld"], f["code"]) for f in uitkomst["rapport"]} == {
        ("dagtekening", "ongeldige_datum"),
        ("leerroute", "ongeldige_waarde"),
    }


def test_tweede_alfabetisering_en_opgeteld_corona_maximum(tmp_path: Path, basis: dict[str, Any]) -> None:
    records = [
        {**VERLENGING, "kenmerk": "V-1", "grond": "alfabetisering", "maanden": 12},
        {**VERLENGING, "kenmerk": "V-2", "grond": "alfabetisering", "maanden": 1},
        {**VERLENGING, "kenmerk": "V-3", "besluitdatum": "2020-06-01", "grond": "corona_generiek", "maanden": 6},
        {**VERLENGING, "kenmerk": "V-4", "besluitdatum": "2021-06-01", "grond": "corona_generiek", "maanden": 5},
        {**VERLENGING, "kenmerk": "V-5", "besluitdatum": "2021-06-01", "grond": "corona_generiek", "maanden": 4},
    ]
    uitkomst = importeer(tmp_path, records)
    assert [(f["index"], f["veld"], f["code"]) for f in uitkomst["rapport"]] == [
        (1, "maanden", "boven_maximum"),
        (3, "maanden", "boven_maximum"),
    ]
    # A retracted verlenging no longer counts against the summed maximum (B-3).
    intrekking = {
        "soort": "intrekking",
        "kenmerk": "I-1",
        "kenmerk_ingetrokken": "V-3",
        "datum": "2021-07-01",
        "reden": "Ten onrechte verleend",
    }
    opnieuw = {**VERLENGING, "kenmerk": "V-6", "besluitdatum": "2021-07-01", "grond": "corona_generiek", "maanden": 6}
    uitkomst = importeer(tmp_path, [intrekking, opnieuw])
    assert uitkomst["stdout"] == ["verwerkt: 2", "ongewijzigd: 0", "fouten: 0"], uitkomst["rapport"]


def test_intrekking_van_ingetrokken_feit_of_van_intrekking(tmp_path: Path, basis: dict[str, Any]) -> None:
    trek = {"soort": "intrekking", "datum": "2024-01-01", "reden": "Onjuist"}
    uitkomst = importeer(
        tmp_path,
        [
            {**trek, "kenmerk": "I-1", "kenmerk_ingetrokken": "K-2"},
            {**trek, "kenmerk": "I-2", "kenmerk_ingetrokken": "K-2"},
            {**trek, "kenmerk": "I-3", "kenmerk_ingetrokken": "I-1"},
        ],
    )
    assert [(f["index"], f["veld"], f["code"]) for f in uitkomst["rapport"]] == [
        (1, "kenmerk_ingetrokken", "ongeldige_waarde"),
        (2, "kenmerk_ingetrokken", "ongeldige_waarde"),
    ]
    ingetrokken = Feit.objects.get(kenmerk="K-2")
    assert ingetrokken.ingetrokken_door.feit.kenmerk == "I-1"
    # The intrekking belongs to the dossier of the retracted fact.
    assert Feit.objects.get(kenmerk="I-1").inburgeraar_id == ingetrokken.inburgeraar_id


def test_kennisgeving_na_intrekking_heropent_het_dossier(tmp_path: Path, basis: dict[str, Any]) -> None:
    trek = {
        "soort": "intrekking",
        "kenmerk": "I-1",
        "kenmerk_ingetrokken": "K-1",
        "datum": "2024-01-01",
        "reden": "Verkeerd stelsel",
    }
    nieuw = kennisgeving(BSN_21, "K-3", stelsel="wi2013", datum_plicht="2021-06-01", gemeente="0363")
    # Facts for a BSN whose kennisgeving is retracted are still recorded.
    lesuren = {"soort": "lesuren", "kenmerk": "L-1", "bsn": BSN_21, "datum": "2023-01-31", "uren": 4, "keurmerk": True}
    uitkomst = importeer(tmp_path, [trek, lesuren, nieuw])
    assert uitkomst["stdout"] == ["verwerkt: 3", "ongewijzigd: 0", "fouten: 0"], uitkomst["rapport"]
    persoon = Inburgeraar.objects.get(bsn=BSN_21)
    assert (persoon.stelsel, persoon.datum_plicht.isoformat()) == ("wi2013", "2021-06-01")  # base data at once
    herberekeningen_verwerken()  # the gemeente (B-13) is the recompute's
    assert Inburgeraar.objects.get(bsn=BSN_21).gemeente_id == "0363"
    assert Inburgeraar.objects.filter(bsn=BSN_21).count() == 1
    # And a second one while K-3 is valid is refused.
    uitkomst = importeer(tmp_path, [kennisgeving(BSN_21, "K-4")])
    assert [f["code"] for f in uitkomst["rapport"]] == ["kennisgeving_bestaat"]


def test_verhuizing_zet_de_huidige_gemeente(tmp_path: Path, basis: dict[str, Any]) -> None:
    verhuis = {"soort": "verhuizing", "kenmerk": "H-1", "bsn": BSN_21, "gemeente": "0363", "datum": "2023-05-01"}
    toekomst = {"soort": "verhuizing", "kenmerk": "H-2", "bsn": BSN_21, "gemeente": "0518", "datum": "2099-01-01"}
    importeer(tmp_path, [verhuis, toekomst])
    herberekeningen_verwerken()
    assert Inburgeraar.objects.get(bsn=BSN_21).gemeente_id == "0363"
    perioden = GemeentePeriode.objects.filter(inburgeraar__bsn=BSN_21).order_by("van")
    assert [(p.gemeente_id, str(p.van), str(p.tot)) for p in perioden] == [
        ("0344", "0001-01-01", "2023-05-01"),
        ("0363", "2023-05-01", "2099-01-01"),
        ("0518", "2099-01-01", "None"),
    ]
    intrek = {
        "soort": "intrekking",
        "kenmerk": "I-1",
        "kenmerk_ingetrokken": "H-1",
        "datum": "2024-01-01",
        "reden": "Verkeerde gemeente",
    }
    importeer(tmp_path, [intrek])
    herberekeningen_verwerken()
    assert Inburgeraar.objects.get(bsn=BSN_21).gemeente_id == "0344"
    assert GemeentePeriode.objects.filter(inburgeraar__bsn=BSN_21).count() == 2


def test_herhaald_record_in_een_levering_is_ongewijzigd(tmp_path: Path, basis: dict[str, Any]) -> None:
    rec = {"soort": "lening", "kenmerk": "N-1", "bsn": BSN_13, "datum": "2017-01-01", "bedrag_geleend": "9500.00"}
    zelfde = {"bedrag_geleend": 9500, "datum": "2017-01-01", "bsn": BSN_13, "kenmerk": "N-1", "soort": "lening"}
    anders = {**rec, "bedrag_geleend": 9600}
    uitkomst = importeer(tmp_path, [rec, zelfde, anders])
    assert uitkomst["stdout"] == ["verwerkt: 1", "ongewijzigd: 1", "fouten: 1"]
    assert [(f["index"], f["code"]) for f in uitkomst["rapport"]] == [(2, "kenmerk_hergebruikt")]


def test_optionele_standaardwaarde_telt_als_dezelfde_inhoud(tmp_path: Path, basis: dict[str, Any]) -> None:
    # K-2 was delivered without datum_kennisgeving; its default is datum_plicht (B-11).
    expliciet = {**BASIS[1], "datum_kennisgeving": "2016-02-29"}
    uitkomst = importeer(tmp_path, [expliciet])
    assert uitkomst["stdout"] == ["verwerkt: 0", "ongewijzigd: 1", "fouten: 0"]


def test_ingetrokken_feit_komt_niet_terug_door_het_opnieuw_te_sturen(tmp_path: Path, basis: dict[str, Any]) -> None:
    trek = {
        "soort": "intrekking",
        "kenmerk": "I-1",
        "kenmerk_ingetrokken": "K-2",
        "datum": "2024-01-01",
        "reden": "Onterecht",
    }
    importeer(tmp_path, [trek])
    uitkomst = importeer(tmp_path, [BASIS[1]])
    assert uitkomst["stdout"] == ["verwerkt: 0", "ongewijzigd: 1", "fouten: 0"]
    assert hasattr(Feit.objects.get(kenmerk="K-2"), "ingetrokken_door")


def test_kapotte_json_envelop_verwerkt_niets(tmp_path: Path, basis: dict[str, Any]) -> None:
    pad = tmp_path / "kapot.json"
    pad.write_text('{"kenmerk": "X", "records": [{"soort": "voldaan", ')
    uitkomst = importeer_pad(pad)
    assert uitkomst["code"] == 1
    assert uitkomst["stdout"] == []
    assert len(uitkomst["rapport"]) == 1 and uitkomst["rapport"][0]["index"] is None
    assert "niet te lezen" in uitkomst["rapport"][0]["melding"]
    assert momentopname() == basis
    assert Batch.objects.filter(status="mislukt").count() == 1


def test_ongeldige_utf8_in_ndjson_verwerkt_niets(tmp_path: Path, basis: dict[str, Any]) -> None:
    pad = tmp_path / "utf8.ndjson"
    goed = json.dumps({"soort": "voldaan", "kenmerk": "VD-1", "bsn": BSN_21, "datum": "2024-01-01"})
    pad.write_bytes(goed.encode() + b"\n" + b'{"soort": "voldaan", "kenmerk": "\xff"}\n')
    uitkomst = importeer_pad(pad)
    assert uitkomst["code"] == 1 and uitkomst["stdout"] == []
    assert "UTF-8" in uitkomst["rapport"][0]["melding"]
    assert momentopname() == basis


def test_lege_regels_tellen_niet_mee(tmp_path: Path, basis: dict[str, Any]) -> None:
    pad = tmp_path / "leeg.ndjson"
    rec = {"soort": "voldaan", "kenmerk": "VD-1", "bsn": BSN_21, "datum": "2022-01-01"}
    pad.write_text("\n\n" + json.dumps(rec) + "\n   \n")
    uitkomst = importeer_pad(pad)
    assert uitkomst["rapport"][0]["index"] == 0 and uitkomst["rapport"][0]["code"] == "voor_datum_plicht"
    assert Batch.objects.latest("ontvangen_op").aantal_records == 1


def test_zelfde_bestand_twee_keer_verandert_niets(tmp_path: Path) -> None:
    records = [*BASIS, {"soort": "voldaan", "kenmerk": "VD-1", "bsn": BSN_21, "datum": "2024-01-01"}]
    eerste = importeer(tmp_path, records, formaat="json")
    voor = momentopname()
    tweede = importeer(tmp_path, records, formaat="json")
    assert eerste["stdout"] == ["verwerkt: 3", "ongewijzigd: 0", "fouten: 0"]
    assert tweede["stdout"] == ["verwerkt: 0", "ongewijzigd: 3", "fouten: 0"]
    assert tweede["rapport"] == []
    assert momentopname() == voor
    assert Batch.objects.count() == 2  # without --kenmerk every run is a new batch


def test_batchkenmerk_regel(tmp_path: Path) -> None:
    eerste = importeer(tmp_path, BASIS, kenmerk="DUO-1")
    assert eerste["stdout"] == ["verwerkt: 2", "ongewijzigd: 0", "fouten: 0"]
    # The same typed content as JSON instead of NDJSON: the earlier summary, nothing processed again.
    herhaald = importeer(tmp_path, BASIS, formaat="json", kenmerk="DUO-1")
    assert herhaald["code"] == 0 and herhaald["stdout"] == eerste["stdout"]
    assert "al verwerkt" in herhaald["stderr"]
    assert Batch.objects.count() == 1
    anders = importeer(tmp_path, BASIS[:1], kenmerk="DUO-1")
    assert anders["code"] == 1 and anders["stdout"] == []
    assert anders["rapport"][0]["code"] == "kenmerk_hergebruikt" and anders["rapport"][0]["index"] is None
    assert Batch.objects.count() == 1


def test_gebruiksfouten_geven_exitcode_2(tmp_path: Path) -> None:
    assert importeer_pad(tmp_path / "bestaat-niet.ndjson")["code"] == 2
    pad = tmp_path / "a.ndjson"
    pad.write_text("")
    assert importeer_pad(pad, bron="ONBEKEND")["code"] == 2
    assert importeer_pad(Path("-"))["code"] == 2  # stdin without --fouten/--formaat
    anders = tmp_path / "a.txt"
    anders.write_text("")
    assert importeer_pad(anders)["code"] == 2
    assert Batch.objects.count() == 0


def test_invoer_via_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = "\n".join(json.dumps(r) for r in BASIS).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    uitkomst = importeer_pad(Path("-"), fouten=str(tmp_path / "f.json"), formaat="ndjson")
    assert uitkomst["stdout"] == ["verwerkt: 2", "ongewijzigd: 0", "fouten: 0"]
    assert uitkomst["rapport"] == []


class Onderbroken(BaseException):
    """The process stops (a kill, a shutdown): not an error the batch service could handle."""


def test_onderbroken_batch_wordt_hervat_zonder_dubbele_feiten(tmp_path: Path) -> None:
    records = (
        [*BASIS]
        + [
            {
                "soort": "lesuren",
                "kenmerk": f"L-{i}",
                "bsn": BSN_21 if i % 2 else BSN_13,
                "datum": "2023-01-31",
                "uren": i + 1,
                "keurmerk": True,
            }
            for i in range(20)
        ]
        + [{"soort": "voldaan", "kenmerk": "X-1", "bsn": BSN_NIEUW, "datum": "2024-01-01"}]
    )
    pad = tmp_path / "groot.ndjson"
    pad.write_text("\n".join(json.dumps(r) for r in records))
    from cases.models import Bron

    batch, _ = batch_aanmaken(bron=Bron.objects.get(code="DUO"), kenmerk="B-1", inhoud_hash="h", actor="test")

    def crash(aantal: int) -> None:
        if aantal >= 10:
            raise Onderbroken

    with pytest.raises(Onderbroken):
        batch_verwerken(batch=batch, levering=Levering(str(pad), "ndjson"), actor="test", voortgang=crash, chunk=5)
    with connection.cursor() as cursor:  # the per-bron lock was released
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        assert cursor.fetchone()[0] == 0
    batch.refresh_from_db()
    assert batch.status == "bezig" and batch.verwerkt_tot == 10
    assert Feit.objects.count() == 10

    batch = batch_verwerken(batch=batch, levering=Levering(str(pad), "ndjson"), actor="test", chunk=5)
    assert (
        batch.status,
        batch.aantal_records,
        batch.aantal_verwerkt,
        batch.aantal_ongewijzigd,
        batch.aantal_fouten,
    ) == ("verwerkt", 23, 22, 0, 1)
    assert Feit.objects.count() == 22
    assert list(batch.fouten.values_list("index", "code")) == [(22, "onbekende_bsn")]


ALLE_SOORTEN = [
    kennisgeving(),
    kennisgeving(
        BSN_13, "K-2", stelsel="wi2013", datum_plicht="2016-02-29", nationaliteit="ERI", datum_kennisgeving=None
    ),
    {"soort": "verhuizing", "kenmerk": "R-1", "bsn": BSN_21, "gemeente": "0363", "datum": "2023-01-01"},
    {"soort": "leerbaarheidstoets", "kenmerk": "R-2", "bsn": BSN_21, "datum": "2022-05-01", "uitslag": "haalbaar"},
    {
        "soort": "pip",
        "kenmerk": "R-3",
        "bsn": BSN_21,
        "dagtekening": "2022-07-01",
        "leerroute": "b1",
        "afschalen": ["spreken", "lezen"],
    },
    {"soort": "aanbod", "kenmerk": "R-4", "bsn": BSN_21, "datum_start": "2022-09-01"},
    {"soort": "coa_verblijf", "kenmerk": "R-5", "bsn": BSN_21, "datum_van": "2022-03-01", "datum_tot": "2022-08-01"},
    {"soort": "lesuren", "kenmerk": "R-6", "bsn": BSN_13, "datum": "2017-01-31", "uren": 120, "keurmerk": True},
    {
        "soort": "examen",
        "kenmerk": "R-7",
        "bsn": BSN_13,
        "datum": "2017-03-01",
        "onderdeel": "ona",
        "niveau": "a2",
        "resultaat": "niet_behaald",
    },
    {"soort": "module", "kenmerk": "R-8", "bsn": BSN_21, "onderdeel": "map", "datum_afgerond": "2023-02-01"},
    {"soort": "diploma", "kenmerk": "R-9", "bsn": BSN_21, "soort_diploma": "taalschakeltraject", "datum": "2024-06-01"},
    {"soort": "voldaan", "kenmerk": "R-10", "bsn": BSN_21, "datum": "2024-07-01"},
    {"soort": "vrijstelling", "kenmerk": "R-11", "bsn": BSN_13, "datum": "2017-01-01"},
    {"soort": "ontheffing", "kenmerk": "R-12", "bsn": BSN_13, "datum": "2019-01-01", "grond": "geleverde_inspanning"},
    {
        "soort": "verlenging",
        "kenmerk": "R-13",
        "bsn": BSN_13,
        "besluitdatum": "2020-05-01",
        "grond": "corona_specifiek",
        "maanden": 12,
    },
    {
        "soort": "verlenging",
        "kenmerk": "R-14",
        "bsn": BSN_21,
        "besluitdatum": "2025-02-03",
        "grond": "ziekte",
        "tot": "2026-01-01",
    },
    {"soort": "vervallen", "kenmerk": "R-15", "bsn": BSN_13, "datum": "2020-01-01", "reden": "naturalisatie"},
    {"soort": "lening", "kenmerk": "R-16", "bsn": BSN_13, "datum": "2017-01-01", "bedrag_geleend": 9500},
    {
        "soort": "boete",
        "kenmerk": "R-17",
        "bsn": BSN_13,
        "besluitdatum": "2019-06-01",
        "bedrag": "1250.00",
        "soort_boete": "termijnoverschrijding",
    },
    {
        "soort": "intrekking",
        "kenmerk": "R-18",
        "kenmerk_ingetrokken": "R-7",
        "datum": "2017-04-01",
        "reden": "Uitslag hoorde bij een andere kandidaat",
    },
]


@pytest.mark.parametrize("formaat", ["json", "ndjson"])
def test_alle_18_soorten_heen_en_terug_en_zichtbaar_in_beheer(
    tmp_path: Path, formaat: str, beheerder_client: Any
) -> None:
    uitkomst = importeer(tmp_path, ALLE_SOORTEN, formaat=formaat)
    assert uitkomst["stdout"] == [f"verwerkt: {len(ALLE_SOORTEN)}", "ongewijzigd: 0", "fouten: 0"], uitkomst
    batch = Batch.objects.get()
    assert set(Feit.objects.values_list("soort", flat=True)) == set(detail_models())
    # The typed content is stored as delivered.
    from leerroutes.models import Pip

    assert Pip.objects.get(feit__kenmerk="R-3").afschalen == ["lezen", "spreken"]
    assert str(Feit.objects.get(kenmerk="R-16").lening.bedrag_geleend) == "9500.00"
    assert Feit.objects.get(kenmerk="K-2").kennisgeving.datum_kennisgeving.isoformat() == "2016-02-29"
    assert Feit.objects.get(kenmerk="R-13").ingangsdatum.isoformat() == "2020-05-01"
    for soort, model in detail_models().items():
        meta = model._meta
        pagina = beheerder_client.get(f"/admin/{meta.app_label}/{meta.model_name}/").content.decode()
        kenmerk = next(r["kenmerk"] for r in ALLE_SOORTEN if r["soort"] == soort)
        assert kenmerk in pagina and str(batch.id) in pagina, soort
    # Re-importing changes nothing.
    opnieuw = importeer(tmp_path, ALLE_SOORTEN, formaat=formaat)
    assert opnieuw["stdout"] == ["verwerkt: 0", f"ongewijzigd: {len(ALLE_SOORTEN)}", "fouten: 0"]


def _uitkomst_van_batch(batch: Batch) -> tuple[Any, ...]:
    feiten = sorted(Feit.objects.filter(batch=batch).values_list("kenmerk", "soort", "inburgeraar__bsn", "batch_index"))
    fouten = list(batch.fouten.order_by("index", "code").values_list("index", "veld", "code"))
    return (batch.aantal_records, batch.aantal_verwerkt, batch.aantal_ongewijzigd, batch.aantal_fouten, feiten, fouten)


@pytest.mark.parametrize("chunk", [1, 2, 3, 7])
def test_uitkomst_hangt_niet_af_van_de_chunkgrootte(tmp_path: Path, chunk: int) -> None:
    """The writer runs one chunk behind the decisions; every decision must still see all records
    before it, whatever chunk they fell in."""
    _chunkgrootte_maakt_niet_uit(tmp_path, chunk)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("chunk", [1, 2, 3])
def test_uitkomst_hangt_niet_af_van_de_chunkgrootte_met_eigen_leesverbinding(tmp_path: Path, chunk: int) -> None:
    """Outside a transaction (CLI, worker) the state is read on a second connection while the
    previous chunk is still being written: the outcome is the same."""
    _chunkgrootte_maakt_niet_uit(tmp_path, chunk)


def _chunkgrootte_maakt_niet_uit(tmp_path: Path, chunk: int) -> None:
    trek = {"soort": "intrekking", "datum": "2021-07-01", "reden": "Onjuist"}
    records = [
        *BASIS,
        {**VERLENGING, "kenmerk": "V-1", "besluitdatum": "2020-06-01", "grond": "corona_generiek", "maanden": 6},
        {**VERLENGING, "kenmerk": "V-2", "besluitdatum": "2020-07-01", "grond": "corona_generiek", "maanden": 5},
        {**trek, "kenmerk": "I-1", "kenmerk_ingetrokken": "V-1"},
        {**VERLENGING, "kenmerk": "V-3", "besluitdatum": "2021-08-01", "grond": "corona_generiek", "maanden": 5},
        {**VERLENGING, "kenmerk": "V-4", "besluitdatum": "2021-08-02", "grond": "corona_generiek", "maanden": 6},
        {**VERLENGING, "kenmerk": "V-5", "grond": "alfabetisering", "maanden": 3},
        {"soort": "lesuren", "kenmerk": "L-1", "bsn": BSN_13, "datum": "2017-01-31", "uren": 5, "keurmerk": True},
        {**VERLENGING, "kenmerk": "V-6", "grond": "alfabetisering", "maanden": 3},
        {**trek, "kenmerk": "I-2", "kenmerk_ingetrokken": "K-1"},
        {"soort": "voldaan", "kenmerk": "VD-1", "bsn": BSN_21, "datum": "2024-01-01"},
        kennisgeving(BSN_21, "K-3", datum_plicht="2023-01-01"),
        kennisgeving(BSN_21, "K-4"),
        {**trek, "kenmerk": "I-3", "kenmerk_ingetrokken": "V-1"},
        kennisgeving(BSN_NIEUW, "K-5", stelsel="wi2013", datum_plicht="2019-01-01"),
        {
            **VERLENGING,
            "bsn": BSN_NIEUW,
            "kenmerk": "V-7",
            "besluitdatum": "2020-06-01",
            "grond": "corona_specifiek",
            "maanden": 12,
        },
        {
            **VERLENGING,
            "bsn": BSN_NIEUW,
            "kenmerk": "V-8",
            "besluitdatum": "2020-06-02",
            "grond": "corona_specifiek",
            "dagen": 1,
        },
        {"soort": "voldaan", "kenmerk": "VD-1", "bsn": BSN_21, "datum": "2024-01-01"},
        {"soort": "voldaan", "kenmerk": "VD-1", "bsn": BSN_21, "datum": "2024-01-02"},
    ]
    pad = tmp_path / "volgorde.ndjson"
    pad.write_text("\n".join(json.dumps(r) for r in records))
    from cases.models import Bron

    uitkomsten = []
    for grootte in (5000, chunk):
        batch, _ = batch_aanmaken(bron=Bron.objects.get(code="DUO"), kenmerk=None, inhoud_hash="", actor="test")
        batch = batch_verwerken(batch=batch, levering=Levering(str(pad), "ndjson"), actor="test", chunk=grootte)
        uitkomsten.append(_uitkomst_van_batch(batch))
        # Undo, so that the second run starts from the same state: the test database is emptied.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "TRUNCATE cases_feit, cases_inburgeraar, cases_batchfout, cases_herberekening, cases_projectie, cases_statusperiode, "
                "cases_gemeenteperiode, "
                + ", ".join(m._meta.db_table for m in detail_models().values())
                + " CASCADE"  # and whatever else refers to a person (assignments, logboek)
            )
    verwacht, gekregen = uitkomsten
    assert gekregen == verwacht
    assert verwacht[:4] == (20, 12, 1, 7)
    assert verwacht[5] == [
        (3, "maanden", "boven_maximum"),  # V-2: 6 + 5 months > 10
        (6, "maanden", "boven_maximum"),  # V-4: after V-1 was retracted, 5 + 6 > 10
        (9, "maanden", "boven_maximum"),  # a second alfabetisering
        (13, "bsn", "kennisgeving_bestaat"),  # K-3 reopened the dossier
        (14, "kenmerk_ingetrokken", "ongeldige_waarde"),  # V-1 is already retracted
        (17, "dagen", "boven_maximum"),  # 12 months + 1 day > 12 months
        (19, "kenmerk", "kenmerk_hergebruikt"),
    ]


def test_limieten_komen_uit_de_regelparameters(tmp_path: Path, basis: dict[str, Any]) -> None:
    """besluiten B-14: a new version of a limit, valid on the day of receipt, is what the batch checks."""
    from cases.models import Regelparameter

    rec = {**VERLENGING, "kenmerk": "V-1", "grond": "bevalling", "weken": 10}
    Regelparameter.objects.create(
        naam="verlenging_maximum_bevalling", waarde="8 weken", soort="tekst", geldig_vanaf="2020-01-01", bron="test"
    )
    uitkomst = importeer(tmp_path, [rec])
    assert [(f["veld"], f["code"]) for f in uitkomst["rapport"]] == [("weken", "boven_maximum")]
    assert "8 weken" in uitkomst["rapport"][0]["melding"]


def test_te_lang_batchkenmerk_is_een_gebruiksfout(tmp_path: Path) -> None:
    uitkomst = importeer(tmp_path, BASIS, kenmerk="K" * 101)
    assert uitkomst["code"] == 2 and uitkomst["stdout"] == []
    assert not Batch.objects.exists()


def test_reusachtig_bedrag_wordt_geweigerd_niet_een_serverfout(tmp_path: Path, basis: dict[str, Any]) -> None:
    """Found by schemathesis: an amount with more digits than a Decimal holds (1e30 as cents)."""
    boete = {"soort": "boete", "kenmerk": "B-9", "bsn": BSN_21, "besluitdatum": "2025-08-01", "soort_boete": "pvt"}
    uitkomst = importeer(tmp_path, [{**boete, "bedrag": 1e30}, {**boete, "kenmerk": "B-10", "bedrag": "1E+30"}])
    assert uitkomst["code"] == 0, uitkomst
    assert [(f["index"], f["veld"], f["code"]) for f in uitkomst["rapport"]] == [
        (0, "bedrag", "boven_maximum"),
        (1, "bedrag", "boven_maximum"),
    ]
