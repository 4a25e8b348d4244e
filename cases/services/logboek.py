"""The logboek of processings of personal data (backoffice.md): one row per person per processing,
append-only in the database. Written in the request that did the processing."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.utils import timezone

from cases.constants import VERWERKINGSACTIVITEIT, Handeling
from cases.models import Medewerker

_KOLOMMEN = (
    "tijdstip",
    "handeling",
    "verwerkingsactiviteit",
    "gebruiker_id",
    "gebruikersnaam",
    "rol",
    "gemeente",
    "inburgeraar_id",
    "bsn_pseudoniem",
    "trace_id",
)


def pseudoniem(bsn: str) -> str:
    """A BSN searched in vain, as the logboek keeps it: an HMAC with a secret key, so an inquiry can
    find who searched for a BSN without the logboek holding BSNs of people outside the gemeente."""
    return hmac.new(settings.LOGBOEK_SLEUTEL.encode(), bsn.encode(), hashlib.sha256).hexdigest()


def vastleggen(
    *,
    medewerker: Medewerker,
    handeling: Handeling,
    trace_id: str,
    inburgeraar_ids: Iterable[int] = (),
    bsn_pseudoniem: str = "",
) -> int:
    """Record one processing per person (a list or export: everyone on it); without persons one row
    (a search without result). Returns the number of rows."""
    nu = timezone.now()
    gemeente = medewerker.gemeente_id or ""
    gemeen = (
        nu,
        str(handeling),
        VERWERKINGSACTIVITEIT,
        medewerker.user_id,
        medewerker.user.get_username(),
        medewerker.rol,
        gemeente,
    )
    ids = list(dict.fromkeys(inburgeraar_ids))
    rijen: list[tuple[object, ...]] = [(*gemeen, pid, "", trace_id) for pid in ids]
    if not rijen:
        rijen = [(*gemeen, None, bsn_pseudoniem, trace_id)]
    with connection.cursor() as cursor:
        pg = cursor.connection
        with pg.cursor() as cur, cur.copy(f"COPY cases_verwerking ({', '.join(_KOLOMMEN)}) FROM STDIN") as copy:
            for rij in rijen:
                copy.write_row(rij)
    return len(rijen)
