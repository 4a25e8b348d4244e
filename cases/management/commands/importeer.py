"""`python manage.py importeer PATH --bron DUO [--kenmerk K] [--fouten FILE] [--formaat json|ndjson]`

Imports a koppelvlak v1 delivery through the batch service. stdout holds exactly
`verwerkt: N`, `ongewijzigd: N`, `fouten: N`; the error report is always written.
Exit 0: processed (also with record errors); 1: the delivery could not be processed at
all (nothing applied); 2: usage error.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.models import Batch, Bron
from cases.services import (
    BatchKenmerkConflict,
    Levering,
    batch_aanmaken,
    batch_verwerken,
    batchkenmerk_fout,
    fouten_schrijven,
    levering_inhoud_hash,
)


class Command(BaseCommand):
    help = "Importeert een levering (JSON-envelop of NDJSON) van een bron als feiten."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pad", help="bestand .json of .ndjson, of - voor standaardinvoer")
        parser.add_argument("--bron", required=True, help="de aanleverende bron, bijv. DUO")
        parser.add_argument("--kenmerk", help="batchkenmerk: dezelfde batch wordt niet nogmaals verwerkt")
        parser.add_argument("--fouten", help="pad van het foutrapport (standaard PAD.fouten.json)")
        parser.add_argument("--formaat", choices=["json", "ndjson"], help="standaard: volgens de extensie")

    def handle(self, *args: Any, **opts: Any) -> None:
        pad: str = opts["pad"]
        formaat: str | None = opts["formaat"]
        fouten_pad: str | None = opts["fouten"]
        if pad == "-":
            if not fouten_pad or not formaat:
                raise CommandError("Bij invoer via - zijn --fouten en --formaat verplicht.", returncode=2)
        else:
            if not Path(pad).is_file():
                raise CommandError(f"Bestand '{pad}' bestaat niet.", returncode=2)
            if formaat is None:
                ext = Path(pad).suffix.lower()
                if ext not in {".json", ".ndjson"}:
                    raise CommandError(
                        f"Onbekende extensie '{ext}': gebruik .json of .ndjson, of geef --formaat.", returncode=2
                    )
                formaat = ext[1:]
            fouten_pad = fouten_pad or f"{pad}.fouten.json"
        assert formaat is not None and fouten_pad is not None
        if fout := batchkenmerk_fout(opts["kenmerk"]):
            raise CommandError(fout, returncode=2)
        bron = Bron.objects.filter(code=opts["bron"], actief=True).first()
        if bron is None:
            raise CommandError(f"Bron '{opts['bron']}' is onbekend of niet actief.", returncode=2)

        spool: str | None = None
        if pad == "-":
            # A delivery must be durable before it is applied: stdin is spooled to disk first.
            fd, spool = tempfile.mkstemp(prefix="levering-", suffix=f".{formaat}", dir=_tmpdir())
            with os.fdopen(fd, "wb") as fh:
                shutil.copyfileobj(sys.stdin.buffer, fh, 1 << 20)
            pad = spool
        try:
            self._importeer(bron, Levering(pad, formaat), opts["kenmerk"], fouten_pad)
        finally:
            if spool:
                os.unlink(spool)

    def _importeer(self, bron: Bron, levering: Levering, kenmerk: str | None, fouten_pad: str) -> None:
        actor = f"cli:{os.environ.get('USER', 'onbekend')}"
        # An unreadable delivery gets a hash of its bytes; batch_verwerken marks it mislukt, with the reason.
        inhoud_hash = levering_inhoud_hash(levering) if kenmerk is not None else ""
        try:
            batch, nieuw = batch_aanmaken(bron=bron, kenmerk=kenmerk, inhoud_hash=inhoud_hash, actor=actor)
        except BatchKenmerkConflict as exc:
            melding = (
                f"Batchkenmerk '{kenmerk}' is al gebruikt voor een levering met andere inhoud "
                f"(batch {exc.batch.id}); er is niets verwerkt."
            )
            _schrijf_json(
                fouten_pad,
                [
                    {
                        "index": None,
                        "kenmerk": kenmerk,
                        "veld": "kenmerk",
                        "code": "kenmerk_hergebruikt",
                        "melding": melding,
                    }
                ],
            )
            raise CommandError(melding, returncode=1) from exc
        if not nieuw and batch.status == "verwerkt":
            self.stderr.write(
                f"Batch '{kenmerk}' is al verwerkt op {batch.klaar_op:%Y-%m-%d %H:%M}; niets opnieuw gedaan."
            )
        else:
            batch = batch_verwerken(batch=batch, levering=levering, actor=actor, voortgang=self._voortgang())
        if batch.status == "mislukt":
            self._mislukt(batch, fouten_pad)
        with open(fouten_pad, "w", encoding="utf-8") as fh:
            fouten_schrijven(batch=batch, uit=fh)
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        self.stdout.write(f"verwerkt: {batch.aantal_verwerkt}")
        self.stdout.write(f"ongewijzigd: {batch.aantal_ongewijzigd}")
        self.stdout.write(f"fouten: {batch.aantal_fouten}")

    def _mislukt(self, batch: Batch, fouten_pad: str) -> None:
        with open(fouten_pad, "w", encoding="utf-8") as fh:
            fouten_schrijven(batch=batch, uit=fh)
        raise CommandError(batch.melding, returncode=1)

    def _voortgang(self) -> Any:
        if not sys.stderr.isatty():
            return None

        def toon(aantal: int) -> None:
            sys.stderr.write(f"\r{aantal:>12,} records verwerkt".replace(",", "."))
            sys.stderr.flush()

        return toon


def _tmpdir() -> str:
    pad = Path(settings.DATA_DIR) / "leveringen"
    pad.mkdir(parents=True, exist_ok=True)
    return str(pad)


def _schrijf_json(pad: str, fouten: list[dict[str, Any]]) -> None:
    import json

    with open(pad, "w", encoding="utf-8") as fh:
        json.dump(fouten, fh, ensure_ascii=False, indent=2)
