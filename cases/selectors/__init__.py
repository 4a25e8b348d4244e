"""Read paths: the dossiers of many inburgeraars in a few queries, the rule parameters, and the
inburgeraars a user may see (scoped querysets)."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cases.domain import dossier as d
from cases.domain.berekening import Uitkomst, bereken, onberekenbaar, onberekenbare_perioden
from cases.domain.parameters import Parameter, Regelparameters
from cases.domain.status import status_perioden
from cases.models import (
    Batch,
    Feit,
    GemeentePeriode,
    Herberekening,
    Inburgeraar,
    Medewerker,
    Projectie,
    Regelparameter,
    StatusPeriode,
    detail_models,
)
from cases.regels_sql import INGETROKKEN_UIT

# Per kind: the SELECT list of the rules' values (after feit_id) from its detail table `t` (the table
# and its columns are the detail model's: `leeskolommen` checks every name against it).
_KOLOMMEN: dict[str, str] = {
    "kennisgeving": (
        "t.stelsel, t.doelgroep, t.datum_plicht, t.datum_kennisgeving, t.datum_inschrijving_gemeente, t.gemeente_id"
    ),
    "pip": "t.dagtekening, t.leerroute, t.afschalen",
    "examen": "t.datum, t.onderdeel, t.niveau, t.resultaat",
    "module": "t.onderdeel, t.datum_afgerond",
    "diploma": "t.soort_diploma, t.datum",
    "voldaan": "t.datum, ''",
    "vrijstelling": "t.datum, t.grond",
    "ontheffing": "t.datum, t.grond",
    "vervallen": "t.datum, t.reden",
    "verlenging": "t.besluitdatum, t.grond, t.maanden, t.weken, t.dagen, t.tot",
    "boete": "t.besluitdatum, t.bedrag, t.soort_boete",
    "lesuren": "t.datum, t.uren, t.keurmerk",
    "lening": "t.datum, t.bedrag_geleend",
    "aanbod": "t.datum_start, NULL::date",
    "coa_verblijf": "t.datum_van, t.datum_tot",
    "verhuizing": "t.datum, t.gemeente_id",
}


@functools.cache
def leeskolommen() -> dict[str, tuple[str, str]]:
    """Per kind the detail table (from its model) and the SELECT list the rules read; a column the
    model does not have fails here, at the first read, not as wrong values."""
    modellen = detail_models()
    uit = {}
    for soort, kolommen in _KOLOMMEN.items():
        model = modellen[soort]
        bestaand = {f.column for f in model._meta.concrete_fields}
        onbekend = set(re.findall(r"\bt\.(\w+)", kolommen)) - bestaand
        if onbekend:
            raise LookupError(f"{model._meta.db_table} heeft geen kolom {sorted(onbekend)}")
        uit[soort] = (model._meta.db_table, kolommen)
    return uit


def dossiers(inburgeraar_ids: Iterable[int]) -> dict[int, d.Dossier]:
    """The non-retracted facts (besluiten B-12) of each inburgeraar, as domain values.

    Planned by key, whatever the statistics say: `inburgeraar_id = ANY(ids)` on a register without
    statistics was planned as a parallel scan of a whole detail table (395 ms instead of 20 ms for
    500 dossiers). So the register rows of the chunk are read once with one index lookup per person,
    and each kind's detail rows with one primary-key lookup per fact (a LATERAL subquery with
    LIMIT/OFFSET is not flattened into a join, so it cannot become a scan of the table). Which facts
    are retracted is one `= ANY` over the chunk's fact ids: at worst a single pass over the (small)
    intrekking table; a lookup per fact was planned, while that table was small, as a scan per fact.
    """
    ids = list(dict.fromkeys(inburgeraar_ids))
    per_soort: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT p.id, f.id, f.soort
            FROM unnest(%s::bigint[]) AS p(id)
            CROSS JOIN LATERAL (SELECT f.id, f.soort FROM cases_feit f WHERE f.inburgeraar_id = p.id OFFSET 0) f
            ORDER BY p.id, f.id
            """,
            [_bigint_array(ids)],
        )
        feiten_van_chunk = cursor.fetchall()
        cursor.execute(
            INGETROKKEN_UIT,
            [_bigint_array(feit_id for _, feit_id, _ in feiten_van_chunk)],
        )
        ingetrokken_ids = {r[0] for r in cursor.fetchall()}
        for pid, feit_id, soort in feiten_van_chunk:
            per_soort[soort].append((pid, feit_id, feit_id in ingetrokken_ids))
        rijen: dict[str, dict[int, list[tuple[Any, ...]]]] = {}
        laatste_plicht: dict[int, dt.date] = {}
        laatste_gemeente: dict[int, str] = {}
        for soort, (tabel, kolommen) in leeskolommen().items():
            per: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
            rijen[soort] = per
            feiten = per_soort.get(soort)
            if not feiten:
                continue
            cursor.execute(
                f"""
                SELECT t.feit_id, {kolommen}
                FROM unnest(%s::bigint[]) AS k(id)
                CROSS JOIN LATERAL (SELECT * FROM {tabel} t WHERE t.feit_id = k.id LIMIT 1) t
                """,  # noqa: S608 (fixed table and column names)
                [_bigint_array(feit_id for _, feit_id, _ in feiten)],
            )
            detail = {feit_id: waarden for feit_id, *waarden in cursor.fetchall()}
            for pid, feit_id, ingetrokken in feiten:  # in the order of receipt per person
                waarden = detail.get(feit_id)
                if waarden is None:  # pragma: no cover - a fact is written with its detail row
                    continue
                if soort == "kennisgeving":
                    laatste_plicht[pid] = waarden[2]  # also of a retracted one (B-6: status_datum)
                    laatste_gemeente[pid] = waarden[5]  # idem (B-13, when no kennisgeving holds)
                if not ingetrokken:
                    per[pid].append((feit_id, *waarden))
    uit: dict[int, d.Dossier] = {}
    for pid in ids:
        if pid not in laatste_plicht:
            continue
        uit[pid] = _dossier(pid, rijen, laatste_plicht[pid], laatste_gemeente[pid])
    return uit


