"""`python manage.py demo_populatie --aantal N --seed S --tot-datum D (--uitvoer FILE | --importeer)
[--uitkomsten FILE]`

Generates N synthetic inburgeraars (cases/demo/) as koppelvlak v1 records: written to FILE (.ndjson, one
record a line, or .json, the batch envelope ``{"kenmerk": "DEMO-<seed>-<N>", "records": [...]}``), or imported
through ``importeer``. Streams: memory does not grow with N. ``--uitkomsten`` writes the status each person was
meant to have on D (csv: bsn,stelsel,doelgroep,cohort,status,status_datum).

Afterwards it prints the tally per stelsel × cohort × status next to the model's expected shares (and, on the
reference peildatum 2024-05-01, next to the published tables) and exits 1 when N >= 5000 and a cohort of at
least 200 persons is off by more than the tolerance.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any, BinaryIO

import msgspec
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases import demo

# From this size on a tally outside the tolerance is an error (below it, chance dominates).
MIN_AANTAL_TOETS = 5000


def _datum(waarde: str) -> dt.date:
    try:
        return dt.date.fromisoformat(waarde)
    except ValueError as exc:
        raise CommandError(f"Ongeldige datum '{waarde}': gebruik JJJJ-MM-DD.") from exc


class Command(BaseCommand):
    help = "Genereert een synthetische populatie inburgeraars als koppelvlak-v1-records (demo en belastingtests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--aantal", type=int, required=True, help="aantal inburgeraars (0 .. 1.000.000)")
        parser.add_argument("--seed", type=int, default=1, help="zelfde aantal, seed en datum: dezelfde bytes")
        parser.add_argument(
            "--tot-datum", type=_datum, required=True, help="peildatum JJJJ-MM-DD: geen feit ligt later"
        )
        doel = parser.add_mutually_exclusive_group(required=True)
        doel.add_argument("--uitvoer", help="bestand .ndjson of .json")
        doel.add_argument("--importeer", action="store_true", help="direct importeren als bron DUO")
        parser.add_argument("--uitkomsten", help="csv met de bedoelde status per persoon op de peildatum")

    def handle(self, *args: Any, **opts: Any) -> None:
        aantal: int = opts["aantal"]
        seed: int = opts["seed"]
        tot_datum: dt.date = opts["tot_datum"]
        if not 0 <= aantal <= 1_000_000:
            raise CommandError("--aantal moet tussen 0 en 1.000.000 liggen (het synthetische BSN-bereik).")
        if tot_datum < dt.date(2013, 1, 1):
            raise CommandError("--tot-datum ligt vóór 2013-01-01; de Wi2013-plicht begint op die dag.")

        if opts["importeer"]:
            with tempfile.TemporaryDirectory(prefix="demo-populatie-") as tmp:
                pad = Path(tmp) / f"{demo.batchkenmerk(seed, aantal)}.ndjson"
                telling = self._genereer(aantal, seed, tot_datum, pad, "ndjson", opts["uitkomsten"], tijdelijk=True)
                self._importeer(pad, Path(tmp) / "fouten.json")
        else:
            pad = Path(opts["uitvoer"])
            formaat = pad.suffix.lower().lstrip(".")
            if formaat not in ("ndjson", "json"):
                raise CommandError(f"Onbekende extensie '{pad.suffix}': gebruik .ndjson of .json.")
            telling = self._genereer(aantal, seed, tot_datum, pad, formaat, opts["uitkomsten"])
        self._verslag(telling, aantal)

    def _genereer(
        self,
        aantal: int,
        seed: int,
        tot_datum: dt.date,
        pad: Path,
        formaat: str,
        uitkomsten: str | None,
        tijdelijk: bool = False,
    ) -> demo.Telling:
        begin = time.monotonic()  # for the report only; generation never reads the clock
        telling = demo.Telling(tot_datum)
        encoder = msgspec.json.Encoder()
        with ExitStack() as stack:
            uit: BinaryIO = stack.enter_context(pad.open("wb", buffering=1 << 20))
            schrijver = demo.RecordSchrijver(uit, formaat, demo.batchkenmerk(seed, aantal), encode=encoder.encode)
            rijen = None
            if uitkomsten:
                csv_uit = stack.enter_context(open(uitkomsten, "w", encoding="utf-8", newline=""))
                rijen = csv.writer(csv_uit, lineterminator="\n")
                rijen.writerow(demo.UITKOMST_KOLOMMEN)
            for persoon in demo.genereer(aantal, seed, tot_datum):
                schrijver.schrijf(persoon.records)
                if rijen is not None:
                    rijen.writerow(persoon.uitkomst.csv_rij())
                telling.tel(persoon)
            schrijver.sluit()
        duur = time.monotonic() - begin
        self.stdout.write(
            f"gegenereerd: {aantal} inburgeraars, {schrijver.aantal} records in {duur:.1f} s"
            + ("" if tijdelijk else f" naar {pad}")
        )
        return telling

    def _importeer(self, pad: Path, fouten: Path) -> None:
        uit, err = io.StringIO(), io.StringIO()
        try:
            call_command(
                "importeer", str(pad), "--bron", "DUO", "--formaat", "ndjson", "--fouten", str(fouten),
                stdout=uit, stderr=err,
            )  # fmt: skip
        finally:
            for regel in uit.getvalue().splitlines():
                self.stdout.write(regel)
            for regel in err.getvalue().splitlines():
                self.stderr.write(regel)
        if fouten.exists() and fouten.stat().st_size > 2:
            # The temporary directory goes away: show the start of the error report.
            with fouten.open(encoding="utf-8") as f:
                begin = f.read(4000)
            if begin.strip() not in ("", "[]"):
                self.stderr.write("Begin van het foutrapport:\n" + begin)

    def _verslag(self, telling: demo.Telling, aantal: int) -> None:
        if telling.personen == 0:
            return
        self.stdout.write("")
        self.stdout.write(f"Telling op {telling.tot_datum} per stelsel × cohort: waargenomen% (verwacht%)")
        for regel in telling.tabel():
            self.stdout.write(regel)
        referentie = telling.referentie()
        if referentie:
            self.stdout.write("")
            self.stdout.write("Vergelijking met de gepubliceerde cijfers: waargenomen% (gepubliceerd%)")
            for regel in referentie:
                self.stdout.write(regel)
        afwijkingen = telling.afwijkingen()
        self.stdout.write("")
        if not afwijkingen:
            self.stdout.write(
                f"Alle cohorten (≥ {demo.MIN_GROEP} personen) binnen de tolerantie "
                "(2 procentpunt, ruimer voor kleine cohorten)."
            )
            return
        for v in afwijkingen:
            self.stdout.write(
                f"AFWIJKING {v.stelsel} {v.cohort} {v.status}: {100 * v.waargenomen:.1f}% tegen "
                f"{100 * v.verwacht:.1f}% verwacht (tolerantie {100 * v.tolerantie:.1f} procentpunt)"
            )
        if aantal >= MIN_AANTAL_TOETS:
            raise CommandError(f"{len(afwijkingen)} cel(len) buiten de tolerantie.")
