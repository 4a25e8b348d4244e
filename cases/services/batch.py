"""The batch lifecycle: registering a delivery (koppelvlak §1), applying it under the bron's lock
in order of receipt, giving it up when it cannot be finished, and its error report."""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import msgspec
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from cases import statistieken
from cases.constants import BatchStatus
from cases.models import Batch, Bron
from cases.services.fouten import NIET_OPGESLAGEN, beschrijving, tijdelijk, zonder_inhoud
from cases.services.levering import (
    LEEG,
    BatchOnleesbaar,
    Levering,
    inhoud_hash_aanvullen,
    kenmerk_van,
    levering_hash,
    levering_inhoud_hash,
)
from cases.services.verwerker import Verwerker
from inburgering.core.taken import na_commit_inplannen

logger = logging.getLogger(__name__)


CHUNK = 5_000


class BatchKenmerkConflict(Exception):
    """The batch kenmerk was used before by this bron for other content (koppelvlak §1)."""

    def __init__(self, batch: Batch) -> None:
        super().__init__(f"batch {batch.id}")
        self.batch = batch


@contextmanager
def bron_slot(bron: str) -> Iterator[None]:
    """Hold the per-bron lock: deliveries of one bron are applied one at a time."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", [f"inburgering.batch.{bron}"])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", [f"inburgering.batch.{bron}"])


def batch_aanmaken(
    *,
    bron: Bron,
    kenmerk: str | None,
    inhoud_hash: str,
    actor: str,
    ruwe_hash: str = "",
    levering: Levering | None = None,
) -> tuple[Batch, bool]:
    """Register a delivery. With a batch kenmerk, the same content returns the existing
    batch (`False`); other content raises BatchKenmerkConflict (koppelvlak §1).

    `inhoud_hash` may be empty for a stored delivery (`levering`): the typed hash is then only
    computed when an earlier delivery with the same kenmerk has to be compared with it — before
    any row is locked, as decoding a large delivery takes a while."""
    poging = 0
    while True:
        if kenmerk is not None:
            eerder = _lopende_batches(bron, kenmerk).first()
            if eerder is not None and not (ruwe_hash and eerder.ruwe_hash == ruwe_hash):
                inhoud_hash = inhoud_hash or (levering_inhoud_hash(levering) if levering is not None else "")
                inhoud_hash_aanvullen(eerder)
        try:
            with transaction.atomic():
                if kenmerk is not None:
                    bestaand = _lopende_batches(bron, kenmerk).select_for_update().first()
                    if bestaand is not None:
                        if not _zelfde_inhoud(bestaand, ruwe_hash, inhoud_hash, levering):
                            raise BatchKenmerkConflict(bestaand)
                        return bestaand, False
                batch = Batch.objects.create(bron=bron, kenmerk=kenmerk, inhoud_hash=inhoud_hash, ruwe_hash=ruwe_hash)
        except IntegrityError:
            # A concurrent delivery registered the same new kenmerk first: compare with that one.
            poging += 1
            if kenmerk is None or poging > 1:
                raise
            continue
        logger.info("batch %s aangemaakt door %s (bron %s)", batch.id, actor, bron.code)
        return batch, True


def _lopende_batches(bron: Bron, kenmerk: str) -> QuerySet[Batch]:
    """The batch that holds this kenmerk (koppelvlak §1: a mislukt batch frees it)."""
    return Batch.objects.filter(bron=bron, kenmerk=kenmerk).exclude(status=BatchStatus.MISLUKT)


def _zelfde_inhoud(bestaand: Batch, ruwe_hash: str, inhoud_hash: str, levering: Levering | None) -> bool:
    """Koppelvlak §1: the same typed records in the same order, whether they came as JSON or NDJSON.
    The same bytes in the same form settle it at once; otherwise the typed hashes are compared."""
    formaat = levering.formaat if levering is not None else ""
    if ruwe_hash and bestaand.ruwe_hash == ruwe_hash and bestaand.formaat == formaat:
        return True
    if not bestaand.inhoud_hash:
        # Stored without a typed hash, and its file is gone (an operator removed it): it cannot be
        # compared, so the kenmerk stays taken rather than risk processing the content twice.
        logger.warning("batch %s: opgeslagen levering ontbreekt, inhoud niet te vergelijken", bestaand.pk)
        return False
    return bool(inhoud_hash) and bestaand.inhoud_hash == inhoud_hash


def batch_mislukt(*, batch: Batch, melding: str, code: str = "ongeldige_json") -> None:
    """Mark a batch as failed as a whole; nothing of it was applied."""
    with transaction.atomic():
        batch.status = BatchStatus.MISLUKT
        batch.melding = melding
        batch.klaar_op = timezone.now()
        batch.save(update_fields=["status", "melding", "klaar_op"])
        batch.fouten.all().delete()
        batch.fouten.create(index=None, kenmerk=None, veld=None, code=code, melding=melding)


def batch_opgeven(*, batch: Batch, levering: Levering, reden: str) -> None:
    """End a batch that cannot be finished (a persistent failure), so that the bron's next deliveries
    proceed. Never half-applied: with nothing applied yet it is `mislukt` (and may be sent again);
    otherwise it is `verwerkt`, and every record from where it stopped is reported as not stored."""
    batch.refresh_from_db()
    if batch.verwerkt_tot == 0:
        batch_mislukt(
            batch=batch, melding=f"{reden} Er is niets verwerkt; lever de batch opnieuw aan.", code=NIET_OPGESLAGEN
        )
        logger.error("batch %s opgegeven zonder iets toe te passen", batch.pk)
        return
    melding = (
        f"Niet verwerkt: de verwerking van deze batch stopte bij record {batch.verwerkt_tot}. {reden} "
        "Lever dit record opnieuw aan in een nieuwe batch."
    )
    rest = 0
    with transaction.atomic(), connection.cursor() as cursor:
        try:
            with transaction.atomic(), cursor.connection.cursor() as cur:
                kolommen = "batch_id, index, kenmerk, veld, code, melding"
                with cur.copy(f"COPY cases_batchfout ({kolommen}) FROM STDIN") as copy:
                    for index, regel in enumerate(levering.records()):
                        if index >= batch.verwerkt_tot:
                            copy.write_row((batch.pk, index, kenmerk_van(regel), None, NIET_OPGESLAGEN, melding))
                            rest += 1
        except OSError:  # the stored delivery cannot be read: one line for all that is left
            rest = 0
        if rest == 0:
            batch.fouten.create(index=None, kenmerk=None, veld=None, code=NIET_OPGESLAGEN, melding=melding)
        Batch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.VERWERKT,
            melding=reden,
            aantal_records=batch.verwerkt_tot + rest,
            aantal_fouten=batch.aantal_fouten + rest,
            verwerkt_tot=batch.verwerkt_tot + rest,
            klaar_op=timezone.now(),
        )
    herberekening_inplannen()  # the facts it did apply are queued for a recompute
    logger.error(
        "batch %s opgegeven na record %s; %s records gemeld als niet opgeslagen", batch.pk, batch.verwerkt_tot, rest
    )


def batch_verwerken(
    *,
    batch: Batch,
    levering: Levering,
    actor: str,
    voortgang: Callable[[int], None] | None = None,
    chunk: int = CHUNK,
) -> Batch:
    """Apply the records of `levering` to `batch`, resuming after `batch.verwerkt_tot`.

    Deliveries of one bron are applied one at a time and in order of receipt (koppelvlak §1):
    under the bron's lock, stored deliveries received before this one and not applied yet
    (their task still queued, or waiting for a retry) are applied first."""
    if batch.status in {BatchStatus.VERWERKT, BatchStatus.MISLUKT}:
        return batch
    with bron_slot(batch.bron_id):
        for eerder in _eerdere_leveringen(batch):
            _toepassen(eerder, Levering(eerder.pad, eerder.formaat), f"{actor} (eerder ontvangen)", None, chunk)
        _toepassen(batch, levering, actor, voortgang, chunk)
    batch.refresh_from_db()
    return batch


def _eerdere_leveringen(batch: Batch) -> list[Batch]:
    """Stored deliveries of the same bron, received before `batch`, not applied yet; oldest first."""
    return list(
        Batch.objects.filter(bron_id=batch.bron_id, status__in=[BatchStatus.ONTVANGEN, BatchStatus.BEZIG])
        .exclude(pad="")
        .exclude(pk=batch.pk)
        .filter(Q(ontvangen_op__lt=batch.ontvangen_op) | Q(ontvangen_op=batch.ontvangen_op, id__lt=batch.id))
        .order_by("ontvangen_op", "id")
    )


def _toepassen(
    batch: Batch, levering: Levering, actor: str, voortgang: Callable[[int], None] | None, chunk: int
) -> None:
    """Apply one delivery; the caller holds the bron's lock."""
    batch.refresh_from_db()
    if batch.status in {BatchStatus.VERWERKT, BatchStatus.MISLUKT}:
        return
    if not os.path.exists(levering.pad):
        batch_mislukt(
            batch=batch,
            melding="De opgeslagen levering is niet meer te vinden; er is niets (meer) van verwerkt. "
            "Lever de batch opnieuw aan.",
        )
        return
    try:
        levering.controleer()
    except BatchOnleesbaar as exc:
        batch_mislukt(batch=batch, melding=exc.melding, code=exc.code)
        return
    pogingen = _poging_tellen(batch)
    if pogingen > settings.BATCH_MAX_POGINGEN:
        batch_opgeven(
            batch=batch,
            levering=levering,
            reden=f"Een worker begon {pogingen - 1} keer aan deze batch zonder hem af te maken.",
        )
        return
    try:
        verwerker = Verwerker(batch=batch, vandaag=timezone.localdate())
        aantal = verwerker.verwerk(_in_chunks(levering.records(), batch.verwerkt_tot, chunk), voortgang)
    except SoftTimeLimitExceeded:
        raise  # a long batch out of time: the next run resumes after its last chunk
    except Exception as exc:
        if tijdelijk(exc):  # the database or the disk is briefly gone: retried, resumes where it was
            _poging_terugdraaien(batch)
            raise zonder_inhoud(exc) from None
        logger.error(
            "batch %s gestopt: %s\n%s", batch.pk, beschrijving(exc), "".join(traceback.format_tb(exc.__traceback__))
        )
        batch_opgeven(batch=batch, levering=levering, reden=f"Er trad een onverwachte fout op ({type(exc).__name__}).")
        return
    Batch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.VERWERKT, aantal_records=aantal, klaar_op=timezone.now()
    )
    # Planner statistics of what the delivery added, before its recompute reads it (cases/statistieken.py).
    statistieken.na_levering(batch_id=batch.pk)
    herberekening_inplannen()
    batch.refresh_from_db()
    logger.info(
        "batch %s verwerkt door %s: %s verwerkt, %s ongewijzigd, %s fouten",
        batch.id,
        actor,
        batch.aantal_verwerkt,
        batch.aantal_ongewijzigd,
        batch.aantal_fouten,
    )