def _bigint_array(waarden: Iterable[int]) -> str:
    """An array of ids as one text literal for `%s::bigint[]`: the client-side cursor otherwise
    checks and quotes every element in Python (0.7 s per 20,000 dossiers, 15 % of the read)."""
    return "{" + ",".join(map(str, waarden)) + "}"


def _dossier(pid: int, rijen: dict[str, dict[int, list[tuple[Any, ...]]]], plicht: dt.date, gemeente: str) -> d.Dossier:
    def van(soort: str) -> list[tuple[Any, ...]]:
        return rijen[soort].get(pid, [])

    kg_rijen = van("kennisgeving")
    kg = None
    if kg_rijen:
        _, stelsel, doelgroep, datum_plicht, datum_kg, inschrijving, gemeente = kg_rijen[-1]
        kg = d.Kennisgeving(stelsel, doelgroep, datum_plicht, datum_kg, inschrijving, gemeente)
    return d.Dossier(
        kennisgeving=kg,
        datum_plicht=kg.datum_plicht if kg else plicht,
        pips=tuple(d.Pip(r[1], r[2], frozenset(r[3] or ()), r[0]) for r in van("pip")),
        examens=tuple(d.Examen(r[1], r[2], r[3], r[4], r[0]) for r in van("examen")),
        modules=tuple(d.Module(r[1], r[2]) for r in van("module")),
        diplomas=tuple(d.Diploma(r[1], r[2]) for r in van("diploma")),
        voldaan=tuple(d.Gebeurtenis(r[1], r[2], r[0]) for r in van("voldaan")),
        vrijstellingen=tuple(d.Gebeurtenis(r[1], r[2], r[0]) for r in van("vrijstelling")),
        ontheffingen=tuple(d.Gebeurtenis(r[1], r[2], r[0]) for r in van("ontheffing")),
        vervallen=tuple(d.Gebeurtenis(r[1], r[2], r[0]) for r in van("vervallen")),
        verlengingen=tuple(d.Verlenging(r[1], r[2], r[3], r[4], r[5], r[6], r[0]) for r in van("verlenging")),
        boetes=tuple(d.Boete(r[1], r[2], r[3], r[0]) for r in van("boete")),
        lesuren=tuple(d.Lesuren(r[1], r[2], r[3]) for r in van("lesuren")),
        leningen=tuple(d.Lening(r[1], r[2], r[0]) for r in van("lening")),
        aanbod=tuple(d.Periode(r[1], r[2]) for r in van("aanbod")),
        coa_verblijven=tuple(d.Periode(r[1], r[2]) for r in van("coa_verblijf")),
        verhuizingen=tuple(d.Verhuizing(r[1], r[2], r[0]) for r in van("verhuizing")),
        gemeente_kennisgeving=gemeente,
    )


