"""The batch service: one delivery of koppelvlak v1 records from one bron becomes facts.

The path of a record (docs/architecture.md):
  bytes -> `koppelvlak.lees_record` (typed, or its structural errors)
        -> kenmerk check (B-11: ongewijzigd / kenmerk_hergebruikt)
        -> `domain.controles` (content checks against the person's kennisgeving and earlier facts)
        -> COPY into the register, the detail tables and the error report, per chunk
        -> projection of the inburgeraar (base data, current gemeente) refreshed set-based.

Deliveries of one bron are applied one at a time (a PostgreSQL advisory lock per bron,
held for the whole batch) in order of their records. Each chunk is one transaction that
also advances `Batch.verwerkt_tot`, so a crash loses at most the chunk in flight and a
rerun continues where the last commit left off; kenmerk idempotency makes a redo of that
chunk harmless.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import logging
import operator
import os
import traceback
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import msgspec
import psycopg
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from cases import koppelvlak as kv
from cases import statistieken
from cases.constants import BatchStatus
from cases.domain import controles
from cases.domain.controles import Doel, Persoon
from cases.domain.limieten import STANDAARD as STANDAARD_LIMIETEN
from cases.domain.limieten import Limieten
from cases.koppelvlak import Fout
from cases.models import Batch, Bron, Gemeente
from cases.selectors import regelparameters
from inburgering.core.taken import na_commit_inplannen

logger = logging.getLogger(__name__)

CHUNK = 5_000
_BLOK = 1 << 20


class BatchOnleesbaar(Exception):
    """The delivery as a whole cannot be processed (broken envelope, invalid UTF-8, no records)."""

    def __init__(self, melding: str, code: str = "ongeldige_json") -> None:
        super().__init__(melding)
        self.melding = melding
        self.code = code


LEEG = "De levering bevat geen records; er is niets opgeslagen."


class BatchKenmerkConflict(Exception):
    """The batch kenmerk was used before by this bron for other content (koppelvlak §1)."""

    def __init__(self, batch: Batch) -> None:
        super().__init__(f"batch {batch.id}")
        self.batch = batch


# --- reading a delivery -------------------------------------------------------------------


@dataclass
class Levering:
    """A delivery stored on disk: a JSON envelope or NDJSON. Records come as raw bytes."""

    pad: str
    formaat: str  # "json" | "ndjson"
    envelop_kenmerk: str | None = None
    aantal: int | None = None  # records in a JSON envelope, once read

    def controleer(self) -> None:
        """Refuse the whole delivery when it cannot be read (nothing is applied then)."""
        if self.formaat == "json":
            envelop = self._envelop()
            if fout := batchkenmerk_fout(envelop.kenmerk):
                raise BatchOnleesbaar(fout, code="ongeldig_kenmerk")
            self.envelop_kenmerk = envelop.kenmerk
            self.aantal = len(envelop.records)
            return
        decoder = codecs.getincrementaldecoder("utf-8")()
        with open(self.pad, "rb") as fh:
            offset = 0
            while blok := fh.read(_BLOK):
                try:
                    decoder.decode(blok)
                except UnicodeDecodeError as exc:
                    raise BatchOnleesbaar(
                        f"De levering bevat ongeldige UTF-8 (byte {offset + exc.start}); er is niets verwerkt."
                    ) from exc
                offset += len(blok)
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError as exc:
                raise BatchOnleesbaar("De levering eindigt midden in een UTF-8-teken; er is niets verwerkt.") from exc

    def _envelop(self) -> _Envelop:
        with open(self.pad, "rb") as fh:
            data = fh.read()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BatchOnleesbaar(f"De JSON-envelop bevat ongeldige UTF-8 (byte {exc.start}).") from exc
        try:
            return _envelop_decoder.decode(data)
        except msgspec.DecodeError as exc:
            raise BatchOnleesbaar(
                f"De JSON-envelop is niet te lezen: {kv.toon(exc, 200)}. Er is niets verwerkt."
            ) from exc
        except msgspec.ValidationError as exc:
            raise BatchOnleesbaar(
                "De JSON-envelop moet een object zijn met 'records' (een lijst) en eventueel 'kenmerk' "
                f"(tekst): {kv.toon(exc, 200)}. Er is niets verwerkt."
            ) from exc
        except RecursionError as exc:  # msgspec's depth guard
            raise BatchOnleesbaar("De JSON-envelop is te diep genest om te lezen; er is niets verwerkt.") from exc

    def records(self) -> Iterator[bytes]:
        """The records in order; empty NDJSON lines are skipped and do not count."""
        if self.formaat == "json":
            for raw in self._envelop().records:
                yield bytes(raw)
            return
        with open(self.pad, "rb") as fh:
            while regel := fh.readline(kv.MAX_REGEL + 1):
                if len(regel) > kv.MAX_REGEL and not regel.endswith(b"\n"):
                    # Far too long for a record: its first bytes stand for it (reported as too long),
                    # the rest of the line is skipped without being held in memory.
                    while (rest := fh.readline(_BLOK)) and not rest.endswith(b"\n"):
                        pass
                    yield regel
                elif regel.strip():
                    yield regel


class _Envelop(msgspec.Struct):
    records: list[msgspec.Raw]
    kenmerk: kv.Kenmerk | None = None  # 1 to 100 characters, like a record's kenmerk


def batchkenmerk_fout(kenmerk: str | None) -> str | None:
    """Why a batch kenmerk (query, CLI, envelope) cannot be used, or None."""
    if kenmerk is not None and kv.rapportkenmerk(kenmerk) is None:
        return (
            f"Een batchkenmerk heeft 1 tot 100 tekens zonder stuurtekens (dit heeft er {len(kenmerk)}); "
            "er is niets opgeslagen."
        )
    return None


_envelop_decoder = msgspec.json.Decoder(_Envelop)


def levering_hash(records: Iterable[bytes]) -> str:
    """The content of a delivery for the batch rule (koppelvlak §1): the typed records in order,
    however they came (JSON or NDJSON); an unreadable record counts with its raw bytes."""
    h = hashlib.sha256()
    for regel in records:
        gelezen = kv.lees_record(regel)
        h.update(kv.canonieke_inhoud(gelezen.record) if gelezen.record is not None else regel.strip())
        h.update(b"\n")
    return h.hexdigest()


# --- the batch lifecycle --------------------------------------------------------------------


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
                _inhoud_hash_aanvullen(eerder)
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


def _inhoud_hash_aanvullen(batch: Batch) -> None:
    """Compute and keep the typed hash of an earlier delivery that was stored without one."""
    if batch.inhoud_hash or not batch.pad or not os.path.exists(batch.pad):
        return
    batch.inhoud_hash = levering_inhoud_hash(Levering(batch.pad, batch.formaat))
    Batch.objects.filter(pk=batch.pk, inhoud_hash="").update(inhoud_hash=batch.inhoud_hash)


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


NIET_OPGESLAGEN = "niet_opgeslagen"


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
                            copy.write_row((batch.pk, index, _kenmerk_van(regel), None, NIET_OPGESLAGEN, melding))
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


def _kenmerk_van(regel: bytes) -> str | None:
    """The record's kenmerk for the report, if it can be read at all."""
    try:
        return kv.lees_record(regel).kenmerk
    except Exception:  # a record that broke the batch may break this too; the index still says which
        return None


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
        verwerker = _Verwerker(batch=batch, vandaag=timezone.localdate())
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


