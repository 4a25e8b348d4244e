"""The detail tables of the kinds that belong to the dossier itself (kennisgeving, verhuizing, voldaan,
vrijstelling, ontheffing, verlenging, vervallen, lening, boete, intrekking); leerroutes and examens
hold theirs. Append-only like the register (migration 0002)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from cases.constants import (
    Doelgroep,
    OntheffingGrond,
    Soort,
    SoortBoete,
    Stelsel,
    VerlengingGrond,
    VervallenReden,
    VrijstellingGrond,
)
from cases.models.register import Feit, FeitDetail, Gemeente, feit_sleutel
from inburgering.core.choices import choices


class Kennisgeving(FeitDetail):
    soort = Soort.KENNISGEVING
    feit = feit_sleutel("kennisgeving")
    bsn = models.CharField("BSN", max_length=9)
    achternaam = models.CharField(max_length=200)
    voornamen = models.CharField(max_length=200, blank=True)
    geboortedatum = models.DateField()
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    doelgroep = models.CharField(max_length=6, choices=choices(Doelgroep))
    stelsel = models.CharField(max_length=6, choices=choices(Stelsel))
    datum_plicht = models.DateField()
    datum_kennisgeving = models.DateField()
    datum_inschrijving_gemeente = models.DateField(null=True, blank=True)
    nationaliteit = models.CharField(max_length=3, blank=True)

    class Meta:
        verbose_name = "kennisgeving"
        verbose_name_plural = "kennisgevingen"


class Verhuizing(FeitDetail):
    soort = Soort.VERHUIZING
    feit = feit_sleutel("verhuizing")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    datum = models.DateField()

    class Meta:
        verbose_name = "verhuizing"
        verbose_name_plural = "verhuizingen"


class Voldaan(FeitDetail):
    soort = Soort.VOLDAAN
    feit = feit_sleutel("voldaan")
    datum = models.DateField()

    class Meta:
        verbose_name = "voldaan"
        verbose_name_plural = "voldaan"


class Vrijstelling(FeitDetail):
    soort = Soort.VRIJSTELLING
    feit = feit_sleutel("vrijstelling")
    datum = models.DateField()
    grond = models.CharField(max_length=10, choices=choices(VrijstellingGrond), default=VrijstellingGrond.DIPLOMA)

    class Meta:
        verbose_name = "vrijstelling"
        verbose_name_plural = "vrijstellingen"


class Ontheffing(FeitDetail):
    soort = Soort.ONTHEFFING
    feit = feit_sleutel("ontheffing")
    datum = models.DateField()
    grond = models.CharField(max_length=20, choices=choices(OntheffingGrond))

    class Meta:
        verbose_name = "ontheffing"
        verbose_name_plural = "ontheffingen"


class Verlenging(FeitDetail):
    soort = Soort.VERLENGING
    feit = feit_sleutel("verlenging")
    besluitdatum = models.DateField()
    grond = models.CharField(max_length=25, choices=choices(VerlengingGrond))
    maanden = models.PositiveIntegerField(null=True, blank=True)
    weken = models.PositiveIntegerField(null=True, blank=True)
    dagen = models.PositiveIntegerField(null=True, blank=True)
    tot = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "verlenging"
        verbose_name_plural = "verlengingen"
        constraints = [
            # Exactly one of maanden | weken | dagen | tot (koppelvlak §3).
            models.CheckConstraint(
                condition=Q(maanden__isnull=False, weken__isnull=True, dagen__isnull=True, tot__isnull=True)
                | Q(maanden__isnull=True, weken__isnull=False, dagen__isnull=True, tot__isnull=True)
                | Q(maanden__isnull=True, weken__isnull=True, dagen__isnull=False, tot__isnull=True)
                | Q(maanden__isnull=True, weken__isnull=True, dagen__isnull=True, tot__isnull=False),
                name="verlenging_precies_een_duur",
            ),
            models.CheckConstraint(
                condition=Q(maanden__gt=0) | Q(weken__gt=0) | Q(dagen__gt=0) | Q(tot__isnull=False),
                name="verlenging_duur_positief",
            ),
        ]


class Vervallen(FeitDetail):
    soort = Soort.VERVALLEN
    feit = feit_sleutel("vervallen")
    datum = models.DateField()
    reden = models.CharField(max_length=20, choices=choices(VervallenReden))

    class Meta:
        verbose_name = "vervallen"
        verbose_name_plural = "vervallen"


class Lening(FeitDetail):
    soort = Soort.LENING
    feit = feit_sleutel("lening")
    datum = models.DateField()
    bedrag_geleend = models.DecimalField(max_digits=9, decimal_places=2)

    class Meta:
        verbose_name = "lening"
        verbose_name_plural = "leningen"
        constraints = [models.CheckConstraint(condition=Q(bedrag_geleend__gte=0), name="lening_bedrag_niet_negatief")]


class Boete(FeitDetail):
    soort = Soort.BOETE
    feit = feit_sleutel("boete")
    besluitdatum = models.DateField()
    bedrag = models.DecimalField(max_digits=9, decimal_places=2)
    soort_boete = models.CharField(max_length=25, choices=choices(SoortBoete))

    class Meta:
        verbose_name = "boete"
        verbose_name_plural = "boetes"
        constraints = [models.CheckConstraint(condition=Q(bedrag__gt=0), name="boete_bedrag_positief")]


class Intrekking(FeitDetail):
    """Retracts an earlier fact of the same bron (besluiten B-12); one retraction per fact."""

    soort = Soort.INTREKKING
    feit = feit_sleutel("intrekking")
    ingetrokken = models.OneToOneField(Feit, on_delete=models.PROTECT, related_name="ingetrokken_door")
    datum = models.DateField()
    reden = models.CharField(max_length=200)

    class Meta:
        verbose_name = "intrekking"
        verbose_name_plural = "intrekkingen"
