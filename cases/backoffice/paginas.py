"""Start, login and search: `/` sends each role to its start page; `/zoeken/` finds a dossier by BSN
(posted, never in a URL) or name within the medewerker's gemeente, and logs every search."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cases.backoffice.formulieren import ZoekenFormulier
from cases.backoffice.toegang import geweigerd, medewerker_van, rol_vereist, trace_id
from cases.constants import Handeling, Rol
from cases.models import Medewerker
from cases.selectors import zichtbare_inburgeraars
from cases.services.logboek import pseudoniem, vastleggen

STARTPAGINA = {
    Rol.KLANTMANAGER: "/werkvoorraad/?klantmanager=mij",
    Rol.TEAMLEIDER: "/werkvoorraad/?klantmanager=mij",
    Rol.BELEIDSMEDEWERKER: "/rapportages/",
    Rol.BEHEERDER: "/logboek/",
}


def start(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("inloggen")
    medewerker = medewerker_van(request)
    if medewerker is None:
        melding = "U heeft nog geen rol in Inburgering; vraag de functioneel beheerder."
        return geweigerd(request, "Geen rol", melding, 403)
    return redirect(STARTPAGINA[Rol(medewerker.rol)])


class Inloggen(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class Uitloggen(auth_views.LogoutView):
    pass


@require_POST
@rol_vereist(Rol.KLANTMANAGER, Rol.TEAMLEIDER)
def zoeken(request: HttpRequest, medewerker: Medewerker) -> HttpResponse:
    """A BSN: straight to the dossier, or "niet gevonden" — the same page for who does not exist and
    who belongs to another gemeente. A name: the matches in the gemeente (one: straight there)."""
    formulier = ZoekenFormulier(request.POST)
    context: dict[str, Any] = {"nav_actief": "werkvoorraad", "formulier": formulier, "gevonden": []}
    if not formulier.is_valid():
        return render(request, "zoeken/resultaat.html", context, status=400)
    zichtbaar = zichtbare_inburgeraars(request.user)
    bsn, naam = formulier.cleaned_data.get("bsn"), formulier.cleaned_data.get("naam")
    if bsn:
        persoon = zichtbaar.filter(bsn=bsn).first()
        vastleggen(
            medewerker=medewerker,
            handeling=Handeling.GEZOCHT,
            trace_id=trace_id(request),
            inburgeraar_ids=[persoon.pk] if persoon else [],
            bsn_pseudoniem="" if persoon else pseudoniem(bsn),
        )
        if persoon is not None:
            return redirect(f"/dossiers/{persoon.uuid}/")
        return render(request, "zoeken/resultaat.html", context)
    filter_q = Q()
    for woord in str(naam).split()[:5]:
        filter_q &= Q(achternaam__icontains=woord) | Q(voornamen__icontains=woord)
    gevonden = list(zichtbaar.filter(filter_q).order_by("achternaam", "voornamen", "id")[:51])
    vastleggen(
        medewerker=medewerker,
        handeling=Handeling.GEZOCHT,
        trace_id=trace_id(request),
        inburgeraar_ids=[p.pk for p in gevonden],
    )
    if len(gevonden) == 1:
        return redirect(f"/dossiers/{gevonden[0].uuid}/")
    context.update(gevonden=gevonden[:50], meer=len(gevonden) > 50)
    return render(request, "zoeken/resultaat.html", context)