class _Wedloop(Exception):
    """Another bron created a person this chunk meant to create (decided on state read before that)."""


# A failure of one record's decision or write: the chunk is applied again in parts, and the record
# that still fails on its own is reported (never the batch stopped). Anything else is either transient
# (see `tijdelijk`) or stops the batch.
_RECORDFOUTEN: tuple[type[BaseException], ...] = (
    _Wedloop,
    psycopg.DataError,
    psycopg.IntegrityError,
    psycopg.InternalError,
    ArithmeticError,
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    AssertionError,
)


def tijdelijk(exc: BaseException) -> bool:
    """A failure that passes by itself: the connection lost, the server restarting, out of resources,
    a deadlock or serialization failure (psycopg's and Django's OperationalError/InterfaceError)."""
    return isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError | OperationalError | InterfaceError)


def beschrijving(exc: BaseException) -> str:
    """An exception as an operator may read it in a log: its type and SQLSTATE, never its message
    (a database error quotes the row: BSN, name, birth date)."""
    oorzaak = exc.__cause__ if isinstance(exc, OperationalError | InterfaceError) and exc.__cause__ else exc
    sqlstate = getattr(getattr(oorzaak, "diag", None), "sqlstate", None) or getattr(oorzaak, "sqlstate", None)
    return f"{type(oorzaak).__name__}" + (f" (SQLSTATE {sqlstate})" if sqlstate else "")


def zonder_inhoud(exc: BaseException) -> OperationalError:
    """The transient error to raise to Celery (which retries it): the same kind, without the message."""
    return OperationalError(f"tijdelijke databasefout: {beschrijving(exc)}")


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


# --- one chunk ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Bekend:
    """A kenmerk of this bron: stored before, or accepted earlier in this batch."""

    feit_id: int
    soort: str
    inhoud_hash: str
    inburgeraar_id: int
    ingetrokken: bool


@dataclass(slots=True)
class _PersoonStaat:
    id: int
    bsn: str
    persoon: Persoon
    nieuw: bool = False
    # Earlier verlengingen are read only for persons that need them (a verlenging in the chunk).
    verlengingen_geladen: bool = False


@dataclass
class _Staat:
    """What the decisions of a chunk read and changed: kenmerken and persons by BSN and id."""

    bekend: dict[str, _Bekend]
    per_bsn: dict[str, _PersoonStaat]
    per_id: dict[int, _PersoonStaat]
    feit_ids: Iterator[int]
    persoon_ids: Iterator[int]


@dataclass
class _Chunk:
    tot: int = 0
    feiten: list[tuple[Any, ...]] = field(default_factory=list)
    details: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    nieuwe_personen: list[tuple[Any, ...]] = field(default_factory=list)
    fouten: list[tuple[Any, ...]] = field(default_factory=list)
    projectie: set[int] = field(default_factory=set)
    heropend: set[int] = field(default_factory=set)  # persons whose retracted kennisgeving gets a successor
    verwerkt: int = 0
    ongewijzigd: int = 0
    met_fout: int = 0


