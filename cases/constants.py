"""Fixed value lists of koppelvlak v1 for the dossier and the fact register.

Plain enums (no Django) so that the pure domain modules can use them too.
"""

from __future__ import annotations

from enum import StrEnum


class Soort(StrEnum):
    """The 18 record kinds of koppelvlak v1 §3."""

    KENNISGEVING = "kennisgeving"
    VERHUIZING = "verhuizing"
    LEERBAARHEIDSTOETS = "leerbaarheidstoets"
    PIP = "pip"
    AANBOD = "aanbod"
    COA_VERBLIJF = "coa_verblijf"
    LESUREN = "lesuren"
    EXAMEN = "examen"
    MODULE = "module"
    DIPLOMA = "diploma"
    VOLDAAN = "voldaan"
    VRIJSTELLING = "vrijstelling"
    ONTHEFFING = "ontheffing"
    VERLENGING = "verlenging"
    VERVALLEN = "vervallen"
    LENING = "lening"
    BOETE = "boete"
    INTREKKING = "intrekking"


class Stelsel(StrEnum):
    WI2013 = "wi2013"
    WI2021 = "wi2021"


class Doelgroep(StrEnum):
    ASIEL = "asiel"
    GEZIN = "gezin"
    OVERIG = "overig"


class Status(StrEnum):
    """Status of an inburgeraar on a peildatum (besluiten B-6)."""

    PLICHTIG = "plichtig"
    VOLDAAN = "voldaan"
    VRIJGESTELD = "vrijgesteld"
    ONTHEVEN = "ontheven"
    VERVALLEN = "vervallen"


class OntheffingGrond(StrEnum):
    MEDISCH = "medisch"
    GELEVERDE_INSPANNING = "geleverde_inspanning"
    OVERIG = "overig"


class VrijstellingGrond(StrEnum):
    DIPLOMA = "diploma"


class VervallenReden(StrEnum):
    VERTREK = "vertrek"
    OVERLIJDEN = "overlijden"
    NATURALISATIE = "naturalisatie"
    ONTERECHT_OPGELEGD = "onterecht_opgelegd"


class VerlengingGrond(StrEnum):
    """Verlenging grounds (besluiten B-3)."""

    NIET_VERWIJTBAAR = "niet_verwijtbaar"
    ALFABETISERING = "alfabetisering"
    CORONA_GENERIEK = "corona_generiek"
    CORONA_SPECIFIEK = "corona_specifiek"
    OVERLIJDEN_FAMILIELID = "overlijden_familielid"
    BEVALLING = "bevalling"
    AANBOD_UITGEBLEVEN = "aanbod_uitgebleven"
    AZC_VERBLIJF = "azc_verblijf"
    ZIEKTE = "ziekte"
    EXAMENCAPACITEIT = "examencapaciteit"
    OPLEIDING = "opleiding"
    ONDERBREKING_VERBLIJF = "onderbreking_verblijf"
    OVERIG = "overig"


class SoortBoete(StrEnum):
    TERMIJNOVERSCHRIJDING = "termijnoverschrijding"
    PVT = "pvt"
    MAP = "map"
    MEDEWERKING = "medewerking"


class BatchStatus(StrEnum):
    ONTVANGEN = "ontvangen"
    BEZIG = "bezig"
    VERWERKT = "verwerkt"
    MISLUKT = "mislukt"
