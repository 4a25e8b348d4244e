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

from django.db import connection, transaction
from django.utils import timezone

from cases import statistieken
from cases.domain.parameters import Regelparameters
from cases.selectors import dossiers, regelparameters, statusperioden, uitkomst
from cases.services import inburgeraar_projectie_bijwerken
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
)


def projecties_herberekenen(*, ids: list[int], vandaag: dt.date, params: Regelparameters | None = None) -> int:
    """Recompute the projections of `ids` for `vandaag`; returns how many rows changed."""
    if not ids:
        return 0
    params = params or regelparameters()
    rijen: list[tuple[Any, ...]] = []
    perioden: dict[int, list[tuple[str, str, dt.date, dt.date | None]]] = {}
    for pid, dossier in dossiers(ids).items():
        u = uitkomst(pid, dossier, vandaag, params)
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
            )
        )
        perioden[pid] = statusperioden(pid, dossier, params)
    with transaction.atomic(), connection.cursor() as cursor:
        per_sleutel(cursor)  # every statement below is about the rows of `ids`
        pg = cursor.connection
        with pg.cursor() as cur:
            # A verhuizing dated today becomes the current gemeente (B-13) — also without a new fact.
            inburgeraar_projectie_bijwerken(cur, sorted(perioden), vandaag)
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
            # Per person an index lookup, also where per_sleutel is not enough: `= ANY(2,000 ids)` on a
            # table without statistics is estimated as the whole table.
            cur.execute(
                "SELECT p.id, s.status, s.grond, s.van, s.tot FROM unnest(%s::bigint[]) AS p(id) "
                "CROSS JOIN LATERAL (SELECT * FROM cases_statusperiode s WHERE s.inburgeraar_id = p.id OFFSET 0) s "
                "ORDER BY p.id, s.van",
                [list(perioden)],
            )
            bestaand: dict[int, list[tuple[str, str, dt.date, dt.date | None]]] = {}
            for pid, status, grond, van, tot in cur.fetchall():
                bestaand.setdefault(pid, []).append((status, grond, van, tot))
            anders = [pid for pid, p in perioden.items() if bestaand.get(pid) != p]
            if anders:
                cur.execute("DELETE FROM cases_statusperiode WHERE inburgeraar_id = ANY(%s)", [anders])
                with cur.copy("COPY cases_statusperiode (inburgeraar_id, status, grond, van, tot) FROM STDIN") as copy:
                    for pid in anders:
                        for periode in perioden[pid]:
                            copy.write_row((pid, *periode))
    return gewijzigd


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
_ALLE_DATUMAFHANKELIJKE = (
    "INSERT INTO cases_herberekening (inburgeraar_id, sinds) SELECT i.id, now() FROM cases_inburgeraar i "
    "WHERE NOT EXISTS (SELECT 1 FROM cases_projectie p WHERE p.inburgeraar_id = i.id AND p.status <> 'plichtig') "
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
    statistieken.voor_herberekening()
    sql = _ALLE_DATUMAFHANKELIJKE if alleen_datumafhankelijk else _ALLE
    with connection.cursor() as cursor:
        cursor.execute(sql)
    for _ in range(helpers):  # without a broker this task drains the queue alone
        inplannen("cases.herberekeningen")
    return herberekeningen_verwerken(vandaag=vandaag)
