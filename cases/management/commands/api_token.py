"""`python manage.py api_token --bron DUO [--scope aanleveren] [--scope lezen]`: prints a new token
as the last line of stdout (default scope: aanleveren)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.models import Bron
from inburgering.core.models import SCOPES
from inburgering.core.services import api_token_aanmaken


class Command(BaseCommand):
    help = "Maakt een API-token voor een bron aan en drukt het af (laatste regel)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bron", required=True)
        parser.add_argument("--scope", action="append", choices=SCOPES, help="aanleveren (standaard) en/of lezen")
        parser.add_argument("--naam", default="")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not Bron.objects.filter(code=opts["bron"]).exists():
            raise CommandError(f"Bron '{opts['bron']}' bestaat niet.", returncode=2)
        token, sleutel = api_token_aanmaken(
            bron=opts["bron"], scopes=opts["scope"] or ["aanleveren"], naam=opts["naam"], actor="cli"
        )
        self.stdout.write(
            f"Token voor {token.bron_id} met scope {', '.join(token.scopes)} (wordt niet opnieuw getoond):"
        )
        self.stdout.write(sleutel)
