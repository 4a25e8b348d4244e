"""Planner statistics (issue 14): kept fresh by whoever loads in bulk, and the hot statements
planned by key whatever the statistics say — missing, or taken at the wrong moment."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from cases import statistieken
from cases.herberekening import CLAIM, alles_herberekenen, herberekeningen_verwerken
from cases.models import Feit, Herberekening, Inburgeraar, detail_models
from cases.services import batch as batchservice
from inburgering.core.statistiek import MINIMUM, Stand, per_sleutel, standen, verouderd

pytestmark = pytest.mark.django_db

PEILDATUM = dt.date(2024, 5, 1)


def demo(tmp_path: Path, aantal: int, seed: int) -> Path:
    pad = tmp_path / f"demo-{seed}.ndjson"
    call_command(
        "demo_populatie", "--aantal", str(aantal), "--seed", str(seed), "--tot-datum", PEILDATUM.isoformat(),
        "--uitvoer", str(pad),
    )  # fmt: skip
    return pad


def importeer(pad: Path) -> None:
    call_command("importeer", str(pad), "--bron", "DUO", "--fouten", str(pad.with_suffix(".fouten.json")))


def feittabellen() -> list[str]:
    return [Feit._meta.db_table, Inburgeraar._meta.db_table, *(m._meta.db_table for m in detail_models().values())]


def zonder_statistiek(tabellen: list[str]) -> None:
    """As on a server where these tables were never analysed: no column statistics, reltuples -1.
    In the test's transaction, so rolled back with it (the test user is the superuser). First the
    tables are taken from autovacuum (the embedded server runs it): an autoanalyze that holds a table
    while the code under test analyses would make `ANALYZE (SKIP_LOCKED)` skip it, by design."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending on the tables altered
        for tabel in tabellen:
            cursor.execute(f'ALTER TABLE "{tabel}" SET (autovacuum_enabled = false)')
        cursor.execute(
            "DELETE FROM pg_statistic WHERE starelid = ANY(ARRAY(SELECT to_regclass(t) FROM unnest(%s::text[]) t))",
            [tabellen],
        )
        cursor.execute("UPDATE pg_class SET reltuples = -1 WHERE oid = ANY(%s::regclass[])", [tabellen])


# -- the rule ----------------------------------------------------------------------------------


def stand(rijen: float, gewijzigd: int = 0, *, heeft: bool = True, leeg: bool = False) -> Stand:
    return Stand("t", rijen, gewijzigd, heeft, leeg)


def test_zonder_statistiek_wordt_geanalyseerd_tenzij_de_tabel_nooit_een_rij_had() -> None:
    assert verouderd(stand(-1, heeft=False), toegevoegd=1)
    assert verouderd(stand(-1, heeft=False))  # a full recompute: the rows are there, the statistics not
    assert not verouderd(stand(-1, heeft=False, leeg=True))
    # Analysed while it held only dead rows (ANALYZE stores no column statistics then): not again
    # until rows come.
    assert not verouderd(stand(0, heeft=False))
    assert verouderd(stand(0, gewijzigd=1, heeft=False))
    assert verouderd(stand(0, heeft=False), toegevoegd=1)


def test_een_kleine_levering_kost_geen_analyse_een_grote_wel() -> None:
    groot = 4_000_000
    assert not verouderd(stand(groot), toegevoegd=10_000)
    assert not verouderd(stand(groot), toegevoegd=MINIMUM + 400_000)
    assert verouderd(stand(groot), toegevoegd=MINIMUM + 400_001)
    assert not verouderd(stand(0), toegevoegd=MINIMUM)
    assert verouderd(stand(0), toegevoegd=MINIMUM + 1)


def test_wat_zich_sinds_de_laatste_analyse_ophoopte_telt_ook() -> None:
    # Forty small deliveries since the last ANALYZE are as much change as one large one.
    assert verouderd(stand(100_000, gewijzigd=12_000), toegevoegd=300)
    assert not verouderd(stand(100_000, gewijzigd=10_000), toegevoegd=300)


# -- after a delivery: statistics before the recompute -----------------------------------------


@pytest.fixture
def inplannen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Stand]]]:
    """Stands in for scheduling the recompute; records what the catalog said at that moment."""
    gezien: list[dict[str, Stand]] = []

    def herberekening_inplannen() -> None:
        with connection.cursor() as cursor:
            gezien.append({s.tabel: s for s in standen(cursor, feittabellen())})

    monkeypatch.setattr(batchservice, "herberekening_inplannen", herberekening_inplannen)
    yield gezien


