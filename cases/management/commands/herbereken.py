"""`python manage.py herbereken [--alles]`: recompute the stale projections (the queue), or all."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cases.herberekening import alles_herberekenen, herberekeningen_verwerken


class Command(BaseCommand):
    help = "Herberekent de projecties van dossiers met nieuwe feiten (of met --alles: van iedereen)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--alles", action="store_true", help="alle dossiers herberekenen")

    def handle(self, *args: Any, **opts: Any) -> None:
        aantal = alles_herberekenen() if opts["alles"] else herberekeningen_verwerken()
        self.stdout.write(f"herberekend: {aantal}")
