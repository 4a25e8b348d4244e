"""Fixed value lists of koppelvlak v1 for leerroutes (Wi2021)."""

from __future__ import annotations

from enum import StrEnum


class Leerroute(StrEnum):
    B1 = "b1"
    ONDERWIJS = "onderwijs"
    Z = "z"


class LbtUitslag(StrEnum):
    HAALBAAR = "haalbaar"
    NIET_HAALBAAR = "niet_haalbaar"


class ModuleOnderdeel(StrEnum):
    PVT = "pvt"
    MAP = "map"
    Z_EINDGESPREK = "z_eindgesprek"


class SoortDiploma(StrEnum):
    STAATSEXAMEN_NT2 = "staatsexamen_nt2"
    TAALSCHAKELTRAJECT = "taalschakeltraject"


class Taalonderdeel(StrEnum):
    """The parts a PIP may 'afschalen' to A2 (besluiten B-5)."""

    LEZEN = "lezen"
    LUISTEREN = "luisteren"
    SCHRIJVEN = "schrijven"
    SPREKEN = "spreken"