def _poging_tellen(batch: Batch) -> int:
    """Count a start on this batch that follows a start without progress (committed before the
    work, so that a crash counts too). A batch that moves on between starts — resumed after a
    deploy, a time limit, a broker restart — starts counting again: only a batch that keeps
    stopping at the same record is given up."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE cases_batch
            SET pogingen = CASE WHEN verwerkt_tot > pogingen_vanaf THEN 1 ELSE pogingen + 1 END,
                pogingen_vanaf = verwerkt_tot, status = %s
            WHERE id = %s RETURNING pogingen
            """,
            [BatchStatus.BEZIG, batch.pk],
        )
        pogingen: int = cursor.fetchone()[0]
    return pogingen


def _poging_terugdraaien(batch: Batch) -> None:
    """A transient failure (the database or disk briefly gone) is not the batch's fault: uncount it."""
    try:
        Batch.objects.filter(pk=batch.pk, pogingen__gt=0).update(pogingen=F("pogingen") - 1)
    except Exception:  # the database may still be gone; then the start stays counted
        logger.warning("batch %s: poging niet teruggedraaid", batch.pk)


def herberekening_inplannen() -> None:
    """After commit, ask a worker to recompute the queued dossiers. Should the broker be unreachable,
    the queue rows stay and the periodic sweeper (or `manage.py herbereken`) picks them up."""
    na_commit_inplannen("cases.herberekeningen")


