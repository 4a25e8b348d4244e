"""Fact detail table of exam attempts: see cases.models.Feit."""

from __future__ import annotations

from django.db import models

from cases.constants import Soort
from cases.models import FeitDetail, feit_sleutel
from inburgering.core.choices import choices

from .constants import Niveau, Onderdeel, Resultaat


class Examen(FeitDetail):
    """One exam attempt (examenpoging)."""

    soort = Soort.EXAMEN
    feit = feit_sleutel("examen")
    datum = models.DateField()
    onderdeel = models.CharField(max_length=10, choices=choices(Onderdeel))
    niveau = models.CharField(max_length=2, choices=choices(Niveau))
    resultaat = models.CharField(max_length=15, choices=choices(Resultaat))

    class Meta:
        verbose_name = "examenpoging"
        verbose_name_plural = "examenpogingen"
