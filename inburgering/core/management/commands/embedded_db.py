"""Start or stop the embedded PostgreSQL (only used without DATABASE_URL)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from inburgering.core.embedded_db import stop_embedded_database


class Command(BaseCommand):
    help = "Stopt de ingebouwde PostgreSQL-server onder .data/ (starten gaat vanzelf)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("actie", choices=["stop", "status"])

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DATABASE_URL:
            self.stdout.write("DATABASE_URL is gezet: de ingebouwde database wordt niet gebruikt.")
            return
        if options["actie"] == "status":
            self.stdout.write(f"Ingebouwde database draait, socket in {settings.DATABASES['default']['HOST']}")
            return
        # Loading the settings started it; stop it again.
        stop_embedded_database(settings.DATA_DIR)
        self.stdout.write("Ingebouwde database gestopt.")
