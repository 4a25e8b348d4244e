"""Services that keep the projections in step with the facts (besluiten B-2 … B-15).

`projecties_herberekenen` loads the facts of a chunk of inburgeraars in a few queries, runs
the pure rules, and writes the projection and status periods set-based — a row that did not
change is not rewritten. `herberekeningen_verwerken` drains the work queue that the batch
service fills, claiming rows so that two workers never do the same dossier twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import psycopg
from django.db import connection, transaction
from django.utils import timezone

from cases import statistieken, versie
from cases.domain.parameters import Regelparameters
from cases.selectors import dossiers, regelparameters, statusperioden, uitkomst
from inburgering.core.statistiek import per_sleutel
from inburgering.core.taken import inplannen

logger = logging.getLogger(__name__)

CHUNK = 2_000

_PROJECTIE_KOLOMMEN = (
    "inburgeraar_id",
    "berekend_op",
    "status",
    "status_datum",
    "ontheffing_grond",
    "termijn_start",
    "termijn_einde",
    "termijn_overschreden",
    "verwijtbaar",
    "boete_mogelijk",
    "boete_bedrag",
    "boete_reden",
    "agi_mogelijk",
    "elip",
    "pip_deadline",
    "signalen",
    "leerroute",
    "gemeente",
    "gemeente_tot",
    "deadline",
)


def projecties_herberekenen(*, ids: list[int], vandaag: dt.date, params: Regelparameters | None = None) -> int:
    """Recompute the projections of `ids` for `vandaag`; returns how many rows changed. With them the
    status periods (B-6), the gemeente periods (B-13) and the inburgeraar's gemeente of today."""
    if not ids:
        return 0
    params = params or regelparameters()
    rijen: list[tuple[Any, ...]] = []
    statussen: dict[int, list[tuple[Any, ...]]] = {}
    gemeenten: dict[int, list[tuple[Any, ...]]] = {}
    vandaag_in: dict[int, str] = {}
    for pid, dossier in dossiers(ids).items():
        u = uitkomst(pid, dossier, vandaag, params)
        periode = dossier.gemeente_periode_op(vandaag)
        if periode is not None:
            vandaag_in[pid] = periode.gemeente
        rijen.append(
            (
                pid,
                vandaag,
                u.status,
                u.status_datum,
                u.ontheffing_grond or "",
                u.termijn_start,
                u.termijn_einde,
                u.termijn_overschreden,
                u.verwijtbaar,
                u.boete_mogelijk,
                u.boete_bedrag,
                u.boete_reden or "",
                u.agi_mogelijk,
                u.elip,
                u.pip_deadline,
                list(u.signalen),
                u.leerroute or "",
                periode.gemeente if periode else "",
                periode.tot if periode else None,
                u.eerste_deadline,
            )
        )
        statussen[pid] = statusperioden(pid, dossier, params)
        gemeenten[pid] = [(p.gemeente, p.van, p.tot) for p in dossier.gemeente_perioden]
    with transaction.atomic(), connection.cursor() as cursor:
        versie.gewijzigd()
        per_sleutel(cursor)  # every statement below is about the rows of `ids`
        pg = cursor.connection
        with pg.cursor() as cur:
            # A verhuizing dated today makes today's gemeente another — also without a new fact.
            cur.execute(
                "UPDATE cases_inburgeraar i SET gemeente_id = t.gemeente, bijgewerkt_op = now() "
                "FROM unnest(%s::bigint[], %s::varchar[]) AS t(id, gemeente) "
                "WHERE i.id = t.id AND i.gemeente_id IS DISTINCT FROM t.gemeente",
                [list(vandaag_in), list(vandaag_in.values())],
            )
            cur.execute("CREATE TEMP TABLE IF NOT EXISTS tmp_projectie (LIKE cases_projectie) ON COMMIT DELETE ROWS")
            cur.execute("DELETE FROM tmp_projectie")  # empty also when called twice in one transaction
            with cur.copy(f"COPY tmp_projectie ({', '.join(_PROJECTIE_KOLOMMEN)}) FROM STDIN") as copy:
                for rij in rijen:
                    copy.write_row(rij)
            inhoud = [k for k in _PROJECTIE_KOLOMMEN if k not in {"inburgeraar_id", "berekend_op"}]
            cur.execute(
                f"""
                INSERT INTO cases_projectie ({", ".join(_PROJECTIE_KOLOMMEN)})
                SELECT {", ".join(_PROJECTIE_KOLOMMEN)} FROM tmp_projectie
                ON CONFLICT (inburgeraar_id) DO UPDATE
                SET {", ".join(f"{k} = EXCLUDED.{k}" for k in _PROJECTIE_KOLOMMEN[1:])}
                WHERE ({", ".join(f"cases_projectie.{k}" for k in inhoud)})
                      IS DISTINCT FROM ({", ".join(f"EXCLUDED.{k}" for k in inhoud)})
                """  # noqa: S608 (fixed column names)
            )
            gewijzigd = int(cur.rowcount)
            _perioden_vervangen(cur, "cases_statusperiode", ("status", "grond", "van", "tot"), statussen)
            _perioden_vervangen(cur, "cases_gemeenteperiode", ("gemeente_id", "van", "tot"), gemeenten)
    return gewijzigd


