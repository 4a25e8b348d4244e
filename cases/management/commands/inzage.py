"""`python manage.py inzage < bsn.txt` (AVG art. 15, backoffice.md): everything the system holds about
one person as JSON on stdout — persoon, feiten, afgeleid, verwerkingen. The processings name when,
what, for which purpose, the gemeente and the role, never the medewerker."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from cases.domain.controles import bsn_geldig
from cases.models import Inburgeraar, Verwerking
from cases.selectors import dossiers, regelparameters, tijdlijn, uitkomst
from cases.services.logboek import pseudoniem

AFGELEID = (
    "status", "status_datum", "ontheffing_grond", "termijn_start", "termijn_einde", "termijn_overschreden",
    "verwijtbaar", "boete_mogelijk", "boete_bedrag", "agi_mogelijk", "elip", "pip_deadline", "leerroute",
)  # fmt: skip


def _tekst(waarde: Any) -> Any:
    if waarde is None or isinstance(waarde, bool | int | str | list):
        return waarde
    return str(waarde)


class Command(BaseCommand):
    help = "Inzage (AVG art. 15): leest één BSN van stdin en schrijft alle gegevens van die persoon als JSON."

    def handle(self, *args: Any, **opts: Any) -> None:
        bsn = sys.stdin.readline().strip()
        if not bsn_geldig(bsn):
            raise CommandError("Geef op stdin één BSN: 9 cijfers die aan de elfproef voldoen.", returncode=2)
        persoon = Inburgeraar.objects.filter(bsn=bsn).first()
        verwerkingen = Verwerking.objects.filter(bsn_pseudoniem=pseudoniem(bsn))
        if persoon is not None:
            verwerkingen = Verwerking.objects.filter(Q(inburgeraar=persoon) | Q(bsn_pseudoniem=pseudoniem(bsn)))
        uit: dict[str, Any] = {"persoon": None, "feiten": [], "afgeleid": None}
        if persoon is not None:
            uit["persoon"] = {
                "id": str(persoon.uuid),
                "bsn": persoon.bsn,
                "achternaam": persoon.achternaam,
                "voornamen": persoon.voornamen,
                "geboortedatum": persoon.geboortedatum.isoformat(),
                "nationaliteit": persoon.nationaliteit,
                "gemeente": persoon.gemeente_id,
                "stelsel": persoon.stelsel,
                "doelgroep": persoon.doelgroep,
                "datum_plicht": persoon.datum_plicht.isoformat(),
            }
            for feit, detail in tijdlijn(persoon):
                inhoud = {}
                if detail is not None:
                    inhoud = {
                        f.name: _tekst(getattr(detail, f.attname))
                        for f in detail._meta.concrete_fields
                        if f.name != "feit"
                    }
                uit["feiten"].append(
                    {
                        "soort": feit.soort,
                        "bron": feit.bron_id,
                        "kenmerk": feit.kenmerk,
                        "ingangsdatum": feit.ingangsdatum.isoformat(),
                        "ontvangen_op": feit.ontvangen_op.isoformat(),
                        "ingetrokken": hasattr(feit, "ingetrokken_door"),
                        "inhoud": inhoud,
                    }
                )
            vandaag = timezone.localdate()
            u = uitkomst(persoon.pk, dossiers([persoon.pk])[persoon.pk], vandaag, regelparameters())
            uit["afgeleid"] = {
                "peildatum": vandaag.isoformat(),
                **{k: _tekst(getattr(u, k)) for k in AFGELEID},
                "signalen": list(u.signalen),
                "uitleg": u.uitleg,
            }
        uit["verwerkingen"] = [
            {
                "tijdstip": v.tijdstip.isoformat(),
                "handeling": v.handeling,
                "verwerkingsactiviteit": v.verwerkingsactiviteit,
                "gemeente": v.gemeente,
                "rol": v.rol,
            }
            for v in verwerkingen.order_by("tijdstip", "id")
        ]
        if persoon is None and not uit["verwerkingen"]:
            raise CommandError("Over dit BSN zijn geen gegevens vastgelegd.", returncode=1)
        self.stdout.write(json.dumps(uit, ensure_ascii=False, indent=2))
