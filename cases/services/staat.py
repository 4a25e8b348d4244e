"""What the decisions of one chunk read: known kenmerken, persons and their earlier verlengingen,
in a few queries by key (LATERAL lookups that no statistics can turn into scans)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg

from cases import koppelvlak as kv
from cases.domain import controles
from cases.domain.controles import Persoon
from cases.domain.limieten import STANDAARD as STANDAARD_LIMIETEN
from cases.domain.limieten import Limieten
from cases.regels_sql import INGETROKKEN, INTREKKING_VAN_F, TELT

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Bekend:
    """A kenmerk of this bron: stored before, or accepted earlier in this batch."""

    feit_id: int
    soort: str
    inhoud_hash: str
    inburgeraar_id: int
    ingetrokken: bool


@dataclass(slots=True)
class PersoonStaat:
    id: int
    bsn: str
    persoon: Persoon
    nieuw: bool = False
    # Earlier verlengingen are read only for persons that need them (a verlenging in the chunk).
    verlengingen_geladen: bool = False


@dataclass
class Staat:
    """What the decisions of a chunk read and changed: kenmerken and persons by BSN and id."""

    bekend: dict[str, Bekend]
    per_bsn: dict[str, PersoonStaat]
    per_id: dict[int, PersoonStaat]
    feit_ids: Iterator[int]
    persoon_ids: Iterator[int]


TELLENDE_GRONDEN = [g for g in STANDAARD_LIMIETEN.VERLENGING_GRONDEN if controles.telt_voor_maximum(g)]


def _ids(lezer: psycopg.Connection[Any], tabel: str, aantal: int) -> list[int]:
    """Reserve `aantal` ids of `tabel`'s sequence."""
    if aantal == 0:
        return []
    with lezer.cursor() as cursor:
        # The sequence is looked up once (an InitPlan), not per value; one array instead of n rows.
        cursor.execute(
            "SELECT array_agg(nextval((SELECT pg_get_serial_sequence(%s, 'id'))::regclass)) "
            "FROM generate_series(1, %s)",
            [tabel, aantal],
        )
        rij = cursor.fetchone()
        assert rij is not None  # an aggregate always returns a row
        ids: list[int] = rij[0]
        return ids


