"""The dossier page (backoffice.md): header, every derived value with its uitleg, the proposals,
signals, the timeline of facts with retractions struck through, the assignments; `?peildatum=` shows
the dossier as it was on that day. Every look is in the logboek."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases.backoffice.formulieren import ToewijzingFormulier
from cases.backoffice.toegang import geweigerd, niet_gevonden, rol_vereist, trace_id
from cases.constants import SIGNAAL_LABEL, Handeling, Rol, Signaal
from cases.koppelvlak import lees_peildatum
from cases.models import Gemeente, HuidigeToewijzing, Inburgeraar, Medewerker, Toewijzing
from cases.selectors import dossiers, regelparameters, tijdlijn, uitkomst, zichtbare_inburgeraars
from cases.selectors.werkvoorraad import klantmanagers
from cases.services.logboek import vastleggen
from cases.services.toewijzing import ToewijzingGeweigerd, toewijzen


def zichtbaar_dossier(request: HttpRequest, id: str) -> Inburgeraar | None:
    """The inburgeraar with this public id if the user may see him (else None: a 404, never a 403)."""
    try:
        publiek = uuid.UUID(id)
    except ValueError:
        return None
    return zichtbare_inburgeraars(request.user).filter(uuid=publiek).first()


def _peildatum(waarde: str | None, vandaag: dt.date) -> dt.date | str:
    """The peildatum of the page, or the Dutch message why the value is not one."""
    return lees_peildatum(waarde) if waarde else vandaag


# The derived values in the order of the page: (label, uitleg key, rule).
WAARDEN = (
    ("Status", "status", "B-6"),
    ("Termijn", "termijn_einde", "B-2, B-3"),
    ("Boete en verwijtbaarheid", "boete", "B-7"),
    ("PIP-deadline", "pip_deadline", "B-4"),
    ("Voorstellen voor verlenging", "voorstellen", "B-3"),
)


@require_GET
@rol_vereist(Rol.KLANTMANAGER, Rol.TEAMLEIDER)
def dossier(request: HttpRequest, medewerker: Medewerker, id: str) -> HttpResponse:
    persoon = zichtbaar_dossier(request, id)
    if persoon is None:
        return niet_gevonden(request)
    vandaag = timezone.localdate()
    peildatum = _peildatum(request.GET.get("peildatum"), vandaag)
    if isinstance(peildatum, str):
        return geweigerd(request, "Ongeldige peildatum", peildatum, 400)
    vastleggen(
        medewerker=medewerker,
        handeling=Handeling.DOSSIER_BEKEKEN,
        trace_id=trace_id(request),
        inburgeraar_ids=[persoon.pk],
    )
    params = regelparameters()
    d = dossiers([persoon.pk])[persoon.pk]
    u = uitkomst(persoon.pk, d, peildatum, params)
    feiten = [(f, detail) for f, detail in tijdlijn(persoon) if f.ingangsdatum <= peildatum]
    huidig = HuidigeToewijzing.objects.filter(inburgeraar=persoon).select_related("klantmanager__user").first()
    context: dict[str, Any] = {
        "nav_actief": "werkvoorraad",
        "persoon": persoon,
        "peildatum": peildatum,
        "vandaag": vandaag,
        "is_vandaag": peildatum == vandaag,
        "gemeente": d.gemeente_op(peildatum),
        "gemeente_naam": Gemeente.objects.filter(code=d.gemeente_op(peildatum)).values_list("naam", flat=True).first(),
        "u": u,
        "waarden": [(label, u.uitleg.get(sleutel, []), regel) for label, sleutel, regel in WAARDEN],
        "signalen": [(s, SIGNAAL_LABEL.get(Signaal(s), s)) for s in u.signalen],
        "parameters": u.parameters,
        "tijdlijn": [_feit(f, detail) for f, detail in feiten],
        "klantmanager": huidig.klantmanager if huidig else None,
        "toewijzingen": Toewijzing.objects.filter(inburgeraar=persoon)
        .select_related("klantmanager__user", "door__user")
        .order_by("-id"),
        "toewijzing": ToewijzingFormulier(),
        "kandidaten": klantmanagers(medewerker) if medewerker.rol == Rol.TEAMLEIDER else [],
    }
    return render(request, "dossier/pagina.html", context)


def _feit(feit: Any, detail: Any) -> dict[str, Any]:
    inhoud = []
    if detail is not None:
        for veld in detail._meta.concrete_fields:
            if veld.name == "feit":
                continue
            waarde = getattr(detail, veld.attname)
            if waarde in (None, "", []):
                continue
            inhoud.append((veld.verbose_name, waarde))
    intrekking = getattr(feit, "ingetrokken_door", None)
    return {"feit": feit, "inhoud": inhoud, "intrekking": intrekking}


@require_POST
@rol_vereist(Rol.KLANTMANAGER, Rol.TEAMLEIDER)
def dossier_toewijzen(request: HttpRequest, medewerker: Medewerker, id: str) -> HttpResponse:
    """A klantmanager takes the dossier himself; a teamleider assigns it to anyone of the gemeente."""
    persoon = zichtbaar_dossier(request, id)
    if persoon is None:
        return niet_gevonden(request)
    formulier = ToewijzingFormulier(request.POST)
    if not formulier.is_valid():
        messages.error(request, " ".join(str(e) for f in formulier.errors.values() for e in f))
        return redirect(f"/dossiers/{persoon.uuid}/")
    gekozen = formulier.cleaned_data["klantmanager"]
    if medewerker.rol == Rol.KLANTMANAGER:
        aan: Medewerker | None = medewerker
    else:
        aan = klantmanagers(medewerker).filter(user__username=gekozen).first() if gekozen else None
        if gekozen and aan is None:
            messages.error(request, "Kies een klantmanager van uw eigen gemeente.")
            return redirect(f"/dossiers/{persoon.uuid}/")
    try:
        aantal = toewijzen(
            door=medewerker,
            aan=aan,
            inburgeraar_ids=[persoon.pk],
            reden=formulier.cleaned_data["reden"],
            trace_id=trace_id(request),
        )
    except ToewijzingGeweigerd as exc:
        messages.error(request, str(exc))
    else:
        wie = aan.user.get_username() if aan else "niemand"
        messages.success(request, f"Toegewezen aan {wie}." if aantal else f"Het dossier was al van {wie}.")
    return redirect(f"/dossiers/{persoon.uuid}/")
