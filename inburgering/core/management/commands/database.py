"""`database aanmaken`: create the configured database when it does not exist yet;
`database stop`: stop the embedded PostgreSQL (only used without DATABASE_URL)."""

from __future__ import annotations

import contextlib
from typing import Any

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from psycopg import sql
from psycopg.conninfo import make_conninfo

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
        velden: dict[str, Any] = dict(db)
        delen = {
            k: str(velden[v])
            for k, v in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))
        }
        conninfo = make_conninfo(dbname="postgres", **{k: w for k, w in delen.items() if w and w != "None"})
        naam = str(velden["NAME"])
        with contextlib.closing(psycopg.connect(conninfo, autocommit=True)) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (naam,)).fetchone():
                return
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))
        self.stdout.write(f"Database {naam} aangemaakt.")