def _in_chunks(records: Iterator[bytes], start: int, grootte: int) -> Iterator[list[tuple[int, bytes]]]:
    """Numbered records in chunks, skipping the `start` records a previous run already applied."""
    buffer: list[tuple[int, bytes]] = []
    for index, regel in enumerate(records):
        if index < start:
            continue
        buffer.append((index, regel))
        if len(buffer) >= grootte:
            yield buffer
            buffer = []
    if buffer:
        yield buffer


def fouten_schrijven(*, batch: Batch, uit: IO[str]) -> None:
    """Stream the error report of a batch as a JSON list of {index, kenmerk, veld, code, melding}."""
    uit.write("[")
    eerste = True
    rijen = batch.fouten.order_by("id").values_list("index", "kenmerk", "veld", "code", "melding")
    for index, kenmerk, veld, code, melding in rijen.iterator(chunk_size=2000):
        regel = msgspec.json.encode(
            {"index": index, "kenmerk": kenmerk, "veld": veld, "code": code, "melding": melding}
        ).decode()
        uit.write(("\n  " if eerste else ",\n  ") + regel)
        eerste = False
    uit.write("\n]\n" if not eerste else "]\n")


def batch_aanleveren(
    *, bron: Bron, kenmerk: str | None, pad: Path, formaat: str, actor: str, ruwe_hash: str = ""
) -> tuple[Batch, bool]:
    """Register a stored delivery and have a worker apply it after commit.

    Returns (batch, nieuw). The same bron + kenmerk + typed content returns the existing batch
    (nothing is processed again); other content raises BatchKenmerkConflict; an unreadable JSON
    envelope raises BatchOnleesbaar before anything is stored. The file is removed unless it
    becomes a new batch. An NDJSON delivery is not decoded here: the answer comes as soon as it
    is stored, and its typed hash is computed only if a later delivery needs the comparison.
    """
    levering = Levering(str(pad), formaat)
    try:
        inhoud_hash = ""
        if formaat == "json":  # at most 50 MiB: read in the request, so that a broken envelope is a 400
            levering.controleer()
            if not levering.aantal:
                raise BatchOnleesbaar(LEEG, code="lege_levering")
            kenmerk = levering.envelop_kenmerk
            inhoud_hash = levering_hash(levering.records())
        with transaction.atomic():
            batch, nieuw = batch_aanmaken(
                bron=bron,
                kenmerk=kenmerk,
                inhoud_hash=inhoud_hash,
                actor=actor,
                ruwe_hash=ruwe_hash,
                levering=levering,
            )
            if nieuw:
                Batch.objects.filter(pk=batch.pk).update(pad=str(pad), formaat=formaat)
                batch.pad, batch.formaat = str(pad), formaat
                na_commit_inplannen("cases.batch_verwerken", str(batch.pk))
    except (BatchOnleesbaar, BatchKenmerkConflict):
        pad.unlink(missing_ok=True)  # refused: nothing refers to the file
        raise
    # Any other error (the database gone during the commit, say) keeps the file: the batch may
    # have been committed after all, and its delivery must then be there for the worker.
    if not nieuw:
        pad.unlink(missing_ok=True)
    return batch, nieuw
