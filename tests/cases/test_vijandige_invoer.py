"""Hostile or broken input never stops the system (the batch service and the rules' reads):

- every value is bounded before anything is written — each string field with a NUL and with 10,000
  characters, each integer at 2^31 and -1, each date at 0001-01-01 and 9999-12-31, for every kind;
- a record whose write fails is reported on its own while the rest of its chunk is applied
  (fault injection with a real trigger in PostgreSQL);
- a batch that cannot be finished is given up — never half-applied — and the bron's next delivery
  proceeds;
- a stored fact the rules cannot compute with becomes a signal on that dossier, never a 500 or a
  stopped recompute;
- deliveries are removed after their retention; the app refuses to run without a secret.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args, get_origin

import msgspec
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from cases import koppelvlak as kv
from cases.demo import synthetisch_bsn
from cases.herberekening import herberekeningen_verwerken
from cases.models import Batch, Bron, Feit, Herberekening, Inburgeraar, Projectie
from cases.services import Levering, Verwerker, batch_aanmaken, batch_verwerken, leveringen_opruimen
from tests.cases.test_batch import ALLE_SOORTEN, BASIS, BSN_13, BSN_21

# koppelvlak §3's fixed codes (and niet_opgeslagen for a record that could not be stored).
CODES = {
    "ongeldige_json",
    "onbekende_soort",
    "onbekend_veld",
    "verplicht_veld",
    "ongeldige_waarde",
    "ongeldige_datum",
    "ongeldig_bsn",
    "onbekende_gemeente",
    "onbekende_bsn",
    "kennisgeving_bestaat",
    "kenmerk_hergebruikt",
    "onbekend_kenmerk",
    "voor_datum_plicht",
    "stelsel_past_niet",
    "boven_maximum",
    "grond_past_niet",
    "ongeldig_bedrag",
    "niet_opgeslagen",
}


def _soort_van_veld(tp: Any) -> str | None:
    """The family of a field's type: tekst, getal, datum, bedrag (or None: bool, list)."""
    if tp is str or (get_origin(tp) is type(None)):
        return "tekst"
    if tp is int:
        return "getal"
    if tp is dt.date:
        return "datum"
    if tp is Decimal:
        return "bedrag"
    if get_origin(tp) is not None and get_origin(tp) is not list:
        args = [a for a in get_args(tp) if a is not type(None) and not isinstance(a, msgspec.Meta)]
        if args and all(isinstance(a, str) for a in args):  # Literal["a", "b"]
            return "tekst"
        for arg in args:
            gevonden = _soort_van_veld(arg)
            if gevonden:
                return gevonden
    return None


VIJANDIG = {
    "tekst": ["a\u0000b", "x" * 10_000],
    "getal": [2**31, -1],
    "datum": ["0001-01-01", "9999-12-31"],
    # Amounts far outside every maximum, with more digits than a Decimal holds, negative: one error each.
    "bedrag": [2**31, -1, "1E+999999999", "123456789012345678901234567890.001"],
}


def vijandige_records(families: tuple[str, ...] = tuple(VIJANDIG)) -> Iterator[tuple[dict[str, Any], str]]:
    """Every kind, every string, integer, date and amount field, each hostile value: (record, field)."""
    n = 0
    for sjabloon in ALLE_SOORTEN:
        cls = kv.SOORTEN[sjabloon["soort"]]
        for veld in msgspec.structs.fields(cls):
            familie = _soort_van_veld(veld.type)
            if familie not in families:
                continue
            for waarde in VIJANDIG[familie]:
                n += 1
                record = {**sjabloon, "kenmerk": f"H-{n}", veld.name: waarde}
                yield record, veld.name


def test_elke_familie_van_vijandige_waarden_geeft_een_fout_op_dat_veld() -> None:
    """Decoding alone refuses every hostile string, integer and date (amounts are checked with the
    content; see the test through the batch service below)."""
    gezien: set[tuple[str, str]] = set()
    for record, veld in vijandige_records(("tekst", "getal", "datum")):
        gelezen = kv.lees_record(json.dumps(record).encode())
        assert gelezen.record is None, (record["soort"], veld, str(record[veld])[:20])
        assert any(f.veld == veld for f in gelezen.fouten), (record["soort"], veld, gelezen.fouten)
        for fout in gelezen.fouten:
            assert fout.code in CODES
            assert fout.melding[0].isupper() and len(fout.melding) < 300
            assert not any(ord(c) < 32 for c in fout.melding + (fout.veld or ""))
        assert gelezen.kenmerk == (None if veld == "kenmerk" else record["kenmerk"])
        gezien.add((record["soort"], veld))
    # Every kind took part, with its string, integer and date fields.
    assert {s for s, _ in gezien} == set(kv.SOORTEN)
    assert ("lesuren", "uren") in gezien and ("verlenging", "dagen") in gezien and ("intrekking", "reden") in gezien


