"""The werkvoorraad (backoffice.md): who is on a medewerker's list today, filtered, sorted by urgency,
with counters per signal — read from the projections, the gemeente periods and the assignments;
no rule is computed per row."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import Combinable

from cases import versie
from cases.models import HuidigeToewijzing, Inburgeraar, Medewerker
from cases.selectors import zichtbare_inburgeraars

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Sortable columns: name in the URL → order_by expressions (ascending).
SORTERINGEN: dict[str, tuple[str, ...]] = {
    "naam": ("achternaam", "voornamen"),
    "status": ("projectie__status",),
    "termijn_einde": ("projectie__termijn_einde",),
    "pip_deadline": ("projectie__pip_deadline",),
    "cohort": ("datum_plicht",),
    "klantmanager": ("klantmanager_naam",),
    "stelsel": ("stelsel",),
    "doelgroep": ("doelgroep",),
}


@dataclass(frozen=True)
class Filters:
    """The validated filters of backoffice.md (the form in the view checks them)."""

    status: str = "plichtig"  # "alle": everyone
    signaal: str = ""
    stelsel: str = ""
    doelgroep: str = ""
    leerroute: str = ""
    klantmanager: str = ""  # "mij", "geen", a username, or "" (hele gemeente)
    termijn_eindigt_voor: dt.date | None = None
    cohort: int | None = None
    q: str = ""
    sorteer: str = ""  # "" = urgency; a column of SORTERINGEN, "-column" descending
    uitgesloten: Sequence[str] = field(default_factory=tuple)  # filters left out (for the counters)


def werkvoorraad(gebruiker: object, medewerker: Medewerker, f: Filters, vandaag: dt.date) -> QuerySet[Inburgeraar]:
    """Everyone of the medewerker's gemeente today with datum_plicht on or before today, filtered and
    sorted; each row with its projection and current klantmanager.

    The gemeente is read from the projection (`projectie.gemeente`, today's gemeente by B-13, written
    by the same recompute as the status and the gemeente periods), so that one index serves the
    filter and the default order of a whole gemeente — always within `zichtbare_inburgeraars`, the
    one rule of who may see whom (a person whose move today is not yet recomputed is in neither)."""
    if not medewerker.werkt_met_personen:
        return Inburgeraar.objects.none()
    # `gemeente_id` on the inburgeraar is the same value (the recompute writes both): stated too, so
    # that the person side of the join is the gemeente's rows (an index range), not the country's.
    qs = zichtbare_inburgeraars(gebruiker).filter(
        projectie__gemeente=medewerker.gemeente_id, gemeente_id=medewerker.gemeente_id, datum_plicht__lte=vandaag
    )
    if f.status != "alle":
        qs = qs.filter(projectie__status=f.status or "plichtig")
    if f.signaal and "signaal" not in f.uitgesloten:
        qs = qs.filter(projectie__signalen__contains=[f.signaal])
    if f.stelsel:
        qs = qs.filter(stelsel=f.stelsel)
    if f.doelgroep:
        qs = qs.filter(doelgroep=f.doelgroep)
    if f.leerroute:
        qs = qs.filter(projectie__leerroute=f.leerroute)
    if f.cohort is not None:
        qs = qs.filter(datum_plicht__year=f.cohort)
    if f.termijn_eindigt_voor is not None:
        qs = qs.filter(projectie__termijn_einde__lt=f.termijn_eindigt_voor)
    if f.q:
        for woord in f.q.split()[:5]:
            qs = qs.filter(Q(achternaam__icontains=woord) | Q(voornamen__icontains=woord))
    toegewezen = HuidigeToewijzing.objects.filter(inburgeraar_id=OuterRef("pk"))
    if f.klantmanager == "mij":
        qs = qs.filter(Exists(toegewezen.filter(klantmanager=medewerker)))
    elif f.klantmanager == "geen":
        qs = qs.filter(~Exists(toegewezen))
    elif f.klantmanager:
        qs = qs.filter(Exists(toegewezen.filter(klantmanager__user__username=f.klantmanager)))
    qs = qs.select_related("projectie").annotate(
        klantmanager_naam=Subquery(toegewezen.values("klantmanager__user__username")[:1])
    )
    return qs.order_by(*_volgorde(f.sorteer))


def _volgorde(sorteer: str) -> list[str | Combinable]:
    """Default: the most urgent first — overschreden, then the earliest legal deadline (PIP-deadline
    or termijneinde); then by name. A column sorts on itself, with name and id as tie-breakers."""
    kolom = sorteer.removeprefix("-")
    if kolom in SORTERINGEN:
        aflopend = sorteer.startswith("-")
        velden: list[str | Combinable] = [
            F(v).desc(nulls_last=True) if aflopend else F(v).asc(nulls_last=True) for v in SORTERINGEN[kolom]
        ]
        return [*velden, "achternaam", "id"]
    return [
        F("projectie__termijn_overschreden").desc(),
        F("projectie__deadline").asc(nulls_last=True),
        "achternaam",
        "id",
    ]


@dataclass(frozen=True)
class Samenvatting:
    """How many are on the list, and per signal how many of the list without its signal filter
    carry that signal (the counters above the list)."""

    aantal: int
    tellers: dict[str, int]


_ALLEN = "*"  # a pseudo-signal every row carries once: its count is the list's length


def samenvatting(gebruiker: object, medewerker: Medewerker, f: Filters, vandaag: dt.date) -> Samenvatting:
    """The list's length and its signal counters: one GROUP BY over the list's own query without
    the signal filter (with one, the length is that signal's counter). Cached (`_bewaard`)."""

    def tellen() -> dict[str, int]:
        qs = werkvoorraad(gebruiker, medewerker, Filters(**{**f.__dict__, "uitgesloten": ("signaal",)}), vandaag)
        sql, params = qs.order_by().values("projectie__signalen").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s, count(*) FROM ({sql}) AS x(signalen) "  # noqa: S608 (the ORM's own SQL)
                f"CROSS JOIN LATERAL unnest(x.signalen || '{_ALLEN}'::varchar) AS s GROUP BY s",
                params,
            )
            return {s: int(n) for s, n in cursor.fetchall()}

    # What the figures depend on: whose "mij" it is, and every filter but the signal and the order.
    wie = f"mij:{medewerker.pk}" if f.klantmanager == "mij" else f.klantmanager
    filters = {**f.__dict__, "klantmanager": wie, "signaal": "", "sorteer": "", "uitgesloten": ()}
    alle = dict(_bewaard("tellers", medewerker, vandaag, filters, tellen))
    zonder_filter = alle.pop(_ALLEN, 0)
    return Samenvatting(aantal=alle.get(f.signaal, 0) if f.signaal else zonder_filter, tellers=alle)