def test_na_een_grote_levering_in_lege_tabellen_bestaan_de_statistieken_voordat_de_herberekening_loopt(
    tmp_path: Path, inplannen: list[dict[str, Stand]], django_capture_on_commit_callbacks: Any
) -> None:
    assert not Feit.objects.exists()
    zonder_statistiek(feittabellen())
    with connection.cursor() as cursor:
        assert not any(s.heeft_statistiek for s in standen(cursor, feittabellen()))
    with django_capture_on_commit_callbacks(execute=True):
        importeer(demo(tmp_path, 400, seed=3))
    assert len(inplannen) == 1
    gezien = inplannen[0]
    geraakt = [Feit._meta.db_table, Inburgeraar._meta.db_table, "cases_kennisgeving", "leerroutes_lesuren"]
    for tabel in geraakt:
        assert gezien[tabel].heeft_statistiek, tabel
        assert gezien[tabel].rijen > 0, tabel
    assert gezien[Feit._meta.db_table].rijen == Feit.objects.count()


def test_een_kleine_levering_daarna_analyseert_niets(tmp_path: Path) -> None:
    zonder_statistiek(feittabellen())
    importeer(demo(tmp_path, 400, seed=3))  # analyses what it filled
    batches_voor = set(Feit.objects.values_list("batch_id", flat=True).distinct())
    bsn = Inburgeraar.objects.values_list("bsn", flat=True).first()
    klein = tmp_path / "klein.ndjson"
    record = {"soort": "lesuren", "kenmerk": "L-KLEIN", "bsn": bsn, "datum": "2024-04-01", "uren": 3, "keurmerk": True}
    klein.write_text(json.dumps(record) + "\n")
    importeer(klein)
    (batch_id,) = set(Feit.objects.values_list("batch_id", flat=True).distinct()) - batches_voor
    assert statistieken.na_levering(batch_id=batch_id) == []


def test_een_volledige_herberekening_zorgt_eerst_voor_statistieken(tmp_path: Path) -> None:
    importeer(demo(tmp_path, 300, seed=4))
    zonder_statistiek(feittabellen())
    assert Feit._meta.db_table in statistieken.voor_herberekening()
    with connection.cursor() as cursor:
        assert all(s.heeft_statistiek for s in standen(cursor, feittabellen()) if not s.leeg)
    assert statistieken.voor_herberekening() == []  # now: one catalog query, nothing to do


# -- the claim: index-bounded whatever the queue's statistics say -------------------------------


def plan_knopen(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for kind in plan.get("Plans", []):
        yield from plan_knopen(kind)


def test_claim_blijft_per_sleutel_met_statistiek_van_een_lege_wachtrij(tmp_path: Path) -> None:
    """The trap of the issue: the queue analysed while empty (its pages full of dead rows, so the
    planner believes it holds one row whatever its size), then a full recompute."""
    importeer(demo(tmp_path, 600, seed=5))
    assert herberekeningen_verwerken(vandaag=PEILDATUM) == Inburgeraar.objects.count() == 600
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_herberekening")
        cursor.execute("SELECT reltuples, relpages FROM pg_class WHERE relname = 'cases_herberekening'")
        reltuples, relpages = cursor.fetchone()
        assert reltuples == 0 and relpages > 0
        cursor.execute(
            "INSERT INTO cases_herberekening (inburgeraar_id, sinds) SELECT id, now() FROM cases_inburgeraar"
        )
        # The premise: the claim as it was written is planned as a re-run of the locking subquery.
        cursor.execute(
            "EXPLAIN (FORMAT JSON) DELETE FROM cases_herberekening WHERE inburgeraar_id IN ("
            "SELECT inburgeraar_id FROM cases_herberekening ORDER BY inburgeraar_id LIMIT 100 FOR UPDATE SKIP LOCKED)"
        )
        oud = list(plan_knopen(cursor.fetchone()[0][0]["Plan"]))
        assert any(k["Node Type"] == "Nested Loop" and k.get("Join Type") == "Semi" for k in oud), oud

        # The claim as it is: the subquery runs once, every scan of the queue is an index scan that
        # reads at most the claimed chunk.
        per_sleutel(cursor)
        cursor.execute("SAVEPOINT claim")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {CLAIM}", [100])
        nieuw = list(plan_knopen(cursor.fetchone()[0][0]["Plan"]))
        cursor.execute("ROLLBACK TO SAVEPOINT claim")
    scans = [k for k in nieuw if k.get("Relation Name") == "cases_herberekening" and k["Node Type"] != "ModifyTable"]
    assert len(scans) == 2, nieuw
    for scan in scans:
        assert scan["Node Type"] in {"Index Scan", "Index Only Scan", "Bitmap Heap Scan"}, scan
        assert scan["Actual Loops"] == 1, scan
        assert scan["Actual Rows"] <= 100, scan
    assert not any(k["Node Type"] == "Seq Scan" for k in nieuw), nieuw

    # And the rerun over unchanged dossiers, with these statistics, recomputes everything once.
    assert alles_herberekenen(vandaag=PEILDATUM) == 600
    assert not Herberekening.objects.exists()


def test_referentietabellen_hebben_statistieken_na_het_laden() -> None:
    with connection.cursor() as cursor:
        gezien = standen(cursor, ["cases_gemeente", "cases_bron", "cases_regelparameter"])
    assert {s.tabel for s in gezien if s.heeft_statistiek} == {"cases_gemeente", "cases_bron", "cases_regelparameter"}
