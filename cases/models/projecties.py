"""What is derived or configured rather than delivered: the rule parameters (besluiten B-14), the
projections the rules compute (projectie, status and gemeente periods) with their work queue."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone

from cases.constants import (
    Status,
)
from cases.models.register import Gemeente, Inburgeraar
from inburgering.core.choices import choices


class Regelparameter(models.Model):
    """One version of a rule parameter (besluiten B-14): read-only in the admin, seeded by a migration."""

    naam = models.CharField(max_length=60)
    waarde = models.CharField(max_length=200, help_text="Getal, bedrag, datum, ja/nee of een lijst (1,2,3).")
    soort = models.CharField(max_length=10, choices=[(s, s) for s in ("getal", "bedrag", "vlag", "tekst")])
    geldig_vanaf = models.DateField()
    bron = models.CharField(max_length=300)

    class Meta:
        verbose_name = "regelparameter"
        verbose_name_plural = "regelparameters"
        ordering = ["naam", "geldig_vanaf"]
        constraints = [models.UniqueConstraint(fields=["naam", "geldig_vanaf"], name="regelparameter_versie_uniek")]

    def __str__(self) -> str:
        return f"{self.naam} = {self.waarde} (vanaf {self.geldig_vanaf})"


class Projectie(models.Model):
    """What the rules derive for an inburgeraar today (besluiten B-2 … B-15), stored for fast lists.

    Always recomputable from the facts (`herbereken`); recomputing an unchanged dossier
    changes nothing. `berekend_op` is the day they were computed for: the nightly job
    recomputes the dossiers whose values depend on the date, and a dossier with a recompute
    pending (`cases_herberekening`) is shown computed from its facts instead (the API).
    """

    inburgeraar = models.OneToOneField(
        Inburgeraar, on_delete=models.CASCADE, primary_key=True, related_name="projectie"
    )
    berekend_op = models.DateField(help_text="De peildatum (vandaag) van de berekening.")
    status = models.CharField(max_length=12, choices=choices(Status))
    status_datum = models.DateField()
    ontheffing_grond = models.CharField(max_length=25, blank=True)
    termijn_start = models.DateField(null=True, blank=True)
    termijn_einde = models.DateField(null=True, blank=True)
    termijn_overschreden = models.BooleanField(default=False)
    verwijtbaar = models.BooleanField(null=True, blank=True)
    boete_mogelijk = models.BooleanField(default=False)
    boete_bedrag = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    boete_reden = models.CharField(max_length=25, blank=True)
    agi_mogelijk = models.BooleanField(default=False)
    elip = models.BooleanField(default=False)
    pip_deadline = models.DateField(null=True, blank=True)
    signalen = ArrayField(models.CharField(max_length=30), default=list, blank=True)
    leerroute = models.CharField(max_length=20, blank=True, help_text="Van het PIP dat geldt (leeg: geen PIP).")
    # For the werkvoorraad, in the row its filters and its order read (one index serves a gemeente's page):
    gemeente = models.CharField(max_length=4, blank=True, help_text="De gemeente van vandaag (B-13).")
    gemeente_tot = models.DateField(
        null=True, blank=True, help_text="Tot wanneer die gemeente geldt (een bekende verhuizing); leeg: open."
    )
    deadline = models.DateField(null=True, blank=True, help_text="De eerste wettelijke deadline: PIP of termijneinde.")

    class Meta:
        verbose_name = "projectie"
        verbose_name_plural = "projecties"
        indexes = [
            models.Index(fields=["status"], name="projectie_status_idx"),
            GinIndex(fields=["signalen"], name="projectie_signalen_idx"),
            models.Index(fields=["termijn_einde"], name="projectie_termijn_einde_idx"),
            # The werkvoorraad's default page: a gemeente's plichtigen, overschreden first, then by deadline.
            models.Index(
                fields=["gemeente", "status", "-termijn_overschreden", "deadline"], name="projectie_werkvoorraad_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inburgeraar_id}: {self.status}"


class StatusPeriode(models.Model):
    """A period in which an inburgeraar had one status (van <= peildatum < tot), so reports count any
    past peildatum with one GROUP BY. Rewritten with the projection."""

    id = models.BigAutoField(primary_key=True)
    inburgeraar = models.ForeignKey(
        Inburgeraar, on_delete=models.CASCADE, related_name="statusperioden", db_index=False
    )
    status = models.CharField(max_length=12, choices=choices(Status))
    grond = models.CharField(max_length=25, blank=True)
    van = models.DateField()
    tot = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "statusperiode"
        verbose_name_plural = "statusperioden"
        indexes = [
            models.Index(fields=["inburgeraar", "van"], name="statusperiode_persoon_idx"),
            models.Index(fields=["van", "tot"], name="statusperiode_periode_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.status} {self.van}–{self.tot or ''}"


class GemeentePeriode(models.Model):
    """A period in which an inburgeraar belonged to one gemeente (van <= peildatum < tot; besluiten
    B-13 as computed by `Dossier.gemeente_perioden`). The first period starts at 0001-01-01 (open
    to the past). Rewritten by the recompute with the status periods; lists on a peildatum, the
    medewerker's scope and the reports per gemeente read it (docs/adr/0004)."""

    id = models.BigAutoField(primary_key=True)
    inburgeraar = models.ForeignKey(
        Inburgeraar, on_delete=models.CASCADE, related_name="gemeenteperioden", db_index=False
    )
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+", db_index=False)
    van = models.DateField()
    tot = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "gemeenteperiode"
        verbose_name_plural = "gemeenteperioden"
        indexes = [
            models.Index(fields=["inburgeraar", "van"], name="gemeenteperiode_persoon_idx"),
            models.Index(fields=["gemeente", "van"], name="gemeenteperiode_gemeente_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente_id} {self.van}–{self.tot or ''}"


class Herberekening(models.Model):
    """Work queue of dossiers whose projection must be recomputed (a fact was added).

    The batch service adds rows in the same transaction as the facts; the recompute task
    claims rows with DELETE … FOR UPDATE SKIP LOCKED in the transaction that writes the new
    projection, so a crashed worker leaves them queued and nothing is done twice.
    """

    inburgeraar = models.OneToOneField(Inburgeraar, on_delete=models.CASCADE, primary_key=True, related_name="+")
    sinds = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "herberekening"
        verbose_name_plural = "herberekeningen"

    def __str__(self) -> str:
        return str(self.inburgeraar_id)