# Detail table columns per kind, in COPY order; values come from the record's attributes.
_DETAIL_KOLOMMEN: dict[str, tuple[str, tuple[str, ...]]] = {
    "kennisgeving": (
        "cases_kennisgeving",
        (
            "bsn",
            "achternaam",
            "voornamen",
            "geboortedatum",
            "gemeente_id",
            "doelgroep",
            "stelsel",
            "datum_plicht",
            "datum_kennisgeving",
            "datum_inschrijving_gemeente",
            "nationaliteit",
        ),
    ),
    "verhuizing": ("cases_verhuizing", ("gemeente_id", "datum")),
    "leerbaarheidstoets": ("leerroutes_leerbaarheidstoets", ("datum", "uitslag")),
    "pip": ("leerroutes_pip", ("dagtekening", "leerroute", "afschalen")),
    "aanbod": ("leerroutes_aanbod", ("datum_start",)),
    "coa_verblijf": ("leerroutes_coaverblijf", ("datum_van", "datum_tot")),
    "lesuren": ("leerroutes_lesuren", ("datum", "uren", "keurmerk")),
    "examen": ("examens_examen", ("datum", "onderdeel", "niveau", "resultaat")),
    "module": ("leerroutes_module", ("onderdeel", "datum_afgerond")),
    "diploma": ("leerroutes_diploma", ("soort_diploma", "datum")),
    "voldaan": ("cases_voldaan", ("datum",)),
    "vrijstelling": ("cases_vrijstelling", ("datum", "grond")),
    "ontheffing": ("cases_ontheffing", ("datum", "grond")),
    "verlenging": ("cases_verlenging", ("besluitdatum", "grond", "maanden", "weken", "dagen", "tot")),
    "vervallen": ("cases_vervallen", ("datum", "reden")),
    "lening": ("cases_lening", ("datum", "bedrag_geleend")),
    "boete": ("cases_boete", ("besluitdatum", "bedrag", "soort_boete")),
    "intrekking": ("cases_intrekking", ("ingetrokken_id", "datum", "reden")),
}
_ATTRIBUUT = {"gemeente_id": "gemeente"}


