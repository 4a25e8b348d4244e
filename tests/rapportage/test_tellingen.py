"""The counting query of the tables against the rules applied person by person."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from cases.herberekening import projecties_herberekenen
from cases.models import Inburgeraar
from cases.selectors import dossiers, regelparameters, uitkomst
from rapportage.selectors import tellingen

pytestmark = pytest.mark.django_db


def test_tellingen_zijn_de_regels_per_persoon_opgeteld(tmp_path: Path) -> None:
    """On a demo population (verhuizingen, intrekkingen, every status): the one GROUP BY over the
    stored periods gives, nationally and per gemeente on several peildata, what the rules say of
    each person on that day (status: `uitkomst`; gemeente: `gemeente_op`), counted in Python."""
    pad = tmp_path / "demo.ndjson"
    call_command("demo_populatie", "--aantal", "400", "--seed", "7", "--tot-datum", "2026-01-01", "--uitvoer", str(pad))
    call_command("importeer", str(pad), "--bron", "DUO", "--fouten", str(tmp_path / "f.json"))
    personen = {p.pk: p for p in Inburgeraar.objects.all()}
    projecties_herberekenen(ids=list(personen), vandaag=dt.date(2026, 1, 1))
    per_id = dossiers(personen)
    params = regelparameters()
    for peildatum in (dt.date(2018, 1, 1), dt.date(2024, 5, 1)):
        verwacht: Counter[tuple[str | None, str, str, int, str]] = Counter()
        for pid, dossier in per_id.items():
            p = personen[pid]
            if p.datum_plicht > peildatum:
                continue
            status = uitkomst(pid, dossier, peildatum, params).status
            verwacht[(dossier.gemeente_op(peildatum), p.stelsel, p.doelgroep, p.datum_plicht.year, status)] += 1
        landelijk: Counter[tuple[str, str, int, str]] = Counter()
        for (_, *sleutel), n in verwacht.items():
            landelijk[tuple(sleutel)] += n
        gekregen: Counter[tuple[str, str, int, str]] = Counter()
        for t in tellingen(peildatum):
            gekregen[(t.stelsel, t.doelgroep, t.cohort, t.status)] += t.aantal
        assert gekregen == landelijk, peildatum
        assert len({s for *_, s in landelijk}) >= 3  # the comparison covers several statuses
        gemeenten = Counter(g for g, *_ in verwacht.elements())
        for gemeente, _ in gemeenten.most_common(3):
            per_gemeente: Counter[tuple[str, str, int, str]] = Counter()
            for t in tellingen(peildatum, gemeente=gemeente):
                per_gemeente[(t.stelsel, t.doelgroep, t.cohort, t.status)] += t.aantal
            assert per_gemeente == Counter({tuple(k[1:]): n for k, n in verwacht.items() if k[0] == gemeente}), (
                peildatum,
                gemeente,
            )
