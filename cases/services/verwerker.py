"""The record processor: decides a delivery's records in order, chunk by chunk, against the state
before them (koppelvlak §2–§3), and has them written — a two-stage pipeline with a redo in parts
for a chunk that fails."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import psycopg
from django.db import connection
from django.utils import timezone

from cases import koppelvlak as kv
from cases.domain import controles
from cases.domain.controles import Doel, Persoon
from cases.domain.limieten import Limieten
from cases.koppelvlak import Fout
from cases.models import Batch, Gemeente
from cases.selectors import regelparameters
from cases.services.fouten import NIET_OPGESLAGEN, RECORDFOUTEN, beschrijving
from cases.services.levering import kenmerk_van
from cases.services.schrijven import Chunk, detail_rij, schrijf
from cases.services.staat import TELLENDE_GRONDEN, Bekend, PersoonStaat, Staat, laad

logger = logging.getLogger(__name__)


class Verwerker:
    def __init__(self, *, batch: Batch, vandaag: dt.date) -> None:
        self.batch = batch
        self.batch_pk = batch.pk
        self.bron = batch.bron_id
        self.vandaag = vandaag
        self.ontvangen_op = timezone.now()
        # besluiten B-14: the limits valid on the day of receipt, from the parameter table.
        self.limieten = Limieten.uit(regelparameters(), vandaag)
        self.gemeenten = controles.gemeenten_in_gebruik(Gemeente.objects.values_list("code", "geldig_tot"), vandaag)

    def _laad(self, lezer: psycopg.Connection[Any], gelezen: list[tuple[int, kv.Gelezen]], over: Staat | None) -> Staat:
        """What the chunk's decisions need (staat.laad)."""
        return laad(lezer, gelezen, over, bron=self.bron, limieten=self.limieten)

    # -- deciding, record by record, in order --------------------------------------------------

    def verwerk(self, chunks: Iterator[list[tuple[int, bytes]]], voortgang: Callable[[int], None] | None) -> int:
        """Decide and write chunk after chunk; returns the number of records of the delivery.

        A two-stage pipeline: while a background thread writes chunk n on the batch's
        connection (COPY, projection, counters, commit), this thread decodes chunk n+1,
        reads the state it needs on a second connection and decides it. That state is read
        before chunk n is committed; the state objects chunk n read or changed are laid
        over it, so every decision sees all records before it (koppelvlak §2). Inside a
        caller's transaction (tests) the reads share its connection and wait for the writer.
        """
        connection.ensure_connection()
        pg = connection.connection
        eigen_lezer = not connection.in_atomic_block
        lezer = connection.get_new_connection(connection.get_connection_params()) if eigen_lezer else pg
        try:
            return self._verwerk(pg, lezer, eigen_lezer, chunks, voortgang)
        finally:
            if eigen_lezer:
                lezer.close()

    def _verwerk(
        self,
        pg: psycopg.Connection[Any],
        lezer: psycopg.Connection[Any],
        eigen_lezer: bool,
        chunks: Iterator[list[tuple[int, bytes]]],
        voortgang: Callable[[int], None] | None,
    ) -> int:
        if eigen_lezer:
            lezer.autocommit = True
            # This connection only looks up the keys of one chunk. Index lookups per key are always
            # right for that, also while a large import makes the table statistics lag behind (a
            # table the planner believes tiny is scanned instead); and compiling (JIT) such short
            # queries costs more than it saves.
            for instelling in ("jit", "enable_seqscan"):
                lezer.execute(f"SET {instelling} = off")
        totaal = self.batch.verwerkt_tot
        vorige_staat: Staat | None = None
        bezig: tuple[Future[int], list[tuple[int, bytes]]] | None = None

        def klaar() -> list[tuple[int, bytes]] | None:
            """Wait until the chunk in flight is committed; the chunk's records if its write failed."""
            nonlocal bezig
            if bezig is None:
                return None
            (lopend, regels), bezig = bezig, None
            try:
                tot = lopend.result()
            except RECORDFOUTEN as exc:
                self._opnieuw_in_delen(regels, "niet geschreven", exc)
                return regels
            if voortgang:
                voortgang(tot)
            return None

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-schrijver") as schrijver:
            try:
                for regels in chunks:
                    totaal = regels[-1][0] + 1
                    if not eigen_lezer and (mislukt := klaar()) is not None:
                        self._zorgvuldig(pg, lezer, mislukt, voortgang)
                        vorige_staat = None
                    uit: Chunk | None
                    try:
                        gelezen = [(index, kv.lees_record(regel)) for index, regel in regels]
                        staat = self._laad(lezer, gelezen, vorige_staat)
                        uit = self._beslis_chunk(gelezen, staat)
                    except RECORDFOUTEN as exc:
                        self._opnieuw_in_delen(regels, "niet te beslissen", exc)
                        uit = None
                    # Also: chunk n-1 is committed before chunk n+1 reads its state.
                    if (mislukt := klaar()) is not None:
                        self._zorgvuldig(pg, lezer, mislukt, voortgang)
                        uit = None  # decided on the state of a chunk that was not written: decide again
                    if uit is None:
                        self._zorgvuldig(pg, lezer, regels, voortgang)
                        vorige_staat = None
                        continue
                    uit.tot = totaal
                    bezig = (schrijver.submit(self._schrijf, pg, uit), regels)
                    vorige_staat = staat
                if (mislukt := klaar()) is not None:
                    self._zorgvuldig(pg, lezer, mislukt, voortgang)
            finally:
                if bezig is not None:  # an error in this thread: let the write in flight end first
                    fout = bezig[0].exception()
                    if fout is not None:
                        logger.error("batch %s: ook het schrijven faalde (%s)", self.batch_pk, beschrijving(fout))
        return totaal

    def _opnieuw_in_delen(self, regels: list[tuple[int, bytes]], wat: str, exc: BaseException) -> None:
        logger.warning(
            "batch %s: chunk vanaf record %s %s (%s); opnieuw in delen",
            self.batch_pk,
            regels[0][0],
            wat,
            beschrijving(exc),
        )

    def _zorgvuldig(
        self,
        pg: psycopg.Connection[Any],
        lezer: psycopg.Connection[Any],
        regels: list[tuple[int, bytes]],
        voortgang: Callable[[int], None] | None,
    ) -> None:
        """Apply a chunk whose decision or write failed, in parts, one after the other: each part is
        decided on the state committed before it and written in its own transaction; a part that
        fails is halved, and a single record that still fails becomes that record's error. The
        records around it are applied; nothing is half-done (each part commits whole or not at all).
        k bad records among n cost about 2k·log2(n) parts: however many there are, each is reported
        and the batch goes on (an error that is not about a record stops the batch instead)."""
        delen = [regels]
        while delen:
            deel = delen.pop()
            try:
                gelezen = [(index, kv.lees_record(regel)) for index, regel in deel]
                uit = self._beslis_chunk(gelezen, self._laad(lezer, gelezen, None))
                uit.tot = deel[-1][0] + 1
                self._schrijf(pg, uit)
            except RECORDFOUTEN as exc:
                if len(deel) > 1:
                    midden = len(deel) // 2
                    delen += [deel[midden:], deel[:midden]]  # the first half next
                    continue
                index, regel = deel[0]
                logger.warning("batch %s: record %s niet op te slaan (%s)", self.batch_pk, index, beschrijving(exc))
                self._schrijf_niet_opgeslagen(pg, index, kenmerk_van(regel))
            if voortgang:
                voortgang(deel[-1][0] + 1)

    def _schrijf_niet_opgeslagen(self, pg: psycopg.Connection[Any], index: int, kenmerk: str | None) -> None:
        """Report one record that could not be stored, and move the progress marker past it."""
        melding = (
            "Dit record kon niet worden opgeslagen door een onverwachte fout; er is niets van vastgelegd. "
            "De andere records van de batch zijn wel verwerkt. Meld het aan de beheerder, met batch en index."
        )
        uit = Chunk(tot=index + 1, met_fout=1)
        uit.fouten.append((self.batch_pk, index, kenmerk, None, NIET_OPGESLAGEN, melding))
        self._schrijf(pg, uit)

    def _beslis_chunk(self, gelezen: list[tuple[int, kv.Gelezen]], staat: Staat) -> Chunk:
        uit = Chunk()
        for index, g in gelezen:
            fouten = self._beslis(index, g, staat, uit)
            if fouten:
                uit.met_fout += 1
                for fout in fouten:
                    uit.fouten.append((self.batch_pk, index, g.kenmerk, fout.veld, fout.code, fout.melding))
        return uit

    def _beslis(self, index: int, g: kv.Gelezen, st: Staat, uit: Chunk) -> tuple[Fout, ...] | list[Fout]:
        if g.record is None:
            return g.fouten
        bekend, per_bsn, per_id = st.bekend, st.per_bsn, st.per_id
        record = g.record
        soort = kv.soort_van(record)
        h = kv.inhoud_hash(record)
        eerder = bekend.get(record.kenmerk)
        if eerder is not None:  # besluiten B-11
            herhaald = controles.herhaling(record.kenmerk, soort, h, eerder.soort, eerder.inhoud_hash)
            if not herhaald:
                uit.ongewijzigd += 1
            return herhaald
        fouten = controles.controleer_zonder_context(record, self.vandaag, self.limieten)
        staat: PersoonStaat | None = None
        doel: Bekend | None = None
        if isinstance(record, kv.Intrekking):
            doel = bekend.get(record.kenmerk_ingetrokken)
            fouten += controles.controleer_intrekking(
                record, Doel(doel.soort, doel.ingetrokken) if doel is not None else None
            )
        elif isinstance(record, kv.Kennisgeving):
            fouten += controles.controleer_gemeente(record.gemeente, self.gemeenten)
            staat = per_bsn.get(record.bsn)
            fouten += controles.controleer_nieuwe_kennisgeving(staat.persoon if staat is not None else None)
        else:
            assert isinstance(record, kv.PersoonRecord)
            if isinstance(record, kv.Verhuizing):
                fouten += controles.controleer_gemeente(record.gemeente, self.gemeenten)
            if controles.bsn_geldig(record.bsn):
                staat = per_bsn.get(record.bsn)
                if staat is None:
                    fouten.append(controles.ONBEKENDE_BSN)
                else:
                    fouten += controles.controleer_met_persoon(record, staat.persoon, self.limieten)
        if fouten:
            return fouten

        # Accepted: remember it for the records after it, and queue the rows.
        feit_id = next(st.feit_ids)
        if isinstance(record, kv.Kennisgeving):
            if staat is None:
                staat = PersoonStaat(
                    next(st.persoon_ids),
                    record.bsn,
                    Persoon(record.stelsel, record.doelgroep, record.datum_plicht, True),
                    nieuw=True,
                    verlengingen_geladen=True,
                )
                per_bsn[record.bsn] = staat
                per_id[staat.id] = staat
                uit.nieuwe_personen.append(
                    (
                        staat.id,
                        record.bsn,
                        record.achternaam,
                        record.voornamen,
                        record.geboortedatum,
                        record.nationaliteit or "",
                        record.stelsel,
                        record.doelgroep,
                        record.datum_plicht,
                        record.gemeente,
                        self.ontvangen_op,
                    )
                )
            else:  # reopening after every earlier kennisgeving was retracted (B-12)
                staat.persoon = Persoon(
                    record.stelsel, record.doelgroep, record.datum_plicht, True, staat.persoon.verlengingen
                )
                uit.projectie.add(staat.id)
                uit.heropend.add(staat.id)
            inburgeraar_id = staat.id
        elif isinstance(record, kv.Intrekking):
            assert doel is not None
            doel.ingetrokken = True
            inburgeraar_id = doel.inburgeraar_id
            doel_staat = per_id.get(inburgeraar_id)
            if doel_staat is not None:
                doel_staat.persoon.verlengingen.pop(record.kenmerk_ingetrokken, None)
                if doel.soort == "kennisgeving":
                    doel_staat.persoon.geldige_kennisgeving = False
            if doel.soort == "kennisgeving":
                uit.projectie.add(inburgeraar_id)
        else:
            assert staat is not None
            inburgeraar_id = staat.id
            if isinstance(record, kv.Verlenging) and record.grond in TELLENDE_GRONDEN:
                staat.persoon.verlengingen[record.kenmerk] = (
                    record.grond,
                    controles.verlenging_dagen(record, self.limieten) or 0,
                )
        bekend[record.kenmerk] = Bekend(feit_id, soort, h, inburgeraar_id, False)
        uit.feiten.append(
            (
                feit_id,
                self.bron,
                record.kenmerk,
                soort,
                inburgeraar_id,
                kv.ingangsdatum(record),
                h,
                self.batch_pk,
                index,
                self.ontvangen_op,
            )
        )
        uit.details.setdefault(soort, []).append(detail_rij(feit_id, soort, record, doel))
        uit.verwerkt += 1
        return ()

    def _schrijf(self, pg: psycopg.Connection[Any], uit: Chunk) -> int:
        """One chunk in one transaction (schrijven.schrijf)."""
        return schrijf(pg, uit, batch_pk=self.batch_pk)
