"""`database aanmaken`: create the configured database when it does not exist yet;
`database stop`: stop the embedded PostgreSQL (only used without DATABASE_URL)."""

from __future__ import annotations

import contextlib
from typing import Any

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from psycopg import sql

from inburgering.core.embedded_db import stop_embedded_database


class Command(BaseCommand):
    help = "Maakt de geconfigureerde database aan als die nog niet bestaat, of stopt de ingebouwde database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("actie", choices=["aanmaken", "stop"])

    def handle(self, *args: Any, **options: Any) -> None:
        db = settings.DATABASES["default"]
        if options["actie"] == "stop":
            if settings.DATABASE_URL:
                self.stdout.write("DATABASE_URL is gezet: er is geen ingebouwde database om te stoppen.")
            elif stop_embedded_database(settings.DATA_DIR):
                self.stdout.write("Ingebouwde database gestopt.")
            return
        params = {
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
        }
        with contextlib.closing(psycopg.connect(dbname="postgres", autocommit=True, **params)) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db["NAME"],)).fetchone():
                return
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
        self.stdout.write(f"Database {db['NAME']} aangemaakt.")