def _bewaard(soort: str, medewerker: Medewerker, vandaag: dt.date, waarvan: object, bereken: Callable[[], T]) -> T:
    """Figures that are the same for everybody of the gemeente asking the same until the data
    change, cached under the data version (cases/versie.py) — so never older than the data — and
    today and the gemeente. A cache that cannot be reached costs speed, not the page."""
    inhoud = json.dumps([versie.huidig(), vandaag.isoformat(), medewerker.gemeente_id, waarvan], default=str)
    sleutel = f"werkvoorraad:{soort}:" + hashlib.sha256(inhoud.encode()).hexdigest()
    try:
        bewaard: T | None = cache.get(sleutel)
    except Exception:  # e.g. Redis down
        logger.warning("cache niet bereikbaar; werkvoorraadcijfers zonder cache", exc_info=True)
        return bereken()
    if bewaard is None:
        bewaard = bereken()
        with contextlib.suppress(Exception):
            cache.set(sleutel, bewaard)
    return bewaard


def per_klantmanager(gebruiker: object, medewerker: Medewerker, vandaag: dt.date) -> list[dict[str, object]]:
    """The teamleider's overview (backoffice.md): per klantmanager how many plichtigen he has, how many
    of them overschreden, and how many have a PIP deadline that is past or near (B-15 signals)."""
    urgent = Q(projectie__signalen__overlap=["pip_te_laat", "pip_deadline_nadert"])

    def tellen() -> list[dict[str, object]]:
        qs = werkvoorraad(gebruiker, medewerker, Filters(), vandaag).order_by()
        return list(
            qs.values("klantmanager_naam")  # type: ignore[misc]  # an annotation of werkvoorraad()
            .annotate(
                aantal=Count("id"),
                overschreden=Count("id", filter=Q(projectie__termijn_overschreden=True)),
                pip=Count("id", filter=urgent),
            )
            .order_by(F("klantmanager_naam").asc(nulls_first=True))
        )

    return _bewaard("per_klantmanager", medewerker, vandaag, None, tellen)


def klantmanagers(medewerker: Medewerker) -> QuerySet[Medewerker]:
    """The medewerkers of the gemeente a dossier can be assigned to (klantmanager, teamleider)."""
    return (
        Medewerker.objects.filter(gemeente_id=medewerker.gemeente_id, rol__in=["klantmanager", "teamleider"])
        .select_related("user")
        .order_by("user__username")
    )