def laad(
    lezer: psycopg.Connection[Any],
    gelezen: list[tuple[int, kv.Gelezen]],
    over: Staat | None,
    *,
    bron: str,
    limieten: Limieten,
) -> Staat:
    """Read what the chunk's decisions need, in a few queries, and lay `over` (the state
    the previous, not yet written chunk read and changed) over it."""
    kenmerken: set[str] = set()
    bsns: set[str] = set()
    for _, g in gelezen:
        if g.record is None:
            continue
        kenmerken.add(g.record.kenmerk)
        if isinstance(g.record, kv.Intrekking):
            kenmerken.add(g.record.kenmerk_ingetrokken)
        elif isinstance(g.record, kv.PersoonRecord):
            bsns.add(g.record.bsn)
    bekend: dict[str, Bekend] = {}
    # Server-side binding, binary: the lists of a chunk travel as arrays, not as quoted SQL text.
    with psycopg.Cursor(lezer) as cursor:
        cursor.execute(
            f"""
            SELECT k.kenmerk, f.id, f.soort, f.inhoud_hash, f.inburgeraar_id, ({INGETROKKEN})
            FROM unnest(%s::text[]) AS k(kenmerk)
            -- One index lookup per key, whatever the statistics say (a LATERAL with LIMIT is not
            -- flattened into a join): with `kenmerk = ANY(...)`, or a join the planner may plan
            -- on stale statistics during a large import, a chunk can cost a scan of the register.
            CROSS JOIN LATERAL (
                SELECT f.id, f.soort, f.inhoud_hash, f.inburgeraar_id FROM cases_feit f
                WHERE f.bron_id = %s AND f.kenmerk = k.kenmerk LIMIT 1
            ) f
            {INTREKKING_VAN_F}
            """,  # noqa: S608 (fixed fragments)
            [list(kenmerken), bron],
            binary=True,
        )
        for kenmerk, feit_id, soort, h, inburgeraar_id, ingetrokken in cursor.fetchall():
            bekend[kenmerk] = Bekend(feit_id, soort, h, inburgeraar_id, ingetrokken)
        # Persons of the records and of the facts being retracted.
        doel_ids = [b.inburgeraar_id for b in bekend.values()]
        cursor.execute(
            f"""
            WITH gezocht AS (
                SELECT p.id FROM unnest(%s::text[]) AS b(bsn)
                CROSS JOIN LATERAL (SELECT p.id FROM cases_inburgeraar p WHERE p.bsn = b.bsn LIMIT 1) p
                UNION SELECT unnest(%s::bigint[])
            )
            SELECT i.id, i.bsn, i.stelsel, i.doelgroep, i.datum_plicht, k.geldig, k.heeft
            FROM gezocht g
            CROSS JOIN LATERAL (SELECT * FROM cases_inburgeraar i WHERE i.id = g.id LIMIT 1) i
            -- Per person an index lookup of its kennisgevingen (see above).
            CROSS JOIN LATERAL (
                SELECT coalesce(bool_or({TELT}), false) AS geldig, count(*) > 0 AS heeft
                FROM cases_feit f {INTREKKING_VAN_F}
                WHERE f.inburgeraar_id = i.id AND f.soort = 'kennisgeving'
            ) k
            """,  # noqa: S608 (fixed fragments)
            [list(bsns), doel_ids],
            binary=True,
        )
        per_bsn: dict[str, PersoonStaat] = {}
        per_id: dict[int, PersoonStaat] = {}
        for pid, bsn, stelsel, doelgroep, datum_plicht, geldig, heeft in cursor.fetchall():
            if not heeft:  # pragma: no cover - an inburgeraar always comes with a kennisgeving
                continue
            staat = PersoonStaat(pid, bsn, Persoon(stelsel, doelgroep, datum_plicht, geldig))
            per_bsn[bsn] = staat
            per_id[pid] = staat
        # Earlier verlengingen only for the persons with a verlenging in this chunk, or one retracted.
        met_verlenging = {
            per_bsn[g.record.bsn].id
            for _, g in gelezen
            if isinstance(g.record, kv.Verlenging) and g.record.bsn in per_bsn
        } | {b.inburgeraar_id for b in bekend.values() if b.soort == "verlenging" and b.inburgeraar_id in per_id}
        if met_verlenging:
            cursor.execute(
                f"""
                SELECT f.inburgeraar_id, f.kenmerk, v.grond, v.maanden, v.weken, v.dagen
                FROM unnest(%s::bigint[]) AS p(id)
                CROSS JOIN LATERAL (
                    SELECT f.id, f.inburgeraar_id, f.kenmerk FROM cases_feit f
                    WHERE f.inburgeraar_id = p.id AND f.soort = 'verlenging' OFFSET 0
                ) f
                CROSS JOIN LATERAL (SELECT * FROM cases_verlenging v WHERE v.feit_id = f.id LIMIT 1) v
                {INTREKKING_VAN_F}
                WHERE v.grond = ANY(%s) AND {TELT}
                """,  # noqa: S608 (fixed fragments)
                [list(met_verlenging), TELLENDE_GRONDEN],
                binary=True,
            )
            for pid, kenmerk, grond, maanden, weken, dagen in cursor.fetchall():
                duur = controles.verlenging_dagen(
                    kv.Verlenging(
                        kenmerk=kenmerk,
                        bsn="",
                        besluitdatum=dt.date.min,
                        grond=grond,
                        maanden=maanden,
                        weken=weken,
                        dagen=dagen,
                    ),
                    limieten,
                )
                per_id[pid].persoon.verlengingen[kenmerk] = (grond, duur or 0)
            for pid in met_verlenging:
                per_id[pid].verlengingen_geladen = True
    if over is not None:
        # Only what this chunk looks up is taken over, so the state stays one chunk large.
        for kenmerk in kenmerken:
            if kenmerk in over.bekend:
                bekend[kenmerk] = over.bekend[kenmerk]
        nodig = [over.per_bsn[bsn] for bsn in bsns if bsn in over.per_bsn]
        nodig += [over.per_id[b.inburgeraar_id] for b in bekend.values() if b.inburgeraar_id in over.per_id]
        for eerder in nodig:
            nu = per_id.get(eerder.id)
            if nu is not None and nu.verlengingen_geladen and not eerder.verlengingen_geladen:
                # The previous chunk added no verlenging for this person, so what is stored is complete.
                eerder.persoon.verlengingen = {**nu.persoon.verlengingen, **eerder.persoon.verlengingen}
                eerder.verlengingen_geladen = True
            per_bsn[eerder.bsn] = eerder
            per_id[eerder.id] = eerder
    feiten = sum(1 for _, g in gelezen if g.record is not None)
    personen = sum(1 for _, g in gelezen if isinstance(g.record, kv.Kennisgeving))
    return Staat(
        bekend,
        per_bsn,
        per_id,
        iter(_ids(lezer, "cases_feit", feiten)),
        iter(_ids(lezer, "cases_inburgeraar", personen)),
    )