def test_elke_vijandige_waarde_door_de_batchservice_tussen_goede_records(tmp_path: Path, db: None) -> None:
    _verwerk(tmp_path, BASIS)
    records: list[Any] = []
    slecht: dict[int, str] = {}
    for record, veld in vijandige_records():
        records.append(_lesuren(len(records), kenmerk=f"G-{len(records)}"))
        slecht[len(records)] = veld
        records.append(record)
    batch = _verwerk(tmp_path, records, chunk=97)
    assert (batch.status, batch.aantal_records, batch.aantal_fouten) == ("verwerkt", len(records), len(slecht))
    per_index: dict[int, list[tuple[str | None, str]]] = {}
    for index, veld, code in batch.fouten.values_list("index", "veld", "code"):
        per_index.setdefault(index, []).append((veld, code))
    assert set(per_index) == set(slecht)
    for index, veld in slecht.items():
        assert veld in {v for v, _ in per_index[index]}, (index, veld, per_index[index])
        assert {c for _, c in per_index[index]} <= CODES - {"niet_opgeslagen"}
    assert Feit.objects.filter(kenmerk__startswith="G-").count() == len(records) - len(slecht)


@pytest.mark.parametrize(
    ("regel", "code"),
    [
        (
            b'{"soort":"voldaan","kenmerk":"D","bsn":"'
            + BSN_21.encode()
            + b'","datum":'
            + b"[" * 5000
            + b"]" * 5000
            + b"}",
            "ongeldige_json",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "ongeldige_json"),
        (b'{"soort":"voldaan","kenmerk":"' + b"k" * 70_000 + b'"}', "ongeldige_json"),
        (
            b'{"soort":"voldaan","kenmerk":"C","bsn":"' + BSN_21.encode() + b'","datum":"2024-01-01","x":"\\u0085"}',
            "onbekend_veld",
        ),
    ],
    ids=["genest-binnen-de-regel", "genest-100000", "regel-te-lang", "onbekend-veld-met-c1"],
)
def test_nesting_en_lengte_worden_begrensd_voor_het_decoderen(regel: bytes, code: str) -> None:
    gelezen = kv.lees_record(regel)
    assert gelezen.record is None and [f.code for f in gelezen.fouten] == [code]


def test_geboortedatum_na_datum_plicht_en_datums_buiten_het_venster(tmp_path: Path, db: None) -> None:
    records = [
        {**BASIS[0], "kenmerk": "GB-1", "bsn": "999990020", "geboortedatum": "2030-01-01"},
        {**BASIS[0], "kenmerk": "GB-2", "bsn": "999990032", "geboortedatum": "0001-01-01"},
        {**BASIS[0], "kenmerk": "GB-3", "bsn": "999990044", "datum_plicht": "9999-12-31"},
    ]
    batch = _verwerk(tmp_path, records)
    assert sorted(batch.fouten.values_list("index", "veld", "code")) == [
        (0, "geboortedatum", "ongeldige_datum"),
        (1, "geboortedatum", "ongeldige_datum"),
        (2, "datum_plicht", "ongeldige_datum"),
    ]
    assert not Feit.objects.exists()


# --- a record never stops a batch ----------------------------------------------------------


def test_5002_kennisgevingen_met_een_nul_in_de_laatste_worden_heel_verwerkt(tmp_path: Path, db: None) -> None:
    """The probe's half-applied batch: 5,000 facts committed, then the batch stuck for good."""
    records = [{**BASIS[0], "kenmerk": f"K-{i}", "bsn": synthetisch_bsn(1000 + i)} for i in range(5002)]
    records[-1]["achternaam"] = "Ha\u0000ddad"  # a NUL, escaped by json.dumps as in the probe
    batch = _verwerk(tmp_path, records)
    assert (batch.status, batch.aantal_records, batch.aantal_verwerkt, batch.aantal_fouten) == (
        "verwerkt",
        5002,
        5001,
        1,
    )
    assert list(batch.fouten.values_list("index", "veld", "code")) == [(5001, "achternaam", "ongeldige_waarde")]
    assert Inburgeraar.objects.count() == 5001


