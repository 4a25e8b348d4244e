"""The counts the tables are made of: one GROUP BY over the stored periods on the peildatum.

Who had which status on the peildatum comes from the status periods (besluiten B-6), where he
belonged from the gemeente periods (B-13): both written by the recompute from the domain, so no
rule is computed again here. The table functions (`rapportage.domain`) turn these counts into
columns and percentages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from cases.models import GemeentePeriode, StatusPeriode


@dataclass(frozen=True, slots=True)
class Telling:
    """How many inburgeraars of one stelsel, doelgroep and cohort (B-10: the year of datum_plicht)
    had one status (with its grond) on the peildatum."""

    stelsel: str
    doelgroep: str
    cohort: int
    status: str
    grond: str
    aantal: int


def tellingen(peildatum: dt.date, *, gemeente: str | None = None) -> list[Telling]:
    """Every inburgeraar with datum_plicht on or before the peildatum, counted by stelsel, doelgroep,
    cohort, status and grond on that day — for the whole country, or for those who belonged to
    `gemeente` on that day."""
    perioden = StatusPeriode.objects.filter(
        Q(tot__isnull=True) | Q(tot__gt=peildatum),
        van__lte=peildatum,
        inburgeraar__datum_plicht__lte=peildatum,
    )
    if gemeente is not None:
        in_gemeente = GemeentePeriode.objects.filter(
            Q(tot__isnull=True) | Q(tot__gt=peildatum), gemeente_id=gemeente, van__lte=peildatum
        )
        perioden = perioden.filter(inburgeraar_id__in=in_gemeente.values("inburgeraar_id"))
    rijen = (
        perioden.values("inburgeraar__stelsel", "inburgeraar__doelgroep", "status", "grond")
        .annotate(cohort=ExtractYear("inburgeraar__datum_plicht"), aantal=Count("id"))
        .order_by("inburgeraar__stelsel", "cohort", "inburgeraar__doelgroep", "status", "grond")
    )
    return [
        Telling(
            r["inburgeraar__stelsel"], r["inburgeraar__doelgroep"], r["cohort"], r["status"], r["grond"], r["aantal"]
        )
        for r in rijen
    ]
