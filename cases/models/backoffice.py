"""The back office (backoffice.md): medewerkers with a role, assignments, named searches, and the
logboek of every processing of personal data. Assignments and the logboek are append-only in the
database, like the facts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.constants import ROLLEN_MET_PERSONEN, Handeling, Rol
from cases.models.register import Gemeente, Inburgeraar
from inburgering.core.choices import choices


class Medewerker(models.Model):
    """A user with one role; klantmanager and teamleider belong to exactly one gemeente and see only
    the inburgeraars that belong to it today (besluiten B-13)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="medewerker")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    rol = models.CharField(max_length=20, choices=choices(Rol), default=Rol.KLANTMANAGER)

    class Meta:
        verbose_name = "medewerker"
        verbose_name_plural = "medewerkers"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(rol__in=[str(r) for r in ROLLEN_MET_PERSONEN]) | models.Q(gemeente__isnull=False),
                name="medewerker_met_personen_heeft_gemeente",
                violation_error_message="Een klantmanager of teamleider hoort bij een gemeente.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.rol}, {self.gemeente_id or 'geen gemeente'})"

    @property
    def werkt_met_personen(self) -> bool:
        return self.rol in ROLLEN_MET_PERSONEN and self.gemeente_id is not None


class Toewijzing(models.Model):
    """One assignment of a dossier to a klantmanager (or its release: `klantmanager` empty), with who
    did it and why. Append-only history; the current one is kept in `HuidigeToewijzing`."""

    id = models.BigAutoField(primary_key=True)
    inburgeraar = models.ForeignKey(Inburgeraar, on_delete=models.PROTECT, related_name="+", db_index=False)
    klantmanager = models.ForeignKey(
        Medewerker, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    door = models.ForeignKey(Medewerker, on_delete=models.PROTECT, related_name="+", db_index=False)
    reden = models.CharField(max_length=500)
    op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "toewijzing"
        verbose_name_plural = "toewijzingen"
        indexes = [models.Index(fields=["inburgeraar", "id"], name="toewijzing_persoon_idx")]

    def __str__(self) -> str:
        return f"{self.inburgeraar_id} → {self.klantmanager_id or 'niemand'}"


class HuidigeToewijzing(models.Model):
    """Who has the dossier now: the last `Toewijzing`, written in the same transaction."""

    inburgeraar = models.OneToOneField(Inburgeraar, on_delete=models.CASCADE, primary_key=True, related_name="+")
    klantmanager = models.ForeignKey(Medewerker, on_delete=models.PROTECT, related_name="+", db_index=False)
    sinds = models.DateTimeField()

    class Meta:
        verbose_name = "huidige toewijzing"
        verbose_name_plural = "huidige toewijzingen"
        indexes = [models.Index(fields=["klantmanager"], name="huidige_toewijzing_km_idx")]

    def __str__(self) -> str:
        return f"{self.inburgeraar_id} → {self.klantmanager_id}"


class Zoekopdracht(models.Model):
    """A named search of the werkvoorraad: the filters as a query string, per medewerker."""

    medewerker = models.ForeignKey(Medewerker, on_delete=models.CASCADE, related_name="zoekopdrachten")
    naam = models.CharField(max_length=80)
    filters = models.CharField(max_length=1000)
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "benoemde zoekopdracht"
        verbose_name_plural = "benoemde zoekopdrachten"
        ordering = ["naam"]
        constraints = [models.UniqueConstraint(fields=["medewerker", "naam"], name="zoekopdracht_naam_uniek")]

    def __str__(self) -> str:
        return self.naam


class Verwerking(models.Model):
    """One processing of one person's data by a medewerker (backoffice.md, Logboek; after the
    standard Logboek Dataverwerkingen). Append-only; read only by the beheerder and by `inzage`.

    A search without result stores the BSN pseudonymised (`bsn_pseudoniem`, HMAC), never the BSN."""

    id = models.BigAutoField(primary_key=True)
    tijdstip = models.DateTimeField(default=timezone.now)
    handeling = models.CharField(max_length=25, choices=choices(Handeling))
    verwerkingsactiviteit = models.CharField(max_length=200)
    gebruiker_id = models.IntegerField(help_text="auth_user.id van de medewerker (geen FK: het logboek blijft).")
    gebruikersnaam = models.CharField(max_length=150)
    rol = models.CharField(max_length=20, choices=choices(Rol))
    gemeente = models.CharField(max_length=4, blank=True)
    inburgeraar = models.ForeignKey(
        Inburgeraar, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    bsn_pseudoniem = models.CharField(max_length=64, blank=True)
    trace_id = models.CharField(max_length=32)

    class Meta:
        verbose_name = "verwerking"
        verbose_name_plural = "logboek (verwerkingen)"
        indexes = [
            models.Index(fields=["inburgeraar", "tijdstip"], name="verwerking_persoon_idx"),
            models.Index(fields=["tijdstip"], name="verwerking_tijdstip_idx"),
            models.Index(fields=["gebruikersnaam", "tijdstip"], name="verwerking_gebruiker_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.gebruikersnaam} {self.handeling}"