def _verwerk(tmp_path: Path, records: list[Any], *, kenmerk: str | None = None, chunk: int = 5000) -> Batch:
    pad = tmp_path / f"levering-{len(list(tmp_path.iterdir()))}.ndjson"
    pad.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    batch, _ = batch_aanmaken(bron=Bron.objects.get(code="DUO"), kenmerk=kenmerk, inhoud_hash="", actor="test")
    return batch_verwerken(batch=batch, levering=Levering(str(pad), "ndjson"), actor="test", chunk=chunk)


def _lesuren(i: int, **extra: Any) -> dict[str, Any]:
    return {
        "soort": "lesuren",
        "kenmerk": f"L-{i}",
        "bsn": BSN_21 if i % 2 else BSN_13,
        "datum": "2023-01-31" if i % 2 else "2017-01-31",
        "uren": i + 1,
        "keurmerk": True,
        **extra,
    }


@pytest.fixture
def boem(db: None) -> Iterator[None]:
    """A write error forced by the database itself: a row trigger on the register and one on a detail
    table refuse the fact `BOEM` and the lesuren of 13 hours (SQLSTATE 23514, as a CHECK would)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION test_boem_feit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.kenmerk = 'BOEM' OR NEW.kenmerk LIKE 'S-%%' THEN
                    RAISE EXCEPTION 'geweigerd' USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END $$;
            CREATE FUNCTION test_boem_lesuren() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.uren = 13 THEN
                    RAISE EXCEPTION 'geweigerd' USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER test_boem BEFORE INSERT ON cases_feit FOR EACH ROW EXECUTE FUNCTION test_boem_feit();
            CREATE TRIGGER test_boem BEFORE INSERT ON leerroutes_lesuren
                FOR EACH ROW EXECUTE FUNCTION test_boem_lesuren();
            """
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER test_boem ON cases_feit; DROP TRIGGER test_boem ON leerroutes_lesuren; "
            "DROP FUNCTION test_boem_feit(); DROP FUNCTION test_boem_lesuren()"
        )


def test_schrijffout_op_een_record_midden_in_een_chunk_raakt_alleen_dat_record(tmp_path: Path, boem: None) -> None:
    records = [*BASIS] + [_lesuren(i) for i in range(14)]
    records.insert(6, {"soort": "voldaan", "kenmerk": "BOEM", "bsn": BSN_21, "datum": "2024-01-01"})
    # Index 6 (BOEM, the register) and the lesuren of 13 hours (a detail table) fail when written.
    dertien = next(i for i, r in enumerate(records) if r.get("uren") == 13)
    batch = _verwerk(tmp_path, records, chunk=5)
    assert (batch.status, batch.aantal_records, batch.aantal_verwerkt, batch.aantal_fouten) == (
        "verwerkt",
        len(records),
        len(records) - 2,
        2,
    )
    assert sorted(batch.fouten.values_list("index", "kenmerk", "code")) == [
        (6, "BOEM", "niet_opgeslagen"),
        (dertien, records[dertien]["kenmerk"], "niet_opgeslagen"),
    ]
    opgeslagen = set(Feit.objects.values_list("kenmerk", flat=True))
    assert opgeslagen == {r["kenmerk"] for r in records} - {"BOEM", records[dertien]["kenmerk"]}
    # Nothing half-done: every stored fact has its detail row, and the queue holds both dossiers.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM cases_feit f WHERE f.soort = 'lesuren' "
            "AND NOT EXISTS (SELECT 1 FROM leerroutes_lesuren t WHERE t.feit_id = f.id)"
        )
        assert cursor.fetchone()[0] == 0
    assert Herberekening.objects.count() == 2


def test_veel_schrijffouten_in_een_chunk_worden_elk_gemeld_en_de_rest_gaat_door(tmp_path: Path, boem: None) -> None:
    # 41 facts in one chunk fail when written (S-…, and 13 hours), between good ones: each is reported.
    records = [*BASIS] + [_lesuren(i) for i in range(3)]
    records += [_lesuren(i, kenmerk=f"S-{i}") if i % 3 else _lesuren(i, kenmerk=f"OK-{i}") for i in range(60)]
    batch = _verwerk(tmp_path, records, chunk=80)
    fout = [i for i, r in enumerate(records) if r["kenmerk"].startswith("S-") or r.get("uren") == 13]
    assert (batch.status, batch.aantal_records, batch.aantal_fouten) == ("verwerkt", len(records), len(fout))
    assert list(batch.fouten.order_by("index").values_list("index", "code")) == [(i, "niet_opgeslagen") for i in fout]
    assert Feit.objects.count() == len(records) - len(fout)

    volgende = _verwerk(tmp_path, [_lesuren(9, kenmerk="NA-1")])
    assert (volgende.status, volgende.aantal_verwerkt) == ("verwerkt", 1)