def _perioden_vervangen(
    cur: psycopg.Cursor[Any], tabel: str, kolommen: tuple[str, ...], perioden: dict[int, list[tuple[Any, ...]]]
) -> None:
    """Replace the stored periods of the persons whose periods changed (ordered by `van`); an
    unchanged person's rows are not touched."""
    # Per person an index lookup, also where per_sleutel is not enough: `= ANY(2,000 ids)` on a
    # table without statistics is estimated as the whole table.
    lijst = ", ".join(f"s.{k}" for k in kolommen)
    cur.execute(
        f"SELECT p.id, {lijst} FROM unnest(%s::bigint[]) AS p(id) "  # noqa: S608 (fixed names)
        f"CROSS JOIN LATERAL (SELECT * FROM {tabel} s WHERE s.inburgeraar_id = p.id OFFSET 0) s "
        "ORDER BY p.id, s.van",
        [list(perioden)],
    )
    bestaand: dict[int, list[tuple[Any, ...]]] = {}
    for pid, *periode in cur.fetchall():
        bestaand.setdefault(pid, []).append(tuple(periode))
    anders = [pid for pid, p in perioden.items() if bestaand.get(pid) != p]
    if anders:
        cur.execute(f"DELETE FROM {tabel} WHERE inburgeraar_id = ANY(%s)", [anders])  # noqa: S608
        with cur.copy(f"COPY {tabel} (inburgeraar_id, {', '.join(kolommen)}) FROM STDIN") as copy:
            for pid in anders:
                for periode in perioden[pid]:
                    copy.write_row((pid, *periode))


# The claim of one chunk of the work queue. The queue swings from empty to hundreds of thousands of
# rows, so its statistics are wrong half of the time; the claim must not depend on them. Written
# `IN (SELECT … LIMIT … FOR UPDATE SKIP LOCKED)`, a queue the statistics believed to hold one row was
# planned as a nested-loop semi join that ran the locking subquery again for every row of the queue
# (28 s per claim at 20,000 dossiers). As an ARRAY(…) the subquery is an InitPlan, run once; with
# per_sleutel both it (the first rows of the primary key, in order) and the DELETE (the claimed keys)
# are index scans, whatever the estimate.
CLAIM = """
DELETE FROM cases_herberekening WHERE inburgeraar_id = ANY(ARRAY(
    SELECT inburgeraar_id FROM cases_herberekening ORDER BY inburgeraar_id
    LIMIT %s FOR UPDATE SKIP LOCKED))
RETURNING inburgeraar_id
"""


def herberekeningen_verwerken(*, vandaag: dt.date | None = None, chunk: int = CHUNK) -> int:
    """Drain the work queue: claim a chunk, recompute, commit; until it is empty. Idempotent by
    construction: a claim is a DELETE … SKIP LOCKED in the same transaction as the new projection."""
    vandaag = vandaag or timezone.localdate()
    params = regelparameters()
    totaal = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            per_sleutel(cursor)  # the claim and the chunk's reads and writes: all by key
            cursor.execute(CLAIM, [chunk])
            ids = sorted(r[0] for r in cursor.fetchall())
            if not ids:
                return totaal
            projecties_herberekenen(ids=ids, vandaag=vandaag, params=params)
            totaal += len(ids)


_ALLE = (
    "INSERT INTO cases_herberekening (inburgeraar_id, sinds) SELECT i.id, now() FROM cases_inburgeraar i "
    "ON CONFLICT DO NOTHING"
)
# The nightly run: who is plichtig or has no projection, and whoever moved to another gemeente
# (B-13) since his projection was computed — a verhuizing dated after its receipt.
_ALLE_DATUMAFHANKELIJKE = (
    "INSERT INTO cases_herberekening (inburgeraar_id, sinds) SELECT i.id, now() FROM cases_inburgeraar i "
    "WHERE NOT EXISTS (SELECT 1 FROM cases_projectie p WHERE p.inburgeraar_id = i.id AND p.status <> 'plichtig' "
    "AND NOT EXISTS (SELECT 1 FROM cases_gemeenteperiode g WHERE g.inburgeraar_id = i.id "
    "AND g.van > p.berekend_op AND g.van <= %(vandaag)s)) "
    "ON CONFLICT DO NOTHING"
)


def alles_herberekenen(
    *, vandaag: dt.date | None = None, alleen_datumafhankelijk: bool = False, helpers: int = 0
) -> int:
    """Queue every dossier (or, for the nightly run, those whose values depend on the date: all
    that are plichtig or have no projection yet) and drain the queue.

    First the statistics of what the recompute reads are brought up to date where they are
    missing or stale (after a bulk load, or on a server without autoanalyze): one catalog query
    when they are not."""
    vandaag = vandaag or timezone.localdate()
    statistieken.voor_herberekening()
    with connection.cursor() as cursor:
        if alleen_datumafhankelijk:
            cursor.execute(_ALLE_DATUMAFHANKELIJKE, {"vandaag": vandaag})
        else:
            cursor.execute(_ALLE)
    for _ in range(helpers):  # without a broker this task drains the queue alone
        inplannen("cases.herberekeningen")
    return herberekeningen_verwerken(vandaag=vandaag)
