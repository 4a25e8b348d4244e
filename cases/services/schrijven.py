"""Writing one decided chunk in one transaction: COPY into the register, the detail tables and the
error report, new persons, the inburgeraar projection, the work queue and the progress marker."""

from __future__ import annotations

import functools
import logging
import operator
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg

from cases import koppelvlak as kv
from cases import versie
from cases.models import detail_models
from cases.regels_sql import INTREKKING_VAN_F, TELT
from cases.services.fouten import Wedloop
from cases.services.projectie import inburgeraar_projectie_bijwerken
from cases.services.staat import Bekend

logger = logging.getLogger(__name__)


@dataclass
class Chunk:
    tot: int = 0
    feiten: list[tuple[Any, ...]] = field(default_factory=list)
    details: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    nieuwe_personen: list[tuple[Any, ...]] = field(default_factory=list)
    fouten: list[tuple[Any, ...]] = field(default_factory=list)
    projectie: set[int] = field(default_factory=set)  # persons whose base data (kennisgeving) may change
    heropend: set[int] = field(default_factory=set)  # persons whose retracted kennisgeving gets a successor
    verwerkt: int = 0
    ongewijzigd: int = 0
    met_fout: int = 0


@dataclass(frozen=True)
class DetailTabel:
    """Where a kind's detail row goes and how it is read from the record: one declaration, the model."""

    tabel: str
    kolommen: tuple[str, ...]  # in COPY order, after feit_id
    lees: Callable[[Any], tuple[Any, ...]]  # the record's values for these columns, read in C


@functools.cache
def detail_tabellen() -> dict[str, DetailTabel]:
    """Per kind, from its detail model (cases, leerroutes, examens): the table, its columns after the
    register key, and one attrgetter of the record attributes with the fields' names (`gemeente` for
    the column `gemeente_id`). A new field is added in one place: the model (and the koppelvlak type)."""
    uit = {}
    for soort, model in detail_models().items():
        velden = [f for f in model._meta.concrete_fields if f.name != "feit"]
        uit[soort] = DetailTabel(
            model._meta.db_table, tuple(f.column for f in velden), _lezer(tuple(f.name for f in velden))
        )
    assert uit["kennisgeving"].kolommen[-1] == "nationaliteit"
    assert uit["intrekking"].kolommen == ("ingetrokken_id", "datum", "reden")
    return uit


def schrijf(pg: psycopg.Connection[Any], uit: Chunk, *, batch_pk: uuid.UUID) -> int:
    """One chunk in one transaction, with its progress marker (runs in the writer thread).

    Asynchronous commit: should PostgreSQL crash before the WAL is flushed, the chunk
    and its marker are lost together and a rerun redoes them; the final status update
    of the batch is a normal, synchronous commit, which also flushes every chunk before it.
    """
    with pg.transaction(), pg.cursor() as cur:
        cur.execute("SET LOCAL synchronous_commit TO OFF")
        # Short statements by key; also while statistics lag behind a large import (see _laad).
        cur.execute("SET LOCAL jit = off")
        cur.execute("SET LOCAL enable_seqscan = off")
        if uit.heropend:
            # Another bron may reopen the same person at the same time: whoever locks second waits,
            # then sees the first one's kennisgeving (checked below, after this chunk's rows).
            cur.execute(
                "SELECT id FROM cases_inburgeraar WHERE id = ANY(%s) ORDER BY id FOR UPDATE", [sorted(uit.heropend)]
            )
        if uit.nieuwe_personen:
            _personen_toevoegen(cur, uit.nieuwe_personen)
        _copy(
            cur,
            "cases_feit",
            (
                "id",
                "bron_id",
                "kenmerk",
                "soort",
                "inburgeraar_id",
                "ingangsdatum",
                "inhoud_hash",
                "batch_id",
                "batch_index",
                "ontvangen_op",
            ),
            uit.feiten,
        )
        for soort, rijen in uit.details.items():
            detail = detail_tabellen()[soort]
            _copy(cur, detail.tabel, ("feit_id", *detail.kolommen), rijen)
        if uit.heropend:
            _een_geldige_kennisgeving(cur, sorted(uit.heropend))
        _copy(cur, "cases_batchfout", ("batch_id", "index", "kenmerk", "veld", "code", "melding"), uit.fouten)
        if uit.projectie:
            inburgeraar_projectie_bijwerken(cur, sorted(uit.projectie))
        if uit.feiten:
            # The rules' projections of these dossiers are recomputed after the batch.
            cur.execute(
                "INSERT INTO cases_herberekening (inburgeraar_id, sinds) "
                "SELECT DISTINCT x, now() FROM unnest(%s::bigint[]) AS x ON CONFLICT DO NOTHING",
                # In one order in every transaction: two bronnen at once never deadlock on the queue.
                [sorted({rij[4] for rij in uit.feiten})],
            )
        cur.execute(
            """
                UPDATE cases_batch SET verwerkt_tot = %s, aantal_records = %s,
                    aantal_verwerkt = aantal_verwerkt + %s, aantal_ongewijzigd = aantal_ongewijzigd + %s,
                    aantal_fouten = aantal_fouten + %s
                WHERE id = %s
                """,
            [uit.tot, uit.tot, uit.verwerkt, uit.ongewijzigd, uit.met_fout, batch_pk],
        )
    if uit.projectie or uit.nieuwe_personen:
        versie.na_commit(pg)
    return uit.tot


