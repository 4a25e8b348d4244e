"""The logboek for the functioneel beheerder (backoffice.md): every processing, filtered."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.backoffice.formulieren import LogboekFormulier
from cases.backoffice.toegang import rol_vereist
from cases.constants import HANDELING_LABEL, Handeling, Rol
from cases.models import Medewerker, Verwerking


@require_GET
@rol_vereist(Rol.BEHEERDER)
def logboek(request: HttpRequest, medewerker: Medewerker) -> HttpResponse:
    formulier = LogboekFormulier(request.GET)
    qs = Verwerking.objects.select_related("inburgeraar").order_by("-tijdstip", "-id")
    status = 200
    if formulier.is_valid():
        d = formulier.cleaned_data
        if d.get("gebruiker"):
            qs = qs.filter(gebruikersnaam=d["gebruiker"])
        if d.get("handeling"):
            qs = qs.filter(handeling=d["handeling"])
        if d.get("gemeente"):
            qs = qs.filter(gemeente=d["gemeente"])
        if d.get("persoon"):
            qs = qs.filter(inburgeraar__uuid=d["persoon"])
        tz = timezone.get_current_timezone()
        if d.get("van"):
            qs = qs.filter(tijdstip__gte=dt.datetime.combine(d["van"], dt.time.min, tz))
        if d.get("tot"):
            qs = qs.filter(tijdstip__lt=dt.datetime.combine(d["tot"] + dt.timedelta(days=1), dt.time.min, tz))
        pagina = Paginator(qs, 100).get_page(d.get("pagina") or 1)
    else:
        status, pagina = 400, None
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    context = {
        "nav_actief": "logboek",
        "formulier": formulier,
        "pagina": pagina,
        "handelingen": [(h.value, HANDELING_LABEL[h]) for h in Handeling],
        "labels": {h.value: HANDELING_LABEL[h] for h in Handeling},
        "querystring": querystring.urlencode(),
    }
    return render(request, "logboek/lijst.html", context, status=status)
