"""A small demo population with medewerkers of two gemeenten, for the back-office tests."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cases.domain.dossier import Dossier
from cases.herberekening import projecties_herberekenen
from cases.models import Gemeente, Inburgeraar, Medewerker
from cases.selectors import dossiers

WACHTWOORD = "een-lang-demo-wachtwoord-2026"


@dataclass
class Bevolking:
    gemeente_a: str
    gemeente_b: str
    dossiers: dict[int, Dossier]
    personen: dict[int, Inburgeraar]
    medewerkers: dict[str, Medewerker]

    def van(self, gemeente: str) -> set[int]:
        """Who belongs to the gemeente today (the domain's B-13), with datum_plicht on or before today."""
        vandaag = timezone.localdate()
        return {
            pid
            for pid, d in self.dossiers.items()
            if d.gemeente_op(vandaag) == gemeente and self.personen[pid].datum_plicht <= vandaag
        }

    def client(self, wie: str) -> Client:
        client = Client()
        if wie != "anoniem":
            client.force_login(self.medewerkers[wie].user)
        return client


def bevolking_maken(tmp_path: Path, aantal: int = 400, seed: int = 5) -> Bevolking:
    vandaag = timezone.localdate()
    pad = tmp_path / "demo.ndjson"
    call_command(
        "demo_populatie", "--aantal", str(aantal), "--seed", str(seed), "--tot-datum", vandaag.isoformat(),
        "--uitvoer", str(pad),
    )  # fmt: skip
    call_command("importeer", str(pad), "--bron", "DUO", "--fouten", str(tmp_path / "f.json"))
    personen = {p.pk: p for p in Inburgeraar.objects.all()}
    projecties_herberekenen(ids=list(personen), vandaag=vandaag)
    per_id = dossiers(personen)
    telling = Counter(d.gemeente_op(vandaag) for d in per_id.values())
    (a, _), (b, _) = telling.most_common(2)
    User = get_user_model()
    medewerkers = {}
    for naam, rol, gemeente in (
        ("km_a", "klantmanager", a),
        ("km_a2", "klantmanager", a),
        ("tl_a", "teamleider", a),
        ("km_b", "klantmanager", b),
        ("beleid", "beleidsmedewerker", None),
        ("beheer", "beheerder", None),
    ):
        user = User.objects.create_user(username=naam, password=WACHTWOORD)
        medewerkers[naam] = Medewerker.objects.create(
            user=user, rol=rol, gemeente=Gemeente.objects.get(code=gemeente) if gemeente else None
        )
    return Bevolking(a, b, per_id, {p.pk: Inburgeraar.objects.get(pk=p.pk) for p in personen.values()}, medewerkers)


@pytest.fixture
def bevolking(db: None, tmp_path: Path) -> Bevolking:
    return bevolking_maken(tmp_path)