def _personen_toevoegen(cur: psycopg.Cursor[Any], personen: list[tuple[Any, ...]]) -> None:
    """Insert the chunk's new persons. Another bron may have created one of them since this chunk
    read its state (a kennisgeving for the same new BSN from two bronnen at once): then nothing is
    written (`Wedloop`) and the chunk is decided again on what is committed now. ON CONFLICT
    instead of COPY: the server neither fails nor logs the row (a BSN) for this expected race."""
    # In BSN order: two bronnen inserting the same new persons wait on each other, never cross (deadlock).
    kolommen = list(zip(*sorted(personen, key=operator.itemgetter(1)), strict=True))
    cur.execute(
        """
        INSERT INTO cases_inburgeraar (id, bsn, achternaam, voornamen, geboortedatum, nationaliteit, stelsel,
                                       doelgroep, datum_plicht, gemeente_id, bijgewerkt_op)
        SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::date[], %s::text[], %s::text[],
                             %s::text[], %s::date[], %s::text[], %s::timestamptz[])
        ON CONFLICT DO NOTHING
        """,
        [list(k) for k in kolommen],
    )
    if cur.rowcount != len(personen):
        raise Wedloop


def _een_geldige_kennisgeving(cur: psycopg.Cursor[Any], ids: list[int]) -> None:
    """After writing: each reopened person has exactly one valid kennisgeving (koppelvlak §3,
    kennisgeving_bestaat); two means another bron reopened him meanwhile (`Wedloop`: decide again)."""
    cur.execute(
        f"""
        SELECT 1 FROM unnest(%s::bigint[]) AS p(id)
        CROSS JOIN LATERAL (
            SELECT count(*) AS geldig FROM cases_feit f {INTREKKING_VAN_F}
            WHERE f.inburgeraar_id = p.id AND f.soort = 'kennisgeving' AND {TELT}
        ) k
        WHERE k.geldig > 1 LIMIT 1
        """,  # noqa: S608 (fixed fragments)
        [ids],
    )
    if cur.fetchone() is not None:
        raise Wedloop


def detail_rij(feit_id: int, soort: str, record: kv.AnyRecord, doel: Bekend | None) -> tuple[Any, ...]:
    """The detail row of an accepted record, in the column order of `detail_tabellen`."""
    if soort == "intrekking":
        assert doel is not None and isinstance(record, kv.Intrekking)
        return (feit_id, doel.feit_id, record.datum, record.reden)
    waarden = detail_tabellen()[soort].lees(record)
    if soort == "kennisgeving" and waarden[-1] is None:  # nationaliteit: empty, not NULL, in the table
        waarden = (*waarden[:-1], "")
    return (feit_id, *waarden)


def _lezer(namen: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of these attributes as a tuple, read in C (one attrgetter per kind)."""
    lees = operator.attrgetter(*namen)
    if len(namen) == 1:
        return lambda record: (lees(record),)
    return lees


def _copy(cur: psycopg.Cursor[Any], tabel: str, kolommen: tuple[str, ...], rijen: list[tuple[Any, ...]]) -> None:
    if not rijen:
        return
    with cur.copy(f"COPY {tabel} ({', '.join(kolommen)}) FROM STDIN") as copy:
        for rij in rijen:
            copy.write_row(rij)
