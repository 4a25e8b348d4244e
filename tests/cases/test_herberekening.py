"""Projections from facts: the demo population's intended outcome, idempotent recompute, status periods."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from cases.herberekening import alles_herberekenen, herberekeningen_verwerken, projecties_herberekenen
from cases.models import Herberekening, Inburgeraar, Projectie, StatusPeriode

pytestmark = pytest.mark.django_db

PEILDATUM = dt.date(2024, 5, 1)


@pytest.fixture
def populatie(tmp_path: Path) -> dict[str, dict[str, str]]:
    pad = tmp_path / "demo.ndjson"
    uitkomsten = tmp_path / "uitkomsten.csv"
    call_command(
        "demo_populatie",
        "--aantal",
        "1500",
        "--seed",
        "11",
        "--tot-datum",
        PEILDATUM.isoformat(),
        "--uitvoer",
        str(pad),
        "--uitkomsten",
        str(uitkomsten),
    )
    call_command("importeer", str(pad), "--bron", "DUO", "--fouten", str(tmp_path / "f.json"))
    with uitkomsten.open() as fh:
        return {r["bsn"]: r for r in csv.DictReader(fh)}


def test_berekende_status_is_de_bedoelde_status_van_de_demopopulatie(populatie: dict[str, dict[str, str]]) -> None:
    assert Herberekening.objects.count() == Inburgeraar.objects.count() == 1500
    assert herberekeningen_verwerken(vandaag=PEILDATUM) == 1500
    assert not Herberekening.objects.exists()
    afwijkend = []
    for bsn, status, status_datum in Projectie.objects.values_list("inburgeraar__bsn", "status", "status_datum"):
        bedoeld = populatie[bsn]
        if (status, status_datum.isoformat()) != (bedoeld["status"], bedoeld["status_datum"]):
            afwijkend.append((bsn, status, status_datum, bedoeld["status"], bedoeld["status_datum"]))
    assert afwijkend == []


def test_herberekenen_van_een_ongewijzigd_dossier_verandert_niets(populatie: dict[str, dict[str, str]]) -> None:
    ids = list(Inburgeraar.objects.values_list("id", flat=True))
    assert projecties_herberekenen(ids=ids, vandaag=PEILDATUM) == 1500
    voor = list(Projectie.objects.order_by("pk").values())
    perioden = list(StatusPeriode.objects.order_by("id").values())
    assert projecties_herberekenen(ids=ids, vandaag=PEILDATUM) == 0
    assert list(Projectie.objects.order_by("pk").values()) == voor
    assert list(StatusPeriode.objects.order_by("id").values()) == perioden


def test_statusperioden_tellen_elke_peildatum_zoals_de_projectie(populatie: dict[str, dict[str, str]]) -> None:
    alles_herberekenen(vandaag=PEILDATUM)
    van_perioden = dict(
        StatusPeriode.objects.filter(van__lte=PEILDATUM)
        .exclude(tot__lte=PEILDATUM)
        .values_list("inburgeraar_id", "status")
    )
    van_projectie = dict(
        Projectie.objects.filter(inburgeraar__datum_plicht__lte=PEILDATUM).values_list("inburgeraar_id", "status")
    )
    assert van_perioden == van_projectie


def test_intrekking_van_een_examenuitslag_telt_op_geen_enkele_peildatum(tmp_path: Path) -> None:
    from tests.cases.test_batch import BSN_13, importeer, kennisgeving

    examens = [
        {
            "soort": "examen",
            "kenmerk": f"E-{o}",
            "bsn": BSN_13,
            "datum": "2017-01-10",
            "onderdeel": o,
            "niveau": "a2",
            "resultaat": "behaald",
        }
        for o in ("lezen", "luisteren", "schrijven", "spreken", "knm", "ona")
    ]
    importeer(tmp_path, [kennisgeving(BSN_13, "K-2", stelsel="wi2013", datum_plicht="2016-02-01"), *examens])
    persoon = Inburgeraar.objects.get(bsn=BSN_13)
    projecties_herberekenen(ids=[persoon.pk], vandaag=PEILDATUM)
    assert Projectie.objects.get(pk=persoon.pk).status == "voldaan"
    importeer(
        tmp_path,
        [
            {
                "soort": "intrekking",
                "kenmerk": "I-1",
                "kenmerk_ingetrokken": "E-ona",
                "datum": "2024-01-01",
                "reden": "Uitslag van een andere kandidaat",
            }
        ],
    )
    projecties_herberekenen(ids=[persoon.pk], vandaag=PEILDATUM)
    assert Projectie.objects.get(pk=persoon.pk).status == "plichtig"
    # Also on a peildatum before the intrekking (B-12): the period says plichtig throughout.
    assert list(StatusPeriode.objects.filter(inburgeraar=persoon).values_list("status", "tot")) == [("plichtig", None)]


def test_verhuizing_in_de_toekomst_wordt_de_huidige_gemeente_op_haar_datum(tmp_path: Path) -> None:
    from tests.cases.test_batch import BSN_21, importeer, kennisgeving

    verhuizing = {"soort": "verhuizing", "kenmerk": "H-1", "bsn": BSN_21, "gemeente": "0363", "datum": "2030-01-01"}
    importeer(tmp_path, [kennisgeving(), verhuizing])
    persoon = Inburgeraar.objects.get(bsn=BSN_21)
    projecties_herberekenen(ids=[persoon.pk], vandaag=dt.date(2029, 12, 31))
    assert Inburgeraar.objects.get(pk=persoon.pk).gemeente_id == "0344"
    projecties_herberekenen(ids=[persoon.pk], vandaag=dt.date(2030, 1, 1))  # the nightly run of that day
    assert Inburgeraar.objects.get(pk=persoon.pk).gemeente_id == "0363"


def test_gemeente_perioden_in_de_database_zijn_die_van_het_domein(tmp_path: Path) -> None:
    """besluiten B-13 has one definition (`Dossier.gemeente_perioden`); the recompute stores it. On a
    demo population with verhuizingen and intrekkingen the stored periods equal the domain's, and on
    every date tried the list filter (which reads them), the domain's `gemeente_op` and the
    inburgeraar's gemeente of today (written by the nightly run of that day) name the same gemeente."""
    from cases.models import GemeentePeriode
    from cases.selectors import dossiers, in_gemeente_op

    pad = tmp_path / "demo.ndjson"
    call_command("demo_populatie", "--aantal", "400", "--seed", "5", "--tot-datum", "2026-01-01", "--uitvoer", str(pad))
    call_command("importeer", str(pad), "--bron", "DUO", "--fouten", str(tmp_path / "f.json"))
    ids = list(Inburgeraar.objects.values_list("pk", flat=True))
    per_id = dossiers(ids)
    assert sum(1 for d in per_id.values() if d.verhuizingen) >= 10  # the comparison covers verhuizingen
    assert any(len(d.gemeente_perioden) >= 3 for d in per_id.values())  # ... moving more than once
    assert any(d.kennisgeving is None for d in per_id.values())  # ... and retracted kennisgevingen
    projecties_herberekenen(ids=ids, vandaag=dt.date(2026, 1, 1))
    opgeslagen: dict[int, list[tuple[str, dt.date, dt.date | None]]] = {}
    for pid, gemeente, van, tot in GemeentePeriode.objects.order_by("inburgeraar_id", "van").values_list(
        "inburgeraar_id", "gemeente_id", "van", "tot"
    ):
        opgeslagen.setdefault(pid, []).append((gemeente, van, tot))
    assert opgeslagen == {pid: [(p.gemeente, p.van, p.tot) for p in d.gemeente_perioden] for pid, d in per_id.items()}
    gemeenten = sorted({p.gemeente for d in per_id.values() for p in d.gemeente_perioden})
    for datum in (dt.date(2016, 1, 1), dt.date(2020, 6, 30), dt.date(2023, 3, 1), dt.date(2026, 1, 1)):
        in_domein = {pid: d.gemeente_op(datum) for pid, d in per_id.items()}
        uit_filter = {
            pid: g
            for g in gemeenten
            for pid in Inburgeraar.objects.filter(in_gemeente_op(g, datum)).values_list("pk", flat=True)
        }
        assert uit_filter == in_domein, datum
        projecties_herberekenen(ids=ids, vandaag=datum)  # as the nightly run of that day
        assert dict(Inburgeraar.objects.values_list("pk", "gemeente_id")) == in_domein, datum


def test_de_leeslijst_van_de_regels_noemt_alleen_kolommen_van_de_modellen() -> None:
    """The recompute's read list takes the tables from the detail models and checks every column name
    against them: a renamed field fails at the first read, not as a wrong value."""
    from cases.models import detail_models
    from cases.selectors import _KOLOMMEN, leeskolommen

    tabellen = leeskolommen()
    assert {s: t for s, (t, _) in tabellen.items()} == {s: detail_models()[s]._meta.db_table for s in _KOLOMMEN}
    leeskolommen.cache_clear()
    _KOLOMMEN["pip"] += ", t.bestaat_niet"
    try:
        with pytest.raises(LookupError, match="bestaat_niet"):
            leeskolommen()
    finally:
        _KOLOMMEN["pip"] = _KOLOMMEN["pip"].removesuffix(", t.bestaat_niet")
        leeskolommen.cache_clear()