class _Verwerker:
    def __init__(self, *, batch: Batch, vandaag: dt.date) -> None:
        self.batch = batch
        self.batch_pk = batch.pk
        self.bron = batch.bron_id
        self.vandaag = vandaag
        self.ontvangen_op = timezone.now()
        # besluiten B-14: the limits valid on the day of receipt, from the parameter table.
        self.limieten = Limieten.uit(regelparameters(), vandaag)
        # koppelvlak: a gemeente from the CBS list in force in the year of receipt.
        jaar_begin = dt.date(vandaag.year, 1, 1)
        self.gemeenten = {
            code for code, tot in Gemeente.objects.values_list("code", "geldig_tot") if tot is None or tot >= jaar_begin
        }

    # -- loading what the chunk needs, in a few queries --------------------------------------

    def _laad(self, lezer: Any, gelezen: list[tuple[int, kv.Gelezen]], over: _Staat | None) -> _Staat:
        """Read what the chunk's decisions need, in a few queries, and lay `over` (the state
        the previous, not yet written chunk read and changed) over it."""
        kenmerken: set[str] = set()
        bsns: set[str] = set()
        for _, g in gelezen:
            if g.record is None:
                continue
            kenmerken.add(g.record.kenmerk)
            if isinstance(g.record, kv.Intrekking):
                kenmerken.add(g.record.kenmerk_ingetrokken)
            elif isinstance(g.record, kv.PersoonRecord):
                bsns.add(g.record.bsn)
        bekend: dict[str, _Bekend] = {}
        # Server-side binding, binary: the lists of a chunk travel as arrays, not as quoted SQL text.
        with psycopg.Cursor(lezer) as cursor:
            cursor.execute(
                """
                SELECT k.kenmerk, f.id, f.soort, f.inhoud_hash, f.inburgeraar_id, (x.feit_id IS NOT NULL)
                FROM unnest(%s::text[]) AS k(kenmerk)
                -- One index lookup per key, whatever the statistics say (a LATERAL with LIMIT is not
                -- flattened into a join): with `kenmerk = ANY(...)`, or a join the planner may plan
                -- on stale statistics during a large import, a chunk can cost a scan of the register.
                CROSS JOIN LATERAL (
                    SELECT f.id, f.soort, f.inhoud_hash, f.inburgeraar_id FROM cases_feit f
                    WHERE f.bron_id = %s AND f.kenmerk = k.kenmerk LIMIT 1
                ) f
                LEFT JOIN cases_intrekking x ON x.ingetrokken_id = f.id
                """,
                [list(kenmerken), self.bron],
                binary=True,
            )
            for kenmerk, feit_id, soort, h, inburgeraar_id, ingetrokken in cursor.fetchall():
                bekend[kenmerk] = _Bekend(feit_id, soort, h, inburgeraar_id, ingetrokken)
            # Persons of the records and of the facts being retracted.
            doel_ids = [b.inburgeraar_id for b in bekend.values()]
            cursor.execute(
                """
                WITH gezocht AS (
                    SELECT p.id FROM unnest(%s::text[]) AS b(bsn)
                    CROSS JOIN LATERAL (SELECT p.id FROM cases_inburgeraar p WHERE p.bsn = b.bsn LIMIT 1) p
                    UNION SELECT unnest(%s::bigint[])
                )
                SELECT i.id, i.bsn, i.stelsel, i.doelgroep, i.datum_plicht, k.geldig, k.heeft
                FROM gezocht g
                CROSS JOIN LATERAL (SELECT * FROM cases_inburgeraar i WHERE i.id = g.id LIMIT 1) i
                -- Per person an index lookup of its kennisgevingen (see above).
                CROSS JOIN LATERAL (
                    SELECT coalesce(bool_or(x.feit_id IS NULL), false) AS geldig, count(*) > 0 AS heeft
                    FROM cases_feit f LEFT JOIN cases_intrekking x ON x.ingetrokken_id = f.id
                    WHERE f.inburgeraar_id = i.id AND f.soort = 'kennisgeving'
                ) k
                """,
                [list(bsns), doel_ids],
                binary=True,
            )
            per_bsn: dict[str, _PersoonStaat] = {}
            per_id: dict[int, _PersoonStaat] = {}
            for pid, bsn, stelsel, doelgroep, datum_plicht, geldig, heeft in cursor.fetchall():
                if not heeft:  # pragma: no cover - an inburgeraar always comes with a kennisgeving
                    continue
                staat = _PersoonStaat(pid, bsn, Persoon(stelsel, doelgroep, datum_plicht, geldig))
                per_bsn[bsn] = staat
                per_id[pid] = staat
            # Earlier verlengingen only for the persons with a verlenging in this chunk, or one retracted.
            met_verlenging = {
                per_bsn[g.record.bsn].id
                for _, g in gelezen
                if isinstance(g.record, kv.Verlenging) and g.record.bsn in per_bsn
            } | {b.inburgeraar_id for b in bekend.values() if b.soort == "verlenging" and b.inburgeraar_id in per_id}
            if met_verlenging:
                cursor.execute(
                    """
                    SELECT f.inburgeraar_id, f.kenmerk, v.grond, v.maanden, v.weken, v.dagen
                    FROM unnest(%s::bigint[]) AS p(id)
                    CROSS JOIN LATERAL (
                        SELECT f.id, f.inburgeraar_id, f.kenmerk FROM cases_feit f
                        WHERE f.inburgeraar_id = p.id AND f.soort = 'verlenging' OFFSET 0
                    ) f
                    CROSS JOIN LATERAL (SELECT * FROM cases_verlenging v WHERE v.feit_id = f.id LIMIT 1) v
                    LEFT JOIN LATERAL (
                        SELECT 1 AS ja FROM cases_intrekking x WHERE x.ingetrokken_id = f.id LIMIT 1
                    ) x ON true
                    WHERE v.grond = ANY(%s) AND x.ja IS NULL
                    """,
                    [list(met_verlenging), _TELLENDE_GRONDEN],
                    binary=True,
                )
                for pid, kenmerk, grond, maanden, weken, dagen in cursor.fetchall():
                    duur = controles.verlenging_dagen(
                        kv.Verlenging(
                            kenmerk=kenmerk,
                            bsn="",
                            besluitdatum=dt.date.min,
                            grond=grond,
                            maanden=maanden,
                            weken=weken,
                            dagen=dagen,
                        ),
                        self.limieten,
                    )
                    per_id[pid].persoon.verlengingen[kenmerk] = (grond, duur or 0)
                for pid in met_verlenging:
                    per_id[pid].verlengingen_geladen = True
        if over is not None:
            # Only what this chunk looks up is taken over, so the state stays one chunk large.
            for kenmerk in kenmerken:
                if kenmerk in over.bekend:
                    bekend[kenmerk] = over.bekend[kenmerk]
            nodig = [over.per_bsn[bsn] for bsn in bsns if bsn in over.per_bsn]
            nodig += [over.per_id[b.inburgeraar_id] for b in bekend.values() if b.inburgeraar_id in over.per_id]
            for eerder in nodig:
                nu = per_id.get(eerder.id)
                if nu is not None and nu.verlengingen_geladen and not eerder.verlengingen_geladen:
                    # The previous chunk added no verlenging for this person, so what is stored is complete.
                    eerder.persoon.verlengingen = {**nu.persoon.verlengingen, **eerder.persoon.verlengingen}
                    eerder.verlengingen_geladen = True
                per_bsn[eerder.bsn] = eerder
                per_id[eerder.id] = eerder
        feiten = sum(1 for _, g in gelezen if g.record is not None)
        personen = sum(1 for _, g in gelezen if isinstance(g.record, kv.Kennisgeving))
        return _Staat(
            bekend,
            per_bsn,
            per_id,
            iter(_ids(lezer, "cases_feit", feiten)),
            iter(_ids(lezer, "cases_inburgeraar", personen)),
        )

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
        pg: Any,
        lezer: Any,
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
        vorige_staat: _Staat | None = None
        bezig: tuple[Future[int], list[tuple[int, bytes]]] | None = None

        def klaar() -> list[tuple[int, bytes]] | None:
            """Wait until the chunk in flight is committed; the chunk's records if its write failed."""
            nonlocal bezig
            if bezig is None:
                return None
            (lopend, regels), bezig = bezig, None
            try:
                tot = lopend.result()
            except _RECORDFOUTEN as exc:
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
                    uit: _Chunk | None
                    try:
                        gelezen = [(index, kv.lees_record(regel)) for index, regel in regels]
                        staat = self._laad(lezer, gelezen, vorige_staat)
                        uit = self._beslis_chunk(gelezen, staat)
                    except _RECORDFOUTEN as exc:
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
        self, pg: Any, lezer: Any, regels: list[tuple[int, bytes]], voortgang: Callable[[int], None] | None
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
            except _RECORDFOUTEN as exc:
                if len(deel) > 1:
                    midden = len(deel) // 2
                    delen += [deel[midden:], deel[:midden]]  # the first half next
                    continue
                index, regel = deel[0]
                logger.warning("batch %s: record %s niet op te slaan (%s)", self.batch_pk, index, beschrijving(exc))
                self._schrijf_niet_opgeslagen(pg, index, _kenmerk_van(regel))
            if voortgang:
                voortgang(deel[-1][0] + 1)

    def _schrijf_niet_opgeslagen(self, pg: Any, index: int, kenmerk: str | None) -> None:
        """Report one record that could not be stored, and move the progress marker past it."""
        melding = (
            "Dit record kon niet worden opgeslagen door een onverwachte fout; er is niets van vastgelegd. "
            "De andere records van de batch zijn wel verwerkt. Meld het aan de beheerder, met batch en index."
        )
        uit = _Chunk(tot=index + 1, met_fout=1)
        uit.fouten.append((self.batch_pk, index, kenmerk, None, NIET_OPGESLAGEN, melding))
        self._schrijf(pg, uit)

    def _beslis_chunk(self, gelezen: list[tuple[int, kv.Gelezen]], staat: _Staat) -> _Chunk:
        uit = _Chunk()
        for index, g in gelezen:
            fouten = self._beslis(index, g, staat, uit)
            if fouten:
                uit.met_fout += 1
                for fout in fouten:
                    uit.fouten.append((self.batch_pk, index, g.kenmerk, fout.veld, fout.code, fout.melding))
        return uit

    def _beslis(self, index: int, g: kv.Gelezen, st: _Staat, uit: _Chunk) -> tuple[Fout, ...] | list[Fout]:
        if g.record is None:
            return g.fouten
        bekend, per_bsn, per_id = st.bekend, st.per_bsn, st.per_id
        record = g.record
        soort = kv.soort_van(record)
        h = kv.inhoud_hash(record)
        eerder = bekend.get(record.kenmerk)
        if eerder is not None:  # besluiten B-11
            if eerder.inhoud_hash == h and eerder.soort == soort:
                uit.ongewijzigd += 1
                return ()
            return [
                Fout(
                    "kenmerk",
                    "kenmerk_hergebruikt",
                    f"Kenmerk '{record.kenmerk}' is al gebruikt voor een ander feit ({eerder.soort}) van deze bron; "
                    "het eerdere feit blijft ongewijzigd. Gebruik een nieuw kenmerk of trek het eerdere feit in.",
                )
            ]
        fouten = controles.controleer_zonder_context(record, self.vandaag, self.limieten)
        staat: _PersoonStaat | None = None
        doel: _Bekend | None = None
        if isinstance(record, kv.Intrekking):
            doel = bekend.get(record.kenmerk_ingetrokken)
            fouten += controles.controleer_intrekking(
                record, Doel(doel.soort, doel.ingetrokken) if doel is not None else None
            )
        elif isinstance(record, kv.Kennisgeving):
            if record.gemeente not in self.gemeenten:
                fouten.append(_onbekende_gemeente(record.gemeente))
            staat = per_bsn.get(record.bsn)
            if staat is not None and staat.persoon.geldige_kennisgeving:
                fouten.append(
                    Fout(
                        "bsn",
                        "kennisgeving_bestaat",
                        "Voor dit BSN is al een geldige kennisgeving; trek die eerst in als deze haar moet vervangen.",
                    )
                )
        else:
            assert isinstance(record, kv.PersoonRecord)
            if isinstance(record, kv.Verhuizing) and record.gemeente not in self.gemeenten:
                fouten.append(_onbekende_gemeente(record.gemeente))
            if controles.bsn_geldig(record.bsn):
                staat = per_bsn.get(record.bsn)
                if staat is None:
                    fouten.append(
                        Fout(
                            "bsn",
                            "onbekende_bsn",
                            "Voor dit BSN is geen kennisgeving bekend (ook niet eerder in deze levering); "
                            "lever eerst de kennisgeving aan.",
                        )
                    )
                else:
                    fouten += controles.controleer_met_persoon(record, staat.persoon, self.limieten)
        if fouten:
            return fouten

        # Accepted: remember it for the records after it, and queue the rows.
        feit_id = next(st.feit_ids)
        if isinstance(record, kv.Kennisgeving):
            if staat is None:
                staat = _PersoonStaat(
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
            if doel.soort in {"kennisgeving", "verhuizing"}:
                uit.projectie.add(inburgeraar_id)
        else:
            assert staat is not None
            inburgeraar_id = staat.id
            if isinstance(record, kv.Verlenging) and record.grond in _TELLENDE_GRONDEN:
                staat.persoon.verlengingen[record.kenmerk] = (
                    record.grond,
                    controles.verlenging_dagen(record, self.limieten) or 0,
                )
            if isinstance(record, kv.Verhuizing):
                uit.projectie.add(inburgeraar_id)
        bekend[record.kenmerk] = _Bekend(feit_id, soort, h, inburgeraar_id, False)
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
        uit.details.setdefault(soort, []).append(_detail_rij(feit_id, soort, record, doel))
        uit.verwerkt += 1
        return ()

    # -- writing: COPY per table, then the projection, then the counters -------------------------

    def _schrijf(self, pg: Any, uit: _Chunk) -> int:
        """One chunk in one transaction, with its progress marker (runs in the writer thread).

        Asynchronous commit: should PostgreSQL crash before the WAL is flushed, the chunk
        and its marker are lost together and a rerun redoes them; the final status update
        of the batch is a normal, synchronous commit, which also flushes every chunk before it.
        """
        with pg.transaction(), pg.cursor() as cur:
            cur.execute("SET LOCAL synchronous_commit TO OFF")
            # Short statements by key; also while statistics lag behind a large import (see _laad).
            cur.execute("SET LOCAL jit = off")
            cur.execute("SET LOCAL enable_seqscan = off")
            if uit.heropend:
                # Another bron may reopen the same person at the same time: whoever locks second waits,
                # then sees the first one's kennisgeving (checked below, after this chunk's rows).
                cur.execute(
                    "SELECT id FROM cases_inburgeraar WHERE id = ANY(%s) ORDER BY id FOR UPDATE", [sorted(uit.heropend)]
                )
            if uit.nieuwe_personen:
                _personen_toevoegen(cur, uit.nieuwe_personen)
            _copy(
                cur,
                "cases_feit",
                (
                    "id",
                    "bron_id",
                    "kenmerk",
                    "soort",
                    "inburgeraar_id",
                    "ingangsdatum",
                    "inhoud_hash",
                    "batch_id",
                    "batch_index",
                    "ontvangen_op",
                ),
                uit.feiten,
            )
            for soort, rijen in uit.details.items():
                tabel, kolommen = _DETAIL_KOLOMMEN[soort]
                _copy(cur, tabel, ("feit_id", *kolommen), rijen)
            if uit.heropend:
                _een_geldige_kennisgeving(cur, sorted(uit.heropend))
            _copy(cur, "cases_batchfout", ("batch_id", "index", "kenmerk", "veld", "code", "melding"), uit.fouten)
            if uit.projectie:
                inburgeraar_projectie_bijwerken(cur, sorted(uit.projectie), self.vandaag)
            if uit.feiten:
                # The rules' projections of these dossiers are recomputed after the batch.
                cur.execute(
                    "INSERT INTO cases_herberekening (inburgeraar_id, sinds) "
                    "SELECT DISTINCT x, now() FROM unnest(%s::bigint[]) AS x ON CONFLICT DO NOTHING",
                    # In one order in every transaction: two bronnen at once never deadlock on the queue.
                    [sorted({rij[4] for rij in uit.feiten})],
                )
            cur.execute(
                """
                    UPDATE cases_batch SET verwerkt_tot = %s, aantal_records = %s,
                        aantal_verwerkt = aantal_verwerkt + %s, aantal_ongewijzigd = aantal_ongewijzigd + %s,
                        aantal_fouten = aantal_fouten + %s
                    WHERE id = %s
                    """,
                [uit.tot, uit.tot, uit.verwerkt, uit.ongewijzigd, uit.met_fout, self.batch.pk],
            )
        return uit.tot


_TELLENDE_GRONDEN = [g for g in STANDAARD_LIMIETEN.VERLENGING_GRONDEN if controles.telt_voor_maximum(g)]


def _personen_toevoegen(cur: Any, personen: list[tuple[Any, ...]]) -> None:
    """Insert the chunk's new persons. Another bron may have created one of them since this chunk
    read its state (a kennisgeving for the same new BSN from two bronnen at once): then nothing is
    written (`_Wedloop`) and the chunk is decided again on what is committed now. ON CONFLICT
    instead of COPY: the server neither fails nor logs the row (a BSN) for this expected race."""
    # In BSN order: two bronnen inserting the same new persons wait on each other, never cross (deadlock).
    kolommen = list(zip(*sorted(personen, key=operator.itemgetter(1)), strict=True))
    cur.execute(
        """
        INSERT INTO cases_inburgeraar (id, bsn, achternaam, voornamen, geboortedatum, nationaliteit, stelsel,
                                       doelgroep, datum_plicht, gemeente_id, bijgewerkt_op)
        SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::date[], %s::text[], %s::text[],
                             %s::text[], %s::date[], %s::text[], %s::timestamptz[])
        ON CONFLICT DO NOTHING
        """,
        [list(k) for k in kolommen],
    )
    if cur.rowcount != len(personen):
        raise _Wedloop


def _een_geldige_kennisgeving(cur: Any, ids: list[int]) -> None:
    """After writing: each reopened person has exactly one valid kennisgeving (koppelvlak §3,
    kennisgeving_bestaat); two means another bron reopened him meanwhile (`_Wedloop`: decide again)."""
    cur.execute(
        """
        SELECT 1 FROM unnest(%s::bigint[]) AS p(id)
        CROSS JOIN LATERAL (
            SELECT count(*) AS geldig FROM cases_feit f
            WHERE f.inburgeraar_id = p.id AND f.soort = 'kennisgeving'
              AND NOT EXISTS (SELECT 1 FROM cases_intrekking x WHERE x.ingetrokken_id = f.id)
        ) k
        WHERE k.geldig > 1 LIMIT 1
        """,
        [ids],
    )
    if cur.fetchone() is not None:
        raise _Wedloop


def _onbekende_gemeente(code: str) -> Fout:
    return Fout(
        "gemeente",
        "onbekende_gemeente",
        f"Gemeente '{code}' staat niet in de CBS-gemeentelijst van dit jaar; gebruik de CBS-code van 4 cijfers.",
    )


def _detail_rij(feit_id: int, soort: str, record: kv.AnyRecord, doel: _Bekend | None) -> tuple[Any, ...]:
    """The detail row of an accepted record, in the column order of _DETAIL_KOLOMMEN."""
    if soort == "intrekking":
        assert doel is not None and isinstance(record, kv.Intrekking)
        return (feit_id, doel.feit_id, record.datum, record.reden)
    waarden = _WAARDEN[soort](record)
    if soort == "kennisgeving" and waarden[-1] is None:  # nationaliteit: empty, not NULL, in the table
        waarden = (*waarden[:-1], "")
    return (feit_id, *waarden)


def _waarden(kolommen: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The record's values for these columns as a tuple, read in C (one attrgetter per kind)."""
    lees = operator.attrgetter(*(_ATTRIBUUT.get(k, k) for k in kolommen))
    if len(kolommen) == 1:
        return lambda record: (lees(record),)
    return lees


_WAARDEN = {soort: _waarden(kolommen) for soort, (_, kolommen) in _DETAIL_KOLOMMEN.items() if soort != "intrekking"}
assert _DETAIL_KOLOMMEN["kennisgeving"][1][-1] == "nationaliteit"
assert _DETAIL_KOLOMMEN["intrekking"][1] == ("ingetrokken_id", "datum", "reden")


def _ids(lezer: Any, tabel: str, aantal: int) -> list[int]:
    """Reserve `aantal` ids of `tabel`'s sequence."""
    if aantal == 0:
        return []
    with lezer.cursor() as cursor:
        # The sequence is looked up once (an InitPlan), not per value; one array instead of n rows.
        cursor.execute(
            "SELECT array_agg(nextval((SELECT pg_get_serial_sequence(%s, 'id'))::regclass)) "
            "FROM generate_series(1, %s)",
            [tabel, aantal],
        )
        ids: list[int] = cursor.fetchone()[0]
        return ids


def _copy(cur: Any, tabel: str, kolommen: tuple[str, ...], rijen: list[tuple[Any, ...]]) -> None:
    if not rijen:
        return
    with cur.copy(f"COPY {tabel} ({', '.join(kolommen)}) FROM STDIN") as copy:
        for rij in rijen:
            copy.write_row(rij)


def inburgeraar_projectie_bijwerken(cur: Any, ids: list[int], vandaag: dt.date) -> None:
    """Refresh the inburgeraar rows from their facts (set-based): the base data of the valid
    kennisgeving (else the latest one), and the gemeente of today (besluiten B-13)."""
    cur.execute(
        """
        -- Per person index lookups (LATERAL with OFFSET/LIMIT is not flattened): planned as joins on
        -- the statistics of a growing register, this scanned every kennisgeving per chunk.
        WITH basis AS (
            SELECT DISTINCT ON (f.inburgeraar_id) f.inburgeraar_id AS id, k.*
            FROM unnest(%(ids)s::bigint[]) AS p(id)
            CROSS JOIN LATERAL (
                SELECT f.id, f.inburgeraar_id FROM cases_feit f
                WHERE f.inburgeraar_id = p.id AND f.soort = 'kennisgeving' OFFSET 0
            ) f
            CROSS JOIN LATERAL (SELECT * FROM cases_kennisgeving k WHERE k.feit_id = f.id LIMIT 1) k
            LEFT JOIN LATERAL (
                SELECT 1 AS ja FROM cases_intrekking x WHERE x.ingetrokken_id = f.id LIMIT 1
            ) x ON true
            ORDER BY f.inburgeraar_id, (x.ja IS NULL) DESC, f.id DESC
        ), verhuisd AS (
            SELECT DISTINCT ON (f.inburgeraar_id) f.inburgeraar_id AS id, v.gemeente_id
            FROM unnest(%(ids)s::bigint[]) AS p(id)
            CROSS JOIN LATERAL (
                SELECT f.id, f.inburgeraar_id FROM cases_feit f
                WHERE f.inburgeraar_id = p.id AND f.soort = 'verhuizing' OFFSET 0
            ) f
            CROSS JOIN LATERAL (SELECT * FROM cases_verhuizing v WHERE v.feit_id = f.id LIMIT 1) v
            LEFT JOIN LATERAL (
                SELECT 1 AS ja FROM cases_intrekking x WHERE x.ingetrokken_id = f.id LIMIT 1
            ) x ON true
            WHERE x.ja IS NULL AND v.datum <= %(vandaag)s
            ORDER BY f.inburgeraar_id, v.datum DESC, f.id DESC
        )
        UPDATE cases_inburgeraar i
        SET achternaam = b.achternaam, voornamen = b.voornamen, geboortedatum = b.geboortedatum,
            nationaliteit = b.nationaliteit, stelsel = b.stelsel, doelgroep = b.doelgroep,
            datum_plicht = b.datum_plicht, gemeente_id = COALESCE(h.gemeente_id, b.gemeente_id),
            bijgewerkt_op = now()
        FROM basis b LEFT JOIN verhuisd h ON h.id = b.id
        WHERE i.id = b.id
          AND (i.achternaam, i.voornamen, i.geboortedatum, i.nationaliteit, i.stelsel, i.doelgroep, i.datum_plicht,
               i.gemeente_id)
              IS DISTINCT FROM (b.achternaam, b.voornamen, b.geboortedatum, b.nationaliteit, b.stelsel, b.doelgroep,
               b.datum_plicht, COALESCE(h.gemeente_id, b.gemeente_id))
        """,
        {"ids": ids, "vandaag": vandaag},
    )


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


# --- deliveries over the API (koppelvlak §1) --------------------------------------------------


class TeGroot(Exception):
    """A JSON envelope above the maximum (koppelvlak §1: 413)."""


def levering_opslaan(*, stroom: IO[bytes], formaat: str, maximum: int | None, map: Path) -> tuple[Path, str]:
    """Stream a request body to durable storage (fsync) without holding it in memory; returns the
    path and the SHA-256 of the bytes (a resend of the same bytes is recognised without decoding).
    The file is readable by this user only (it is full of BSNs). A body with nothing but white
    space is refused (BatchOnleesbaar, `lege_levering`) and not kept."""
    map.mkdir(mode=0o700, parents=True, exist_ok=True)
    pad = map / f"{uuid.uuid4()}.{formaat}"
    grootte = 0
    ruw = hashlib.sha256()
    inhoud = False
    try:
        with os.fdopen(os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
            while blok := stroom.read(_BLOK):
                grootte += len(blok)
                if maximum is not None and grootte > maximum:
                    raise TeGroot
                inhoud = inhoud or bool(blok.strip())
                fh.write(blok)
                ruw.update(blok)
            fh.flush()
            os.fsync(fh.fileno())
        if not inhoud:
            raise BatchOnleesbaar(LEEG, code="lege_levering")
    except BaseException:
        pad.unlink(missing_ok=True)
        raise
    return pad, ruw.hexdigest()


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


def levering_inhoud_hash(levering: Levering) -> str:
    """The batch content of a stored delivery. Invalid UTF-8 makes it unreadable as a whole, which
    the worker records (status mislukt), so the hash then covers the raw bytes."""
    try:
        levering.controleer()
    except BatchOnleesbaar:
        h = hashlib.sha256(b"onleesbaar\n")  # never equal to the hash of typed records
        with open(levering.pad, "rb") as fh:
            while blok := fh.read(_BLOK):
                h.update(blok)
        return h.hexdigest()
    return levering_hash(levering.records())


def leveringen_opruimen(*, bewaren: dt.timedelta, nu: dt.datetime | None = None) -> int:
    """Remove the stored deliveries of batches that finished longer than `bewaren` ago (they hold
    BSNs and names; the facts, the batch and its error report stay). The typed hash is kept first,
    so that a resend of the same delivery is still recognised (200) after its file is gone.
    Idempotent: a batch without a file is not looked at again."""
    grens = (nu or timezone.now()) - bewaren
    klaar = Batch.objects.filter(status__in=[BatchStatus.VERWERKT, BatchStatus.MISLUKT], klaar_op__lt=grens)
    aantal = 0
    for batch in klaar.exclude(pad="").only("pk", "pad", "formaat", "inhoud_hash").iterator():
        _inhoud_hash_aanvullen(batch)
        Path(batch.pad).unlink(missing_ok=True)
        Batch.objects.filter(pk=batch.pk).update(pad="")
        aantal += 1
    aantal += _wezen_opruimen(grens=(nu or timezone.now()) - dt.timedelta(days=1))
    if aantal:
        logger.info("%s opgeslagen leveringen verwijderd (ouder dan %s)", aantal, bewaren)
    return aantal


def _wezen_opruimen(*, grens: dt.datetime) -> int:
    """Stored deliveries that no batch refers to (a request that failed after storing, with an unknown
    outcome of its commit): removed once they are a day old — surely not a batch in the making."""
    map = Path(settings.LEVERINGEN_DIR)
    if not map.is_dir():
        return 0
    bekend = set(Batch.objects.exclude(pad="").values_list("pad", flat=True))
    aantal = 0
    for pad in map.iterdir():
        if str(pad) in bekend or not pad.is_file() or pad.stat().st_mtime >= grens.timestamp():
            continue
        pad.unlink(missing_ok=True)
        aantal += 1
    return aantal
