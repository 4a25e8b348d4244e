"""Assigning dossiers to a klantmanager (backoffice.md): append-only history with who, when and why,
and the current assignment beside it, in one transaction; each assignment in the logboek."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from cases import versie
from cases.constants import ROLLEN_MET_PERSONEN, Handeling, Rol
from cases.models import Medewerker
from cases.services.logboek import vastleggen


class ToewijzingGeweigerd(ValueError):
    """An assignment the rules of the back office do not allow; the message is Dutch, for the form."""


def toewijzen(
    *, door: Medewerker, aan: Medewerker | None, inburgeraar_ids: list[int], reden: str, trace_id: str
) -> int:
    """Assign these dossiers to `aan` (None: release them). The caller passes only dossiers `door`
    may see (the scoped selector). A teamleider assigns to any klantmanager of his gemeente; a
    klantmanager only to himself. Returns how many dossiers changed hands."""
    reden = reden.strip()
    if not reden:
        raise ToewijzingGeweigerd("Geef een reden voor de toewijzing.")
    if len(reden) > 500:
        raise ToewijzingGeweigerd("De reden is te lang (ten hoogste 500 tekens).")
    if not inburgeraar_ids:
        raise ToewijzingGeweigerd("Er is geen dossier gekozen.")
    if door.rol not in ROLLEN_MET_PERSONEN:
        raise ToewijzingGeweigerd("Alleen een klantmanager of teamleider wijst dossiers toe.")
    if aan is not None and (aan.gemeente_id != door.gemeente_id or aan.rol not in ROLLEN_MET_PERSONEN):
        raise ToewijzingGeweigerd("Wijs alleen toe aan een klantmanager of teamleider van uw eigen gemeente.")
    if door.rol == Rol.KLANTMANAGER and (aan is None or aan.pk != door.pk):
        raise ToewijzingGeweigerd("Een klantmanager kan een dossier alleen aan zichzelf toewijzen.")
    nu = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        # Only the dossiers whose klantmanager changes get a history row.
        cursor.execute(
            """
            WITH gekozen AS (SELECT unnest(%(ids)s::bigint[]) AS id),
            anders AS (
                SELECT g.id FROM gekozen g LEFT JOIN cases_huidigetoewijzing h ON h.inburgeraar_id = g.id
                WHERE h.klantmanager_id IS DISTINCT FROM %(aan)s
            ),
            historie AS (
                INSERT INTO cases_toewijzing (inburgeraar_id, klantmanager_id, door_id, reden, op)
                SELECT id, %(aan)s, %(door)s, %(reden)s, %(nu)s FROM anders
                RETURNING inburgeraar_id
            )
            SELECT inburgeraar_id FROM historie ORDER BY inburgeraar_id
            """,
            {"ids": inburgeraar_ids, "aan": aan.pk if aan else None, "door": door.pk, "reden": reden, "nu": nu},
        )
        gewijzigd = [r[0] for r in cursor.fetchall()]
        if aan is None:
            cursor.execute("DELETE FROM cases_huidigetoewijzing WHERE inburgeraar_id = ANY(%s)", [gewijzigd])
        else:
            cursor.execute(
                "INSERT INTO cases_huidigetoewijzing (inburgeraar_id, klantmanager_id, sinds) "
                "SELECT unnest(%s::bigint[]), %s, %s ON CONFLICT (inburgeraar_id) DO UPDATE "
                "SET klantmanager_id = EXCLUDED.klantmanager_id, sinds = EXCLUDED.sinds",
                [gewijzigd, aan.pk, nu],
            )
        if gewijzigd:
            versie.gewijzigd()
            vastleggen(medewerker=door, handeling=Handeling.TOEGEWEZEN, trace_id=trace_id, inburgeraar_ids=gewijzigd)
    return len(gewijzigd)
