"""Termijnoverschrijding, verwijtbaarheid, boetebedrag and the asiel rules (besluiten B-7),
AGI-ontheffing mogelijk (B-8) and ELIP (B-9). Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .dossier import Dossier
from .parameters import Regelparameters
from .voldaan import behaald, vereiste_examens_wi2013


@dataclass(frozen=True)
class BoeteOordeel:
    overschreden: bool
    verwijtbaar: bool | None
    boete_mogelijk: bool
    boete_bedrag: Decimal | None
    boete_reden: str | None
    uitleg: tuple[str, ...] = ()


def lesuren_keurmerk(dossier: Dossier) -> int:
    return sum(les.uren for les in dossier.lesuren if les.keurmerk)


def niet_behaalde_wi2013(dossier: Dossier, params: Regelparameters) -> dict[str, int]:
    """Required Wi2013 exam parts not passed (at A2 or higher), with their number of attempts."""
    kg = dossier.kennisgeving
    assert kg is not None
    return {
        o: sum(1 for e in dossier.examens if e.onderdeel == o)
        for o in vereiste_examens_wi2013(kg.datum_plicht, params)
        if not behaald(dossier, o, "a2")
    }


def _pogingen_klasse(niet_behaald: dict[str, int], params: Regelparameters, dag: dt.date) -> int:
    """0: not every part tried; 1: every part at least once; 2: every part the required number of times."""
    minimum = params.getal("verwijtbaar_min_pogingen", dag)
    minimum_ona = params.getal("verwijtbaar_min_pogingen_ona", dag)
    if all(n >= (minimum_ona if o == "ona" else minimum) for o, n in niet_behaald.items()):
        return 2
    if all(n >= 1 for n in niet_behaald.values()):
        return 1
    return 0


def boete_oordeel(
    dossier: Dossier,
    peildatum: dt.date,
    plichtig: bool,
    termijn_einde: dt.date | None,
    params: Regelparameters,
) -> BoeteOordeel:
    """besluiten B-7 on peildatum p (the dossier is cut at p)."""
    kg = dossier.kennisgeving
    overschreden = plichtig and termijn_einde is not None and peildatum > termijn_einde
    if kg is None or not overschreden:
        return BoeteOordeel(False, None, False, None, "niet_overschreden")
    uitleg = [f"plichtig en peildatum {peildatum} ligt na het einde van de termijn {termijn_einde} (B-7)"]
    if kg.stelsel == "wi2013":
        uren = lesuren_keurmerk(dossier)
        niet_behaald = niet_behaalde_wi2013(dossier, params)
        klasse = _pogingen_klasse(niet_behaald, params, peildatum)
        drempels = params.lijst("boete_wi2013_uren", peildatum)
        kolom = sum(1 for d in drempels if uren >= d)
        verwijtbaar = not (uren >= params.getal("verwijtbaar_min_lesuren", peildatum) and klasse == 2)
        bedrag = params.tabel("boete_wi2013_bedragen", peildatum)[klasse][kolom]
        pogingen = ", ".join(f"{o} {n}×" for o, n in niet_behaald.items()) or "geen"
        uitleg.append(
            f"Wi2013: {uren} lesuren bij een keurmerkinstelling; niet behaald: {pogingen} → "
            f"{'verwijtbaar' if verwijtbaar else 'niet verwijtbaar'}; boetetabel € {bedrag} (B-7)"
        )
    else:
        verwijtbaar = True
        bedrag = params.bedrag("boete_wi2021", peildatum)
        uitleg.append("Wi2021: overschrijding zonder geldige verlenging is verwijtbaar; boete € 1.000 (B-7)")
    if not verwijtbaar:
        return BoeteOordeel(True, False, False, None, "niet_verwijtbaar", tuple(uitleg))
    if kg.doelgroep == "asiel" and params.vlag("boete_asiel_uitgesloten", peildatum):
        uitleg.append("asielstatushouder: geen boete meer sinds HvJ EU Keren (B-7)")
        return BoeteOordeel(True, True, False, None, "keren_2025", tuple(uitleg))
    return BoeteOordeel(True, True, True, bedrag, None, tuple(uitleg))


def inning_opgeschort(dossier: Dossier, besluitdatum: dt.date, params: Regelparameters) -> bool:
    """besluiten B-7: Wi2013 asielstatushouders, boetebesluit on or after 2023-03-15."""
    kg = dossier.kennisgeving
    return (
        kg is not None
        and kg.stelsel == "wi2013"
        and kg.doelgroep == "asiel"
        and params.vlag("inning_opgeschort_asiel_wi2013", besluitdatum)
    )


def agi_mogelijk(dossier: Dossier, peildatum: dt.date, plichtig: bool, params: Regelparameters) -> bool:
    """besluiten B-8 (Wi2013): ≥ 600 lesuren keurmerk, at least one required exam part not passed,
    and every such part tried at least N times (N = 4, from 2023-04-01 3; beoordelingsdatum = peildatum)."""
    kg = dossier.kennisgeving
    if kg is None or kg.stelsel != "wi2013" or not plichtig:
        return False
    niet_behaald = niet_behaalde_wi2013(dossier, params)
    minimum = params.getal("agi_min_pogingen", peildatum)
    return (
        lesuren_keurmerk(dossier) >= params.getal("agi_min_lesuren", peildatum)
        and bool(niet_behaald)
        and all(n >= minimum for n in niet_behaald.values())
    )


def elip(dossier: Dossier, peildatum: dt.date, plichtig: bool, params: Regelparameters) -> bool:
    """besluiten B-9: Wi2013, asiel, plichtig, last known loan on or before the peildatum ≥ € 9.500."""
    kg = dossier.kennisgeving
    if kg is None or kg.stelsel != "wi2013" or kg.doelgroep != "asiel" or not plichtig:
        return False
    laatste = max(dossier.leningen, key=lambda lening: (lening.datum, lening.volgorde), default=None)
    return laatste is not None and laatste.bedrag_geleend >= params.bedrag("elip_grens", peildatum)
