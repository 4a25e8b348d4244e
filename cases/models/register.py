"""Dossier, reference tables and the append-only fact register.

Every fact that a bron delivers is one `Feit` row (the central register: bron, kenmerk,
soort, inburgeraar, ingangsdatum, content hash, batch, received-at) plus one row in the
detail table of its kind. "Kenmerk unique per bron over all kinds" is therefore one
database constraint, and an `Intrekking` can point at a fact of any kind.

Facts are never updated or deleted: a trigger in the database refuses it (see
migrations 0002). Retraction is derived by joining to the `intrekking` fact.
`Inburgeraar` is a projection of facts, written only by the batch service.
"""

from __future__ import annotations

import uuid

from django.contrib.postgres.functions import RandomUUID
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cases.constants import (
    BatchStatus,
    Doelgroep,
    Soort,
    Stelsel,
)
from inburgering.core.choices import choices

gemeentecode_validator = RegexValidator(r"^\d{4}$", "Een gemeentecode bestaat uit precies 4 cijfers.")
broncode_validator = RegexValidator(
    r"^[A-Z][A-Z0-9]{1,19}$", "Een broncode bestaat uit 2 tot 20 hoofdletters of cijfers, bijv. DUO of GM0344."
)


class Gemeente(models.Model):
    """A municipality of the CBS list; `geldig_tot` is set for codes no longer in force."""

    code = models.CharField("CBS-code", max_length=4, primary_key=True, validators=[gemeentecode_validator])
    naam = models.CharField(max_length=100)
    geldig_tot = models.DateField("geldig tot en met", null=True, blank=True)

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{4}$"), name="gemeente_code_4_cijfers")]

    def __str__(self) -> str:
        return f"{self.naam} ({self.code})"


class Bron(models.Model):
    """A party that delivers facts (koppelvlak §0): DUO now, gemeenten and taalaanbieders later."""

    code = models.CharField(max_length=20, primary_key=True, validators=[broncode_validator])
    naam = models.CharField(max_length=200)
    actief = models.BooleanField(default=True, help_text="Een inactieve bron kan niets aanleveren.")

    class Meta:
        verbose_name = "bron"
        verbose_name_plural = "bronnen"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z][A-Z0-9]{1,19}$"), name="bron_code_formaat")
        ]

    def __str__(self) -> str:
        return self.code


class Batch(models.Model):
    """One delivery of records by one bron (koppelvlak §1-2). Not a fact: its status moves."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    bron = models.ForeignKey(Bron, on_delete=models.PROTECT, related_name="batches")
    kenmerk = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001 (NULL = no batch kenmerk)
    # SHA-256 of the typed records (koppelvlak §1); empty for a stored NDJSON delivery until a later
    # delivery with the same kenmerk needs the comparison.
    inhoud_hash = models.CharField(max_length=64, blank=True)
    ruwe_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 van de opgeslagen bytes (API).")
    status = models.CharField(max_length=10, choices=choices(BatchStatus), default=BatchStatus.ONTVANGEN)
    aantal_records = models.PositiveIntegerField(default=0)
    aantal_verwerkt = models.PositiveIntegerField(default=0)
    aantal_ongewijzigd = models.PositiveIntegerField(default=0)
    aantal_fouten = models.PositiveIntegerField(default=0)
    verwerkt_tot = models.PositiveIntegerField(
        default=0, help_text="Aantal records dat is afgehandeld; een hervatting gaat vanaf hier verder."
    )
    melding = models.TextField(blank=True, help_text="Waarom de batch als geheel is mislukt of gestopt.")
    pogingen = models.PositiveSmallIntegerField(
        default=0,
        db_default=0,
        help_text="Hoe vaak een worker na elkaar aan deze batch begon zonder verder te komen; na te veel "
        "pogingen wordt hij opgegeven.",
    )
    pogingen_vanaf = models.PositiveIntegerField(
        default=0, db_default=0, help_text="Waar de batch stond (verwerkt_tot) bij de laatst getelde poging."
    )
    pad = models.CharField(max_length=500, blank=True, help_text="Waar de levering (API) duurzaam is opgeslagen.")
    formaat = models.CharField(max_length=6, blank=True, choices=[("json", "json"), ("ndjson", "ndjson")])
    ontvangen_op = models.DateTimeField(default=timezone.now)
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "batch"
        verbose_name_plural = "batches"
        ordering = ["-ontvangen_op"]
        constraints = [
            # koppelvlak §1: a batch kenmerk is used once per bron; a failed batch may be sent again.
            models.UniqueConstraint(
                fields=["bron", "kenmerk"],
                condition=Q(kenmerk__isnull=False) & ~Q(status="mislukt"),
                name="batch_kenmerk_uniek_per_bron",
            )
        ]
        indexes = [models.Index(fields=["bron", "kenmerk"], name="batch_bron_kenmerk_idx")]

    def __str__(self) -> str:
        return f"{self.bron_id} {self.kenmerk or self.id}"


class BatchFout(models.Model):
    """One line of a batch's error report (koppelvlak §2): {index, kenmerk, veld, code, melding}."""

    id = models.BigAutoField(primary_key=True)
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="fouten", db_index=False)
    index = models.PositiveIntegerField(null=True, blank=True)
    kenmerk = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001 (null: not readable)
    veld = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001 (null: the whole record)
    code = models.CharField(max_length=30)
    melding = models.TextField()

    class Meta:
        verbose_name = "batchfout"
        verbose_name_plural = "batchfouten"
        ordering = ["id"]
        indexes = [models.Index(fields=["batch", "id"], name="batchfout_batch_idx")]

    def __str__(self) -> str:
        return f"{self.index}: {self.code}"