logger = logging.getLogger(__name__)

# What the rules raise on values that dates and numbers cannot hold (a date past 9999 after adding
# a term, say): facts stored before the koppelvlak's bounds existed.
_ONBEREKENBAAR = (ArithmeticError, ValueError)


def uitkomst(pid: int, dossier: d.Dossier, peildatum: dt.date, params: Regelparameters) -> Uitkomst:
    """The rules' outcome for one dossier, surviving any stored fact: a dossier the rules cannot
    compute gets the signal `berekening_mislukt` (and operators a log line) instead of failing the
    list, the detail page or the recompute of everybody else."""
    try:
        return bereken(dossier, peildatum, params)
    except _ONBEREKENBAAR as exc:
        logger.warning("inburgeraar %s: berekening op %s mislukt (%s)", pid, peildatum, type(exc).__name__)
        return onberekenbaar(dossier, peildatum)


def statusperioden(
    pid: int, dossier: d.Dossier, params: Regelparameters
) -> list[tuple[str, str, dt.date, dt.date | None]]:
    """The status periods of one dossier; for a dossier the rules cannot compute, plichtig from
    datum_plicht on (as `uitkomst` shows it)."""
    try:
        return status_perioden(dossier, params)
    except _ONBEREKENBAAR as exc:
        logger.warning("inburgeraar %s: statusperioden mislukt (%s)", pid, type(exc).__name__)
        return onberekenbare_perioden(dossier)


def regelparameters() -> Regelparameters:
    """The versioned parameter table (besluiten B-14) as domain values."""
    rijen = []
    for r in Regelparameter.objects.all():
        waarde: int | Decimal | bool | str
        if r.soort == "getal":
            waarde = int(r.waarde)
        elif r.soort == "bedrag":
            waarde = Decimal(r.waarde)
        elif r.soort == "vlag":
            waarde = r.waarde == "ja"
        else:
            waarde = r.waarde
        rijen.append(Parameter(r.naam, waarde, r.geldig_vanaf, r.bron))
    return Regelparameters(rijen)


# --- scoped reads for the API and the back office --------------------------------------------


def in_gemeente_op(gemeente: str, peildatum: dt.date) -> Q:
    """The inburgeraars that belong to `gemeente` on the peildatum (besluiten B-13): read from the
    stored gemeente periods that the recompute derives from `Dossier.gemeente_perioden`."""
    perioden = GemeentePeriode.objects.filter(gemeente_id=gemeente, van__lte=peildatum).filter(
        Q(tot__isnull=True) | Q(tot__gt=peildatum)
    )
    return Q(pk__in=perioden.values("inburgeraar_id"))


def zichtbare_inburgeraars(gebruiker: Any) -> QuerySet[Inburgeraar]:
    """What this user may see: a token with scope `lezen` everything; a medewerker the inburgeraars
    that belong to his gemeente today if he works with persons (klantmanager, teamleider: besluiten
    B-13, backoffice.md); anybody else — a beleidsmedewerker, a beheerder — nobody."""
    from inburgering.api.auth import ApiClient

    alle = Inburgeraar.objects.all()
    if isinstance(gebruiker, ApiClient):
        return alle if "lezen" in gebruiker.scopes else alle.none()
    medewerker = None
    if getattr(gebruiker, "pk", None) is not None:
        try:
            medewerker = gebruiker.medewerker  # cached on the user (the back office set it)
        except Medewerker.DoesNotExist:
            medewerker = None
    if medewerker is None or not medewerker.werkt_met_personen:
        return alle.none()
    assert medewerker.gemeente_id is not None
    return alle.filter(in_gemeente_op(medewerker.gemeente_id, timezone.localdate()))


