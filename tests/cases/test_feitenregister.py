"""The fact register: one central row per fact, a detail table per kind, append-only."""

from __future__ import annotations

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from cases.constants import Soort
from cases.models import Bron, Feit, Inburgeraar, detail_models
from tests.factories import maak_feit

pytestmark = pytest.mark.django_db

PLAATS = {
    "cases": {
        "kennisgeving",
        "verhuizing",
        "verlenging",
        "ontheffing",
        "vrijstelling",
        "vervallen",
        "voldaan",
        "lening",
        "boete",
        "intrekking",
    },
    "leerroutes": {"leerbaarheidstoets", "pip", "aanbod", "coa_verblijf", "lesuren", "module", "diploma"},
    "examens": {"examen"},
}


def test_elke_recordsoort_heeft_een_detailtabel_in_zijn_app() -> None:
    modellen = detail_models()
    assert set(modellen) == {s.value for s in Soort}
    assert len(modellen) == 18
    for app, soorten in PLAATS.items():
        assert {s for s, m in modellen.items() if m._meta.app_label == app} == soorten


def test_kenmerk_is_uniek_per_bron_over_alle_soorten(inburgeraar: Inburgeraar) -> None:
    maak_feit("examen", inburgeraar, kenmerk="X-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        maak_feit("voldaan", inburgeraar, kenmerk="X-1")
    # Another bron may use the same kenmerk.
    Bron.objects.create(code="GM0344", naam="Gemeente Utrecht")
    maak_feit("voldaan", inburgeraar, kenmerk="X-1", bron="GM0344")
    assert Feit.objects.filter(kenmerk="X-1").count() == 2


def _weigert(sql: str, params: list[object]) -> str:
    with pytest.raises(IntegrityError) as exc, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(exc.value)


@pytest.mark.parametrize("soort", [s.value for s in Soort])
def test_database_weigert_update_en_delete_van_feiten(inburgeraar: Inburgeraar, soort: str) -> None:
    detail = maak_feit(soort, inburgeraar)
    feit = Feit.objects.get(pk=detail.pk)
    detail_tabel = detail._meta.db_table

    # The detail row, through the ORM and through raw SQL.
    with pytest.raises(IntegrityError, match="nooit gewijzigd"), transaction.atomic():
        type(detail)._default_manager.filter(pk=detail.pk).update(feit=detail.pk)
    melding = _weigert(f'DELETE FROM "{detail_tabel}" WHERE feit_id = %s', [detail.pk])  # noqa: S608 (model table)
    assert "DELETE" in melding and detail_tabel in melding

    # The register row.
    with pytest.raises(IntegrityError, match="nooit gewijzigd"), transaction.atomic():
        Feit.objects.filter(pk=feit.pk).update(kenmerk="anders")
    _weigert('UPDATE "cases_feit" SET ingangsdatum = ingangsdatum + 1 WHERE id = %s', [feit.pk])
    _weigert('DELETE FROM "cases_feit" WHERE id = %s', [feit.pk])

    # Nothing changed.
    assert Feit.objects.get(pk=feit.pk).kenmerk == feit.kenmerk
    assert Feit.objects.get(pk=feit.pk).ingangsdatum == feit.ingangsdatum
    assert type(detail)._default_manager.filter(pk=detail.pk).exists()


def test_intrekking_wijst_naar_een_feit_van_elke_soort_en_maar_een_keer(inburgeraar: Inburgeraar) -> None:
    examen = maak_feit("examen", inburgeraar)
    intrekking = maak_feit("intrekking", inburgeraar, ingetrokken=examen.feit)
    assert Feit.objects.get(pk=examen.pk).ingetrokken_door == intrekking
    with pytest.raises(IntegrityError), transaction.atomic():
        maak_feit("intrekking", inburgeraar, ingetrokken=examen.feit)


def test_verlenging_heeft_precies_een_duurvorm(inburgeraar: Inburgeraar) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        maak_feit("verlenging", inburgeraar, weken=16, maanden=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        maak_feit("verlenging", inburgeraar, weken=None)


@pytest.mark.parametrize("soort", [s.value for s in Soort])
def test_detailrij_zonder_registerrij_wordt_geweigerd(inburgeraar: Inburgeraar, soort: str) -> None:
    """The reference detail -> register is checked per statement (COPY and INSERT alike)."""
    detail = maak_feit(soort, inburgeraar)
    tabel = detail._meta.db_table
    kolommen = [f.column for f in detail._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(kolommen)} FROM {tabel} WHERE feit_id = %s", [detail.pk])  # noqa: S608
        rij = list(cursor.fetchone())
    rij[kolommen.index("feit_id")] = detail.pk + 10_000
    if "ingetrokken_id" in kolommen:  # one retraction per fact: point at a fact not yet retracted
        rij[kolommen.index("ingetrokken_id")] = maak_feit("examen", inburgeraar, kenmerk="X-doel").pk
    plaats = ", ".join(["%s"] * len(kolommen))
    melding = _weigert(f"INSERT INTO {tabel} ({', '.join(kolommen)}) VALUES ({plaats})", rij)  # noqa: S608
    assert "verwijst naar een rij van cases_feit die niet bestaat" in melding
    pg = connection.connection
    copy_sql = f"COPY {tabel} ({', '.join(kolommen)}) FROM STDIN"
    with (
        pytest.raises(psycopg.errors.ForeignKeyViolation),
        transaction.atomic(),
        pg.cursor() as cur,
        cur.copy(copy_sql) as copy,
    ):
        copy.write_row(rij)
    assert detail_models()[soort].objects.count() == 1


def test_feit_zonder_inburgeraar_wordt_geweigerd_en_inburgeraar_met_feiten_blijft(inburgeraar: Inburgeraar) -> None:
    maak_feit("examen", inburgeraar, kenmerk="X-1")
    melding = _weigert(
        "INSERT INTO cases_feit (bron_id, kenmerk, soort, inburgeraar_id, ingangsdatum, inhoud_hash, ontvangen_op) "
        "VALUES ('DUO', 'X-2', 'examen', %s, '2024-01-01', '', now())",
        [inburgeraar.pk + 1_000],
    )
    assert "cases_feit.inburgeraar_id" in melding
    melding = _weigert("DELETE FROM cases_inburgeraar WHERE id = %s", [inburgeraar.pk])
    assert "heeft feiten en blijft bestaan" in melding
    assert Feit.objects.count() == 1 and Inburgeraar.objects.filter(pk=inburgeraar.pk).exists()
