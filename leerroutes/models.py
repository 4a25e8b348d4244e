"""Fact detail tables of the learning route (Wi2021 mostly): see cases.models.Feit."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from cases.constants import Soort
from cases.models import FeitDetail, feit_sleutel
from inburgering.core.choices import choices

from .constants import LbtUitslag, Leerroute, ModuleOnderdeel, SoortDiploma, Taalonderdeel


class Leerbaarheidstoets(FeitDetail):
    soort = Soort.LEERBAARHEIDSTOETS
    feit = feit_sleutel("leerbaarheidstoets")
    datum = models.DateField()
    uitslag = models.CharField(max_length=15, choices=choices(LbtUitslag))

    class Meta:
        verbose_name = "leerbaarheidstoets"
        verbose_name_plural = "leerbaarheidstoetsen"


class Pip(FeitDetail):
    soort = Soort.PIP
    feit = feit_sleutel("pip")
    dagtekening = models.DateField()
    leerroute = models.CharField(max_length=10, choices=choices(Leerroute))
    afschalen = ArrayField(
        models.CharField(max_length=10, choices=choices(Taalonderdeel)),
        default=list,
        blank=True,
        help_text="Onderdelen die naar A2 zijn afgeschaald.",
    )

    class Meta:
        verbose_name = "PIP"
        verbose_name_plural = "PIP's"


class Aanbod(FeitDetail):
    soort = Soort.AANBOD
    feit = feit_sleutel("aanbod")
    datum_start = models.DateField()

    class Meta:
        verbose_name = "aanbod"
        verbose_name_plural = "aanbod"


class CoaVerblijf(FeitDetail):
    soort = Soort.COA_VERBLIJF
    feit = feit_sleutel("coa_verblijf")
    datum_van = models.DateField()
    datum_tot = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "COA-verblijf"
        verbose_name_plural = "COA-verblijven"


class Lesuren(FeitDetail):
    soort = Soort.LESUREN
    feit = feit_sleutel("lesuren")
    datum = models.DateField(help_text="Tot en met deze datum.")
    uren = models.PositiveIntegerField()
    keurmerk = models.BooleanField()

    class Meta:
        verbose_name = "lesuren"
        verbose_name_plural = "lesuren"
        constraints = [models.CheckConstraint(condition=Q(uren__gt=0), name="lesuren_uren_positief")]


class Module(FeitDetail):
    soort = Soort.MODULE
    feit = feit_sleutel("module")
    onderdeel = models.CharField(max_length=15, choices=choices(ModuleOnderdeel))
    datum_afgerond = models.DateField()

    class Meta:
        verbose_name = "module"
        verbose_name_plural = "modules"


class Diploma(FeitDetail):
    soort = Soort.DIPLOMA
    feit = feit_sleutel("diploma")
    soort_diploma = models.CharField(max_length=20, choices=choices(SoortDiploma))
    datum = models.DateField()

    class Meta:
        verbose_name = "diploma"
        verbose_name_plural = "diploma's"