def test_twee_bronnen_heropenen_dezelfde_persoon_tegelijk(
    tmp_path: Path, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After every kennisgeving of a person was retracted, two bronnen send a new one at once: one
    is stored, the other gets kennisgeving_bestaat (never two valid kennisgevingen)."""
    intrekking = {"soort": "intrekking", "kenmerk": "I-1", "kenmerk_ingetrokken": "K-1", "datum": "2024-01-01"}
    _verwerk(tmp_path, [BASIS[0], {**intrekking, "reden": "Verkeerde persoon"}])
    Bron.objects.create(code="DUOTEST", naam="Tweede bron (test)")
    nieuw = {**BASIS[0], "kenmerk": "K-NIEUW", "achternaam": "Haddad-Nieuw"}

    # The other bron's kennisgeving is stored after this batch read its state, before it writes.
    echt = Verwerker._beslis_chunk
    gedaan: list[Batch] = []

    def beslis_terwijl_een_andere_bron_voorgaat(self: Verwerker, *args: Any) -> Any:
        uit = echt(self, *args)
        if self.bron == "DUO" and not gedaan:
            pad = tmp_path / "ander.ndjson"
            pad.write_text(json.dumps({**nieuw, "kenmerk": "K-ANDER"}) + "\n")
            ander, _ = batch_aanmaken(bron=Bron.objects.get(code="DUOTEST"), kenmerk=None, inhoud_hash="", actor="t")
            gedaan.append(batch_verwerken(batch=ander, levering=Levering(str(pad), "ndjson"), actor="test"))
        return uit

    monkeypatch.setattr(Verwerker, "_beslis_chunk", beslis_terwijl_een_andere_bron_voorgaat)
    batch = _verwerk(tmp_path, [nieuw])
    assert gedaan[0].aantal_verwerkt == 1
    assert list(batch.fouten.values_list("index", "code")) == [(0, "kennisgeving_bestaat")]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT f.kenmerk FROM cases_feit f WHERE f.soort = 'kennisgeving' "
            "AND NOT EXISTS (SELECT 1 FROM cases_intrekking x WHERE x.ingetrokken_id = f.id)"
        )
        assert cursor.fetchall() == [("K-ANDER",)]


def test_na_te_veel_pogingen_wordt_een_batch_opgegeven_en_gaat_de_bron_door(tmp_path: Path, db: None) -> None:
    eerste = _verwerk(tmp_path, BASIS)
    assert eerste.aantal_verwerkt == 2
    # A delivery a worker started too often (it crashed each time), nothing of it applied: mislukt.
    pad = tmp_path / "vast.ndjson"
    pad.write_text("\n".join(json.dumps(_lesuren(i)) for i in range(4)) + "\n")
    vast, _ = batch_aanmaken(bron=Bron.objects.get(code="DUO"), kenmerk="VAST", inhoud_hash="", actor="test")
    Batch.objects.filter(pk=vast.pk).update(pad=str(pad), formaat="ndjson", pogingen=settings.BATCH_MAX_POGINGEN)
    # The bron's next delivery: its task applies the earlier one first (order of receipt).
    volgende = _verwerk(tmp_path, [_lesuren(7, kenmerk="NA-2")])
    vast.refresh_from_db()
    assert (vast.status, list(vast.fouten.values_list("code", flat=True))) == ("mislukt", ["niet_opgeslagen"])
    assert (volgende.status, volgende.aantal_verwerkt) == ("verwerkt", 1)
    # mislukt frees the kenmerk (koppelvlak §2): the same delivery may be sent again.
    opnieuw, nieuw = batch_aanmaken(bron=Bron.objects.get(code="DUO"), kenmerk="VAST", inhoud_hash="", actor="t")
    assert nieuw and opnieuw.pk != vast.pk

    # Half applied before the crashes: verwerkt, the rest reported per record.
    half, _ = batch_aanmaken(bron=Bron.objects.get(code="DUO"), kenmerk="HALF", inhoud_hash="", actor="test")
    pad2 = tmp_path / "half.ndjson"
    pad2.write_text("\n".join(json.dumps(_lesuren(i, kenmerk=f"H-{i}")) for i in range(6)) + "\n")
    Batch.objects.filter(pk=half.pk).update(pad=str(pad2), formaat="ndjson")
    with pytest.raises(_Gestopt):
        batch_verwerken(batch=half, levering=Levering(str(pad2), "ndjson"), actor="t", voortgang=_stop_na(2), chunk=2)
    # Started again and again, each time stopping at record 2 (a crash the service cannot catch).
    Batch.objects.filter(pk=half.pk).update(pogingen=settings.BATCH_MAX_POGINGEN, pogingen_vanaf=2)
    half = batch_verwerken(batch=half, levering=Levering(str(pad2), "ndjson"), actor="test", chunk=2)
    assert (half.status, half.aantal_records, half.aantal_verwerkt, half.aantal_fouten) == ("verwerkt", 6, 2, 4)
    assert list(half.fouten.values_list("index", "kenmerk", "code")) == [
        (i, f"H-{i}", "niet_opgeslagen") for i in range(2, 6)
    ]


def test_een_batch_die_tussen_starts_opschiet_wordt_niet_opgegeven(tmp_path: Path, db: None) -> None:
    """Resumed after a deploy, a time limit, a broker restart: as long as it moves on, it goes on."""
    _verwerk(tmp_path, BASIS)
    pad = tmp_path / "lang.ndjson"
    pad.write_text("\n".join(json.dumps(_lesuren(i, kenmerk=f"LG-{i}")) for i in range(8)) + "\n")
    batch, _ = batch_aanmaken(bron=Bron.objects.get(code="DUO"), kenmerk="LANG", inhoud_hash="", actor="test")
    for stop in (2, 4, 6):
        with pytest.raises(_Gestopt):
            batch_verwerken(
                batch=batch, levering=Levering(str(pad), "ndjson"), actor="t", voortgang=_stop_na(stop), chunk=2
            )
        Batch.objects.filter(pk=batch.pk).update(pogingen=settings.BATCH_MAX_POGINGEN)  # as if it kept crashing
    batch = batch_verwerken(batch=batch, levering=Levering(str(pad), "ndjson"), actor="test", chunk=2)
    assert (batch.status, batch.aantal_verwerkt, batch.aantal_fouten) == ("verwerkt", 8, 0)


class _Gestopt(BaseException):
    """The worker process ends (a kill): not an error the service handles."""


def _stop_na(aantal: int) -> Any:
    def voortgang(tot: int) -> None:
        if tot >= aantal:
            raise _Gestopt

    return voortgang


# --- reads and recompute survive any stored fact --------------------------------------------


def _feit_zonder_grenzen(inburgeraar: Inburgeraar, soort: str, tabel: str, kolommen: dict[str, Any]) -> None:
    """A fact stored as it could be before the koppelvlak's bounds: straight into the tables."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_feit (bron_id, kenmerk, soort, inburgeraar_id, ingangsdatum, inhoud_hash, ontvangen_op)"
            " VALUES ('DUO', %s, %s, %s, %s, '', now()) RETURNING id",
            [f"OUD-{soort}-{inburgeraar.pk}", soort, inburgeraar.pk, kolommen.get("besluitdatum", "2024-01-01")],
        )
        feit_id = cursor.fetchone()[0]
        namen = ", ".join(kolommen)
        cursor.execute(
            f"INSERT INTO {tabel} (feit_id, {namen}) VALUES (%s, {', '.join(['%s'] * len(kolommen))})",  # noqa: S608
            [feit_id, *kolommen.values()],
        )
    Herberekening.objects.get_or_create(inburgeraar=inburgeraar, defaults={"sinds": dt.datetime.now(dt.UTC)})