def inburgeraars_op(
    qs: QuerySet[Inburgeraar],
    peildatum: dt.date,
    *,
    gemeente: str | None = None,
    stelsel: str | None = None,
    doelgroep: str | None = None,
    status: str | None = None,
    cohort: int | None = None,
    signaal: str | None = None,
) -> QuerySet[Inburgeraar]:
    """Everyone with datum_plicht on or before the peildatum (koppelvlak §4), filtered on the values
    that hold on the peildatum: gemeente (the gemeente periods, B-13) and status (the status periods, B-6)."""
    qs = qs.filter(datum_plicht__lte=peildatum)
    if stelsel:
        qs = qs.filter(stelsel=stelsel)
    if doelgroep:
        qs = qs.filter(doelgroep=doelgroep)
    if cohort is not None:
        qs = qs.filter(datum_plicht__year=cohort)
    if gemeente:
        qs = qs.filter(in_gemeente_op(gemeente, peildatum))
    if status:
        perioden = StatusPeriode.objects.filter(
            inburgeraar_id=OuterRef("pk"), status=status, van__lte=peildatum
        ).filter(Q(tot__isnull=True) | Q(tot__gt=peildatum))
        qs = qs.filter(Exists(perioden))
    if signaal:
        qs = qs.filter(projectie__signalen__contains=[signaal])
    return qs


@dataclass(frozen=True)
class StandOp:
    """What the rules say of one inburgeraar on a peildatum: the stored projection when it is current,
    else the outcome computed from the facts (with the gemeente on that day, B-13)."""

    persoon: Inburgeraar
    projectie: Projectie | None = None
    gemeente: str = ""
    uitkomst: Uitkomst | None = None


def standen_op(personen: list[Inburgeraar], peildatum: dt.date, vandaag: dt.date) -> list[StandOp]:
    """Today: the stored projection where it is current; otherwise (a past peildatum, or a dossier
    with a recompute pending) the rules applied to the facts on the peildatum."""
    uit: dict[int, StandOp] = {}
    te_berekenen = list(personen)
    if peildatum == vandaag:
        wachtend = set(Herberekening.objects.filter(inburgeraar__in=personen).values_list("inburgeraar_id", flat=True))
        te_berekenen = []
        for p in personen:
            projectie = getattr(p, "projectie", None)
            if projectie is not None and projectie.berekend_op == vandaag and p.pk not in wachtend:
                uit[p.pk] = StandOp(p, projectie=projectie)
            else:
                te_berekenen.append(p)
    if te_berekenen:
        params = regelparameters()
        ds = dossiers(p.pk for p in te_berekenen)
        for p in te_berekenen:
            dossier = ds[p.pk]
            uit[p.pk] = StandOp(
                p, gemeente=dossier.gemeente_op(peildatum), uitkomst=uitkomst(p.pk, dossier, peildatum, params)
            )
    return [uit[p.pk] for p in personen]


def tijdlijn(persoon: Inburgeraar) -> list[tuple[Feit, Any]]:
    """Every fact of the person (retracted ones too) with its detail row, in order of ingangsdatum;
    one query per kind present, not one per fact."""
    feiten = list(
        Feit.objects.filter(inburgeraar=persoon).select_related("ingetrokken_door").order_by("ingangsdatum", "id")
    )
    details: dict[int, Any] = {}
    for soort, model in detail_models().items():
        ids = [f.pk for f in feiten if f.soort == soort]
        if ids:
            details.update({d.pk: d for d in model._default_manager.filter(feit_id__in=ids)})
    return [(feit, details.get(feit.pk)) for feit in feiten]


def eigen_batches(gebruiker: Any) -> QuerySet[Batch]:
    """A bron sees only its own batches (another bron's: 404); anybody else none."""
    from inburgering.api.auth import ApiClient

    if isinstance(gebruiker, ApiClient):
        return Batch.objects.filter(bron_id=gebruiker.bron)
    return Batch.objects.none()
