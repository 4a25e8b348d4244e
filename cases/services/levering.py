"""Deliveries as stored: reading a JSON envelope or NDJSON (bounded lines), storing a request body
durably, the content hashes of the batch rule (koppelvlak §1), and their retention."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import logging
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import msgspec
from django.conf import settings
from django.utils import timezone

from cases import koppelvlak as kv
from cases.constants import BatchStatus
from cases.models import Batch

logger = logging.getLogger(__name__)


_BLOK = 1 << 20


class BatchOnleesbaar(Exception):
    """The delivery as a whole cannot be processed (broken envelope, invalid UTF-8, no records)."""

    def __init__(self, melding: str, code: str = "ongeldige_json") -> None:
        super().__init__(melding)
        self.melding = melding
        self.code = code


LEEG = "De levering bevat geen records; er is niets opgeslagen."


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


def inhoud_hash_aanvullen(batch: Batch) -> None:
    """Compute and keep the typed hash of an earlier delivery that was stored without one."""
    if batch.inhoud_hash or not batch.pad or not os.path.exists(batch.pad):
        return
    batch.inhoud_hash = levering_inhoud_hash(Levering(batch.pad, batch.formaat))
    Batch.objects.filter(pk=batch.pk, inhoud_hash="").update(inhoud_hash=batch.inhoud_hash)


def kenmerk_van(regel: bytes) -> str | None:
    """The record's kenmerk for the report, if it can be read at all."""
    try:
        return kv.lees_record(regel).kenmerk
    except Exception:  # a record that broke the batch may break this too; the index still says which
        return None


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
        inhoud_hash_aanvullen(batch)
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