def test_onberekenbare_feiten_worden_een_signaal_geen_500_en_geen_gestopte_herberekening(
    tmp_path: Path, db: None
) -> None:
    from tests.api.test_batches import token

    pip = {"soort": "pip", "kenmerk": "P-1", "bsn": BSN_21, "dagtekening": "2022-07-01", "leerroute": "b1"}
    _verwerk(tmp_path, [*BASIS, pip, _lesuren(1)])
    herberekeningen_verwerken()
    p21 = Inburgeraar.objects.get(bsn=BSN_21)
    p13 = Inburgeraar.objects.get(bsn=BSN_13)
    # Verlengingen the bounds now refuse: 2,147,483,647 days, 100,000,000 months, tot 9999-12-31.
    _feit_zonder_grenzen(
        p21, "verlenging", "cases_verlenging", {"besluitdatum": "2024-01-01", "grond": "ziekte", "dagen": 2147483647}
    )
    _feit_zonder_grenzen(
        p13, "verlenging", "cases_verlenging", {"besluitdatum": "2017-01-01", "grond": "ziekte", "maanden": 10**8}
    )
    assert herberekeningen_verwerken() == 2  # the queue did not stop
    for p in (p21, p13):
        projectie = Projectie.objects.get(inburgeraar=p)
        assert projectie.signalen == ["berekening_mislukt"] and projectie.termijn_einde is None

    client = Client()
    auth = token("lezen")
    lijst = client.get("/api/v1/inburgeraars/", **auth)
    assert lijst.status_code == 200
    assert {r["bsn"]: r["signalen"] for r in lijst.json()["results"]}[BSN_21] == ["berekening_mislukt"]
    verleden = client.get("/api/v1/inburgeraars/?peildatum=2025-01-01", **auth)  # computed on the fly
    assert verleden.status_code == 200 and len(verleden.json()["results"]) == 2
    detail = client.get(f"/api/v1/inburgeraars/{p21.uuid}/", **auth)
    assert detail.status_code == 200 and "trek het foute feit in" in detail.json()["uitleg"]["status"][0]
    zoeken = client.post("/api/v1/inburgeraars/zoeken/", {"bsn": BSN_13}, content_type="application/json", **auth)
    assert zoeken.status_code == 200 and zoeken.json()["signalen"] == ["berekening_mislukt"]
    gefilterd = client.get("/api/v1/inburgeraars/?signaal=berekening_mislukt", **auth)
    assert len(gefilterd.json()["results"]) == 2


