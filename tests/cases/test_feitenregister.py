"""The fact register: one central row per fact, a detail table per kind, append-only."""

from __future__ import annotations

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
