"""The werkvoorraad (backoffice.md): who is on a medewerker's list today, filtered, sorted by urgency,
with counters per signal — read from the projections, the gemeente periods and the assignments;
no rule is computed per row."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import Combinable

from cases import versie
from cases.models import HuidigeToewijzing, Inburgeraar, Medewerker

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


def werkvoorraad(medewerker: Medewerker, f: Filters, vandaag: dt.date) -> QuerySet[Inburgeraar]:
    """Everyone of the medewerker's gemeente today with datum_plicht on or before today, filtered and
    sorted; each row with its projection and current klantmanager.

    Who belongs to the gemeente today (B-13) is read from the projection: the recompute writes
    today's gemeente period there (`gemeente`, and `gemeente_tot` when a move is already known) in
    the same transaction as the gemeente periods that `zichtbare_inburgeraars` reads — so the list
    is that same set (a test holds them equal, also on the day a known move takes effect before the
    nightly recompute), while one index serves the filter and the default order of a whole
    gemeente without a join to the periods."""
    if not medewerker.werkt_met_personen:
        return Inburgeraar.objects.none()
    gemeente = medewerker.gemeente_id
    # `gemeente_id` on the inburgeraar is the same value (the recompute writes both): stated too, so
    # that the person side of the join is the gemeente's rows (an index range), not the country's.
    qs = Inburgeraar.objects.filter(
        Q(projectie__gemeente_tot__isnull=True) | Q(projectie__gemeente_tot__gt=vandaag),
        projectie__gemeente=gemeente,
        gemeente_id=gemeente,
        datum_plicht__lte=vandaag,
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
    return _met_projectie(qs).order_by(*_volgorde(f.sorteer))


def _met_projectie(qs: QuerySet[Inburgeraar]) -> QuerySet[Inburgeraar]:
    """Each row with its projection and its current klantmanager's username."""
    toegewezen = HuidigeToewijzing.objects.filter(inburgeraar_id=OuterRef("pk"))
    return qs.select_related("projectie").annotate(
        klantmanager_naam=Subquery(toegewezen.values("klantmanager__user__username")[:1])
    )


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


class Volgorde(Sequence[Inburgeraar]):
    """The whole list as the ids in its order (from the cache, see `volgorde`); a slice loads only
    its own rows — so the 150th page costs what the first costs. Django's Paginator takes it as is."""

    def __init__(self, ids: array[int], medewerker: Medewerker) -> None:
        self.ids = ids
        self.medewerker = medewerker

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, i: int) -> Inburgeraar: ...
    @overload
    def __getitem__(self, i: slice) -> list[Inburgeraar]: ...
    def __getitem__(self, i: int | slice) -> Inburgeraar | list[Inburgeraar]:
        if isinstance(i, int):
            return self[i : i + 1][0]
        gekozen = list(self.ids[i])
        rijen = _met_projectie(Inburgeraar.objects.filter(pk__in=gekozen)).in_bulk()
        # A row gone since the list was cached cannot be shown (the next version lists it no more).
        return [rijen[pk] for pk in gekozen if pk in rijen]


def volgorde(medewerker: Medewerker, f: Filters, vandaag: dt.date) -> Volgorde:
    """The list in its order, as ids: the same for everybody of the gemeente with these filters and
    this order until the data change, so cached under the data version (as the counters)."""

    def ordenen() -> bytes:
        return array("q", werkvoorraad(medewerker, f, vandaag).values_list("pk", flat=True)).tobytes()

    wie = f"mij:{medewerker.pk}" if f.klantmanager == "mij" else f.klantmanager
    filters = {**f.__dict__, "klantmanager": wie, "uitgesloten": ()}
    ids: array[int] = array("q")
    ids.frombytes(versie.bewaard("werkvoorraad:volgorde", [vandaag, medewerker.gemeente_id, filters], ordenen))
    return Volgorde(ids, medewerker)


@dataclass(frozen=True)
class Samenvatting:
    """How many are on the list, and per signal how many of the list without its signal filter
    carry that signal (the counters above the list)."""

    aantal: int
    tellers: dict[str, int]


_ALLEN = "*"  # a pseudo-signal every row carries once: its count is the list's length


def samenvatting(medewerker: Medewerker, f: Filters, vandaag: dt.date) -> Samenvatting:
    """The list's length and its signal counters: one GROUP BY over the list's own query without
    the signal filter (with one, the length is that signal's counter). The same for everybody of the
    gemeente with these filters until the data change: cached under the data version."""

    def tellen() -> dict[str, int]:
        qs = werkvoorraad(medewerker, Filters(**{**f.__dict__, "uitgesloten": ("signaal",)}), vandaag)
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
    alle = dict(versie.bewaard("werkvoorraad:tellers", [vandaag, medewerker.gemeente_id, filters], tellen))
    zonder_filter = alle.pop(_ALLEN, 0)
    return Samenvatting(aantal=alle.get(f.signaal, 0) if f.signaal else zonder_filter, tellers=alle)


def per_klantmanager(medewerker: Medewerker, vandaag: dt.date) -> list[dict[str, object]]:
    """The teamleider's overview (backoffice.md): per klantmanager how many plichtigen he has, how many
    of them overschreden, and how many have a PIP deadline that is past or near (B-15 signals)."""
    urgent = Q(projectie__signalen__overlap=["pip_te_laat", "pip_deadline_nadert"])

    def tellen() -> list[dict[str, object]]:
        qs = werkvoorraad(medewerker, Filters(), vandaag).order_by()
        return list(
            qs.values("klantmanager_naam")  # type: ignore[misc]  # an annotation of werkvoorraad()
            .annotate(
                aantal=Count("id"),
                overschreden=Count("id", filter=Q(projectie__termijn_overschreden=True)),
                pip=Count("id", filter=urgent),
            )
            .order_by(F("klantmanager_naam").asc(nulls_first=True))
        )

    return versie.bewaard("werkvoorraad:per_klantmanager", [vandaag, medewerker.gemeente_id], tellen)


def klantmanagers(medewerker: Medewerker) -> QuerySet[Medewerker]:
    """The medewerkers of the gemeente a dossier can be assigned to (klantmanager, teamleider)."""
    return (
        Medewerker.objects.filter(gemeente_id=medewerker.gemeente_id, rol__in=["klantmanager", "teamleider"])
        .select_related("user")
        .order_by("user__username")
    )