# --- operations ------------------------------------------------------------------------------


def test_leveringen_worden_na_de_bewaartermijn_verwijderd_en_blijven_herkenbaar(
    tmp_path: Path, client: Client, settings: Any, db: None
) -> None:
    from tests.api.test_batches import post_ndjson, token, verwerk

    settings.LEVERINGEN_DIR = tmp_path / "leveringen"
    auth = token("aanleveren")
    body = "\n".join(json.dumps(r) for r in BASIS).encode()
    antwoord = post_ndjson(client, "BEWAAR-1", body, auth)
    batch = Batch.objects.get(pk=antwoord.json()["id"])
    assert os.stat(batch.pad).st_mode & 0o777 == 0o600  # only the service's user reads BSNs
    verwerk(str(batch.pk))
    batch.refresh_from_db()
    pad = Path(batch.pad)
    assert leveringen_opruimen(bewaren=dt.timedelta(days=30)) == 0 and pad.exists()
    later = batch.klaar_op + dt.timedelta(days=31)
    assert leveringen_opruimen(bewaren=dt.timedelta(days=30), nu=later) == 1
    batch.refresh_from_db()
    assert not pad.exists() and batch.pad == "" and batch.inhoud_hash and batch.fouten.count() == 0
    assert batch.status == "verwerkt" and batch.aantal_verwerkt == 2
    # The same delivery again is still recognised: 200 with the same batch, nothing processed.
    herhaald = post_ndjson(client, "BEWAAR-1", body, auth)
    assert (herhaald.status_code, herhaald.json()["id"]) == (200, str(batch.pk))
    assert leveringen_opruimen(bewaren=dt.timedelta(days=30), nu=later) == 0

    # A stored delivery no batch refers to (a request that failed after storing it) goes after a day.
    wees, vers = settings.LEVERINGEN_DIR / "wees.ndjson", settings.LEVERINGEN_DIR / "vers.ndjson"
    wees.write_bytes(body)
    vers.write_bytes(body)
    oud = (dt.datetime.now() - dt.timedelta(days=2)).timestamp()
    os.utime(wees, (oud, oud))
    assert leveringen_opruimen(bewaren=dt.timedelta(days=30)) == 1
    assert not wees.exists() and vers.exists()


@pytest.mark.parametrize(("debug", "start"), [("0", False), ("1", True)])
def test_zonder_secret_key_start_het_systeem_alleen_in_ontwikkeling(debug: str, start: bool) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    uit = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env={**env, "DEBUG": debug},
        capture_output=True,
        text=True,
    )
    assert (uit.returncode == 0) is start, uit.stderr[-500:]
    if not start:
        assert "SECRET_KEY ontbreekt" in uit.stderr
