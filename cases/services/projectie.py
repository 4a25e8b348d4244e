"""The inburgeraar row as a projection of its facts: the base data of the kennisgeving. (The
gemeente of today, besluiten B-13, is the recompute's: cases/herberekening.py.)"""

from __future__ import annotations

import logging
from typing import Any

import psycopg

from cases.regels_sql import INTREKKING_VAN_F, TELT

logger = logging.getLogger(__name__)


def inburgeraar_projectie_bijwerken(cur: psycopg.Cursor[Any], ids: list[int]) -> None:
    """Refresh the inburgeraar rows from their facts (set-based): the base data of the valid
    kennisgeving (else the latest one)."""
    cur.execute(
        f"""
        -- Per person index lookups (LATERAL with OFFSET/LIMIT is not flattened): planned as joins on
        -- the statistics of a growing register, this scanned every kennisgeving per chunk.
        WITH basis AS (
            SELECT DISTINCT ON (f.inburgeraar_id) f.inburgeraar_id AS id, k.*
            FROM unnest(%(ids)s::bigint[]) AS p(id)
            CROSS JOIN LATERAL (
                SELECT f.id, f.inburgeraar_id FROM cases_feit f
                WHERE f.inburgeraar_id = p.id AND f.soort = 'kennisgeving' OFFSET 0
            ) f
            CROSS JOIN LATERAL (SELECT * FROM cases_kennisgeving k WHERE k.feit_id = f.id LIMIT 1) k
            {INTREKKING_VAN_F}
            ORDER BY f.inburgeraar_id, ({TELT}) DESC, f.id DESC
        )
        UPDATE cases_inburgeraar i
        SET achternaam = b.achternaam, voornamen = b.voornamen, geboortedatum = b.geboortedatum,
            nationaliteit = b.nationaliteit, stelsel = b.stelsel, doelgroep = b.doelgroep,
            datum_plicht = b.datum_plicht, bijgewerkt_op = now()
        FROM basis b
        WHERE i.id = b.id
          AND (i.achternaam, i.voornamen, i.geboortedatum, i.nationaliteit, i.stelsel, i.doelgroep, i.datum_plicht)
              IS DISTINCT FROM (b.achternaam, b.voornamen, b.geboortedatum, b.nationaliteit, b.stelsel, b.doelgroep,
               b.datum_plicht)
        """,  # noqa: S608 (fixed fragments)
        {"ids": ids},
    )
