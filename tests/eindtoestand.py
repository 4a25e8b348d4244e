"""The end state of a delivery, field by field, for the fault tests: everything stored for each fact
(register row, detail row, the person's BSN, the retracted fact) next to what an undisturbed run
stores for the same records — one fact per record, its fields exactly those of the typed record."""

from __future__ import annotations

from typing import Any

from cases import koppelvlak as kv
from cases.models import detail_models

# Stored column -> record attribute, where the names differ.
_ATTRIBUUT = {"gemeente_id": "gemeente", "ingetrokken_id": "kenmerk_ingetrokken"}
_LEEG_ALS_NULL = {"voornamen", "nationaliteit"}


def opgeslagen(cursor: Any) -> dict[str, dict[str, Any]]:
    """Per kenmerk every stored field of its fact (ids replaced by what they point at)."""
    cursor.execute(
        "SELECT f.id, f.kenmerk, f.soort, f.bron_id, f.ingangsdatum, f.inhoud_hash, f.batch_index, i.bsn "
        "FROM cases_feit f JOIN cases_inburgeraar i ON i.id = f.inburgeraar_id"
    )
    kenmerk_van: dict[int, str] = {}
    uit: dict[str, dict[str, Any]] = {}
    for feit_id, kenmerk, soort, bron, ingang, inhoud_hash, index, bsn in cursor.fetchall():
        assert kenmerk not in uit, f"kenmerk {kenmerk} twee keer opgeslagen"
        kenmerk_van[feit_id] = kenmerk
        uit[kenmerk] = {
            "soort": soort,
            "bron": bron,
            "ingangsdatum": ingang,
            "inhoud_hash": inhoud_hash,
            "batch_index": index,
            "bsn": bsn,
        }
    for model in detail_models().values():
        kolommen = [f.column for f in model._meta.concrete_fields]
        cursor.execute(f"SELECT {', '.join(kolommen)} FROM {model._meta.db_table}")  # noqa: S608 (model table)
        for rij in cursor.fetchall():
            waarden = dict(zip(kolommen, rij, strict=True))
            feit = uit[kenmerk_van[waarden.pop("feit_id")]]
            assert "detail" not in feit, "twee detailrijen voor één feit"
            if "ingetrokken_id" in waarden:
                waarden["ingetrokken_id"] = kenmerk_van[waarden["ingetrokken_id"]]
            feit["detail"] = waarden
    return uit


def verwacht(regels: list[bytes], bron: str = "DUO") -> dict[str, dict[str, Any]]:
    """What an undisturbed run stores for these (valid) records, delivered as one batch."""
    bsn_van: dict[str, str] = {}
    uit: dict[str, dict[str, Any]] = {}
    for index, regel in enumerate(regels):
        record = kv.lees_record(regel).record
        assert record is not None, regel
        soort = kv.soort_van(record)
        bsn = bsn_van[record.kenmerk_ingetrokken] if isinstance(record, kv.Intrekking) else record.bsn  # type: ignore[attr-defined]
        bsn_van[record.kenmerk] = bsn
        model = detail_models()[soort]
        detail = {}
        for veld in model._meta.concrete_fields:
            if veld.column == "feit_id":
                continue
            waarde = getattr(record, _ATTRIBUUT.get(veld.column, veld.column))
            detail[veld.column] = "" if waarde is None and veld.column in _LEEG_ALS_NULL else waarde
        uit[record.kenmerk] = {
            "soort": soort,
            "bron": bron,
            "ingangsdatum": kv.ingangsdatum(record),
            "inhoud_hash": kv.inhoud_hash(record),
            "batch_index": index,
            "bsn": bsn,
            "detail": detail,
        }
    return uit