class Inburgeraar(models.Model):
    """The person of a dossier: a projection of his or her kennisgeving and verhuizingen.

    Created and refreshed only by the batch service; never edited by hand. `gemeente` is
    the current gemeente (besluiten B-13).
    """

    id = models.BigAutoField(primary_key=True)
    # The ORM makes it in Python; rows written in bulk (COPY) get it from the database.
    uuid = models.UUIDField("publiek id", default=uuid.uuid4, db_default=RandomUUID(), unique=True, editable=False)
    bsn = models.CharField("BSN", max_length=9, unique=True)
    achternaam = models.CharField(max_length=200)
    voornamen = models.CharField(max_length=200, blank=True)
    geboortedatum = models.DateField()
    nationaliteit = models.CharField(max_length=3, blank=True)
    stelsel = models.CharField(max_length=6, choices=choices(Stelsel))
    doelgroep = models.CharField(max_length=6, choices=choices(Doelgroep))
    datum_plicht = models.DateField()
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="inburgeraars", db_index=False)
    bijgewerkt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "inburgeraar"
        verbose_name_plural = "inburgeraars"
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(bsn__regex=r"^[0-9]{9}$"), name="inburgeraar_bsn_9_cijfers")]
        indexes = [models.Index(fields=["gemeente", "id"], name="inburgeraar_gemeente_idx")]

    def __str__(self) -> str:
        return f"{self.achternaam}, {self.voornamen}".strip(", ")


class Feit(models.Model):
    """The central register: one row per delivered fact, of any kind. Append-only."""

    id = models.BigAutoField(primary_key=True)
    # No single-column indexes on the foreign keys: (bron, kenmerk) and (inburgeraar, ingangsdatum)
    # cover them, and every extra index slows the bulk import. Bron and batch are header rows
    # that are never deleted (no delete path exists), so their references are not checked per
    # row by the database either: that check cost the import a quarter of its time.
    bron = models.ForeignKey(Bron, on_delete=models.PROTECT, related_name="feiten", db_index=False, db_constraint=False)
    kenmerk = models.CharField(max_length=100)
    soort = models.CharField(max_length=20, choices=choices(Soort))
    # Checked per statement by a trigger instead of per row (inburgering/core/verwijzing.py).
    inburgeraar = models.ForeignKey(
        Inburgeraar, on_delete=models.PROTECT, related_name="feiten", db_index=False, db_constraint=False
    )
    ingangsdatum = models.DateField(help_text="De datum waarop het feit ingaat (besluiten B-6).")
    inhoud_hash = models.CharField(max_length=64, help_text="SHA-256 van de getypeerde inhoud (besluiten B-11).")
    batch = models.ForeignKey(
        Batch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feiten",
        db_index=False,
        db_constraint=False,
    )
    batch_index = models.PositiveIntegerField(null=True, blank=True, help_text="Positie van het record in de batch.")
    ontvangen_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "feit"
        verbose_name_plural = "feiten"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["bron", "kenmerk"], name="feit_kenmerk_uniek_per_bron")]
        indexes = [
            models.Index(fields=["inburgeraar", "ingangsdatum"], name="feit_inburgeraar_idx"),
            models.Index(fields=["batch"], name="feit_batch_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.soort} {self.bron_id}/{self.kenmerk}"


def feit_sleutel(related_name: str) -> models.OneToOneField[Feit, Feit]:
    """The primary key of a detail table: its register row. The reference is checked per
    statement by a trigger, not per row (inburgering/core/verwijzing.py)."""
    return models.OneToOneField(
        Feit, on_delete=models.PROTECT, primary_key=True, related_name=related_name, db_constraint=False
    )


class FeitDetail(models.Model):
    """Base of the 18 detail tables: the register row is the primary key."""

    feit = feit_sleutel("+")

    # The koppelvlak soort this table stores; set on each concrete class.
    soort: Soort

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.soort} {self.feit_id}"


def detail_models() -> dict[str, type[FeitDetail]]:
    """The detail model of every record kind, by soort, across the apps (cases, leerroutes, examens)."""
    from django.apps import apps

    return {
        model.soort: model for model in apps.get_models() if issubclass(model, FeitDetail) and not model._meta.abstract
    }
