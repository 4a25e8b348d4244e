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


class Rol(StrEnum):
    """The roles of a medewerker (backoffice.md, Rollen)."""

    KLANTMANAGER = "klantmanager"
    TEAMLEIDER = "teamleider"
    BELEIDSMEDEWERKER = "beleidsmedewerker"
    BEHEERDER = "beheerder"


# Roles that work with persons of their own gemeente (and must have one).
ROLLEN_MET_PERSONEN = (Rol.KLANTMANAGER, Rol.TEAMLEIDER)


class Handeling(StrEnum):
    """What a medewerker did with personal data (backoffice.md, Logboek)."""

    DOSSIER_BEKEKEN = "dossier_bekeken"
    GEZOCHT = "gezocht"
    LIJST_BEKEKEN = "lijst_bekeken"
    EXPORT = "export"
    PDF_GEDOWNLOAD = "pdf_gedownload"
    FEIT_GEREGISTREERD = "feit_geregistreerd"
    TOEGEWEZEN = "toegewezen"


HANDELING_LABEL = {
    Handeling.DOSSIER_BEKEKEN: "dossier bekeken",
    Handeling.GEZOCHT: "gezocht op BSN of naam",
    Handeling.LIJST_BEKEKEN: "werkvoorraad bekeken",
    Handeling.EXPORT: "export gemaakt",
    Handeling.PDF_GEDOWNLOAD: "PDF gedownload",
    Handeling.FEIT_GEREGISTREERD: "feit geregistreerd",
    Handeling.TOEGEWEZEN: "toegewezen",
}

# The purpose (verwerkingsactiviteit) of every processing here: the gemeente's task under the Wet inburgering.
VERWERKINGSACTIVITEIT = "uitvoering Wet inburgering: begeleiding en regie (art. 6 lid 1 sub e AVG)"


class Signaal(StrEnum):
    """The signal codes of besluiten B-15 (and `berekening_mislukt`), in the order of the API."""

    PIP_DEADLINE_NADERT = "pip_deadline_nadert"
    PIP_TE_LAAT = "pip_te_laat"
    TERMIJN_EINDIGT_BINNENKORT = "termijn_eindigt_binnenkort"
    TERMIJN_OVERSCHREDEN = "termijn_overschreden"
    AANBOD_UITGEBLEVEN = "aanbod_uitgebleven"
    VERLENGING_VOORGESTELD = "verlenging_voorgesteld"
    AGI_MOGELIJK = "agi_mogelijk"
    ELIP = "elip"
    STATUS_WIJKT_AF = "status_wijkt_af"
    PVT_NIET_TIJDIG = "pvt_niet_tijdig"
    MAP_NIET_TIJDIG = "map_niet_tijdig"
    BEREKENING_MISLUKT = "berekening_mislukt"


SIGNAAL_LABEL = {
    Signaal.PIP_DEADLINE_NADERT: "PIP-deadline nadert",
    Signaal.PIP_TE_LAAT: "PIP te laat",
    Signaal.TERMIJN_EINDIGT_BINNENKORT: "termijn eindigt binnenkort",
    Signaal.TERMIJN_OVERSCHREDEN: "termijn overschreden",
    Signaal.AANBOD_UITGEBLEVEN: "aanbod uitgebleven",
    Signaal.VERLENGING_VOORGESTELD: "verlenging voorgesteld",
    Signaal.AGI_MOGELIJK: "ontheffing AGI mogelijk",
    Signaal.ELIP: "ELIP (lening)",
    Signaal.STATUS_WIJKT_AF: "status wijkt af van DUO",
    Signaal.PVT_NIET_TIJDIG: "PVT niet tijdig",
    Signaal.MAP_NIET_TIJDIG: "MAP niet tijdig",
    Signaal.BEREKENING_MISLUKT: "berekening mislukt",
}
