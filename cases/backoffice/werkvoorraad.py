"""The werkvoorraad pages: the list with tabs, counters, filters and paging (a partial for htmx,
the whole page otherwise), its CSV export, named searches, and bulk assignment with a preview."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from cases.backoffice.formulieren import PER_PAGINA, ToewijzingFormulier, WerkvoorraadFormulier, ZoekopdrachtFormulier
from cases.backoffice.toegang import geweigerd, rol_vereist, trace_id
from cases.constants import SIGNAAL_LABEL, Handeling, Rol, Signaal
from cases.models import Inburgeraar, Medewerker, Zoekopdracht
from cases.selectors.werkvoorraad import (
    SORTERINGEN,
    Filters,
    klantmanagers,
    per_klantmanager,
    samenvatting,
    volgorde,
    werkvoorraad,
)
from cases.services.logboek import vastleggen
from cases.services.toewijzing import ToewijzingGeweigerd, toewijzen

MET_PERSONEN = (Rol.KLANTMANAGER, Rol.TEAMLEIDER)
TABBLADEN = (("mij", "Mijn dossiers"), ("geen", "Niet toegewezen"), ("", "Hele gemeente"))
CSV_KOLOMMEN = [
    "id", "bsn", "achternaam", "voornamen", "gemeente", "stelsel", "doelgroep", "status", "termijn_einde",
    "pip_deadline", "signalen", "klantmanager", "datum_plicht", "cohort", "leerroute",
]  # fmt: skip


def _zonder(params: QueryDict, *namen: str, **nieuw: Any) -> str:
    """The query string of this list with some parameters dropped or replaced (links keep the rest)."""
    q = params.copy()
    for naam in (*namen, *nieuw):
        q.pop(naam, None)
    for naam, waarde in nieuw.items():
        if waarde not in (None, ""):
            q[naam] = str(waarde)
    return q.urlencode()


def _lijst(request: HttpRequest, medewerker: Medewerker) -> tuple[WerkvoorraadFormulier, Filters | None]:
    data = request.GET.copy()
    data.setdefault("per_pagina", str(PER_PAGINA[1]))  # so that the form shows what the list uses
    formulier = WerkvoorraadFormulier(data)
    return formulier, (formulier.filters() if formulier.is_valid() else None)


@require_GET
@rol_vereist(*MET_PERSONEN)
@vary_on_headers("HX-Request")
def lijst(request: HttpRequest, medewerker: Medewerker) -> HttpResponse:
    formulier, filters = _lijst(request, medewerker)
    vandaag = timezone.localdate()
    context: dict[str, Any] = {
        "nav_actief": "werkvoorraad",
        "formulier": formulier,
        "tabbladen": [
            (waarde, label, "?" + _zonder(request.GET, "pagina", klantmanager=waarde)) for waarde, label in TABBLADEN
        ],
        "klantmanager_filter": request.GET.get("klantmanager", ""),
        "zoekopdrachten": medewerker.zoekopdrachten.all(),
        "klantmanagers": klantmanagers(medewerker) if medewerker.rol == Rol.TEAMLEIDER else [],
        "overzicht": per_klantmanager(medewerker, vandaag) if medewerker.rol == Rol.TEAMLEIDER else [],
        "querystring": request.GET.urlencode(),
        "vandaag": vandaag,
    }
    status = 200
    if filters is None:
        status = 400
        context.update(pagina=None, tellers=[], kolommen=[])
    else:
        per_pagina = formulier.cleaned_data.get("per_pagina") or PER_PAGINA[1]
        lijst = volgorde(medewerker, filters, vandaag)
        pagina = Paginator(lijst, per_pagina).get_page(formulier.cleaned_data.get("pagina") or 1)
        rijen = list(pagina.object_list)
        vastleggen(
            medewerker=medewerker,
            handeling=Handeling.LIJST_BEKEKEN,
            trace_id=trace_id(request),
            inburgeraar_ids=[p.pk for p in rijen],
        )
        aantallen = samenvatting(medewerker, filters, vandaag).tellers
        context.update(
            signaal_label=SIGNAAL_LABEL.get(Signaal(filters.signaal), "") if filters.signaal else "",
            pagina=pagina,
            rijen=[_rij(p) for p in rijen],
            tellers=[
                (
                    s.value,
                    SIGNAAL_LABEL[s],
                    aantallen.get(s.value, 0),
                    "?" + _zonder(request.GET, "pagina", signaal=s.value),
                )
                for s in Signaal
                if aantallen.get(s.value, 0) or filters.signaal == s.value
            ],
            kolommen=_kolommen(request.GET, filters.sorteer),
            paginalinks=_paginalinks(request.GET, pagina),
        )
    # htmx asks for the list only; a history restore (back button after a cache miss) for the page.
    deel = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    sjabloon = "werkvoorraad/_resultaat.html" if deel else "werkvoorraad/lijst.html"
    return render(request, sjabloon, context, status=status)


def _rij(p: Inburgeraar) -> dict[str, Any]:
    """What one row shows; the deadline colours come from the projection's signals (B-15)."""
    projectie = getattr(p, "projectie", None)
    signalen = set(projectie.signalen) if projectie else set()
    termijn = "ok"
    if projectie and projectie.termijn_overschreden:
        termijn = "verstreken"
    elif Signaal.TERMIJN_EINDIGT_BINNENKORT in signalen:
        termijn = "nadert"
    pip = "ok"
    if Signaal.PIP_TE_LAAT in signalen:
        pip = "verstreken"
    elif Signaal.PIP_DEADLINE_NADERT in signalen:
        pip = "nadert"
    return {
        "persoon": p,
        "projectie": projectie,
        "termijn": termijn,
        "pip": pip,
        "signalen": [(s, SIGNAAL_LABEL.get(Signaal(s), s)) for s in (projectie.signalen if projectie else [])],
    }


KOLOMKOPPEN = (
    ("naam", "Naam"),
    ("cohort", "Cohort"),
    ("stelsel", "Stelsel"),
    ("doelgroep", "Doelgroep"),
    ("status", "Status"),
    ("termijn_einde", "Termijn eindigt"),
    ("pip_deadline", "PIP-deadline"),
    ("", "Signalen"),
    ("klantmanager", "Klantmanager"),
)


def _kolommen(params: QueryDict, sorteer: str) -> list[dict[str, str]]:
    """Column heads with three-state sorting: ascending → descending → back to urgency."""
    uit = []
    for sleutel, label in KOLOMKOPPEN:
        kop = {"label": label, "aria_sort": "", "link": ""}
        if sleutel in SORTERINGEN:
            if sorteer == sleutel:
                kop["aria_sort"], volgende = "ascending", f"-{sleutel}"
            elif sorteer == f"-{sleutel}":
                kop["aria_sort"], volgende = "descending", ""
            else:
                volgende = sleutel
            kop["link"] = "?" + _zonder(params, "pagina", sorteer=volgende)
        uit.append(kop)
    return uit


def _paginalinks(params: QueryDict, pagina: Any) -> dict[str, str]:
    links = {}
    if pagina.has_previous():
        links["vorige"] = "?" + _zonder(params, pagina=pagina.previous_page_number())
        links["eerste"] = "?" + _zonder(params, pagina=1)
    if pagina.has_next():
        links["volgende"] = "?" + _zonder(params, pagina=pagina.next_page_number())
        links["laatste"] = "?" + _zonder(params, pagina=pagina.paginator.num_pages)
    return links


@require_GET
@rol_vereist(*MET_PERSONEN)
def export(request: HttpRequest, medewerker: Medewerker) -> HttpResponse | StreamingHttpResponse:
    """Exactly the filtered list, whole, as CSV (UTF-8 with BOM, `;`), values as in the API."""
    formulier, filters = _lijst(request, medewerker)
    if filters is None:
        fouten = "; ".join(f"{veld}: {' '.join(str(e) for e in f)}" for veld, f in formulier.errors.items())
        return geweigerd(request, "Ongeldig filter", f"De export is niet gemaakt: {fouten}", 400)
    qs = werkvoorraad(medewerker, filters, timezone.localdate())
    rijen = list(
        qs.values_list(  # type: ignore[misc]  # klantmanager_naam is an annotation
            "pk",
            "uuid",
            "bsn",
            "achternaam",
            "voornamen",
            "stelsel",
            "doelgroep",
            "projectie__status",
            "projectie__termijn_einde",
            "projectie__pip_deadline",
            "projectie__signalen",
            "klantmanager_naam",
            "datum_plicht",
            "projectie__leerroute",
        )
    )
    vastleggen(
        medewerker=medewerker,
        handeling=Handeling.EXPORT,
        trace_id=trace_id(request),
        inburgeraar_ids=[r[0] for r in rijen],
    )
    gemeente = medewerker.gemeente_id or ""

    def regels() -> Iterator[str]:
        buffer = io.StringIO()
        schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        schrijver.writerow(CSV_KOLOMMEN)
        yield "\ufeff" + buffer.getvalue()
        for _, uuid, bsn, an, vn, stelsel, dg, status, einde, pip, signalen, km, plicht, lr in rijen:
            buffer.seek(0)
            buffer.truncate()
            schrijver.writerow(
                [
                    uuid, bsn, an, vn, gemeente, stelsel, dg, status or "",
                    einde.isoformat() if einde else "", pip.isoformat() if pip else "",
                    ",".join(signalen or []), km or "", plicht.isoformat(), plicht.year, lr or "",
                ]
            )  # fmt: skip
            yield buffer.getvalue()

    response = StreamingHttpResponse(regels(), content_type="text/csv; charset=utf-8")
    naam = f"werkvoorraad-{gemeente}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


@require_POST
@rol_vereist(*MET_PERSONEN)
def zoekopdracht_opslaan(request: HttpRequest, medewerker: Medewerker) -> HttpResponse:
    formulier = ZoekopdrachtFormulier(request.POST)
    if not formulier.is_valid():
        messages.error(request, " ".join(str(e) for f in formulier.errors.values() for e in f))
        return redirect("werkvoorraad")
    filters = QueryDict(formulier.cleaned_data["filters"])
    schoon = WerkvoorraadFormulier(filters)
    if not schoon.is_valid():
        messages.error(request, "Deze filters zijn ongeldig en worden niet bewaard.")
        return redirect("werkvoorraad")
    bewaard = urlencode([(k, v) for k, v in filters.items() if k not in {"pagina"} and v])
    try:
        with transaction.atomic():
            Zoekopdracht.objects.create(medewerker=medewerker, naam=formulier.cleaned_data["naam"], filters=bewaard)
    except IntegrityError:
        messages.error(request, f"U heeft al een zoekopdracht met de naam '{formulier.cleaned_data['naam']}'.")
    else:
        messages.success(request, f"Zoekopdracht '{formulier.cleaned_data['naam']}' bewaard.")
    return redirect(f"/werkvoorraad/?{bewaard}")


@require_POST
@rol_vereist(*MET_PERSONEN)
def zoekopdracht_verwijderen(request: HttpRequest, medewerker: Medewerker, pk: int) -> HttpResponse:
    verwijderd, _ = Zoekopdracht.objects.filter(medewerker=medewerker, pk=pk).delete()
    if verwijderd:
        messages.success(request, "Zoekopdracht verwijderd.")
    return redirect("werkvoorraad")


@require_POST
@rol_vereist(Rol.TEAMLEIDER)
def bulk_toewijzen(request: HttpRequest, medewerker: Medewerker) -> HttpResponse:
    """Step 1 (without `bevestigd`): a preview — how many, to whom — asking for the reason. Step 2:
    assign. `alles=1` takes the whole filtered list (the filters travel in `filters`), otherwise the
    ticked `id`s; both only within what the teamleider may see."""
    filters_qs = QueryDict(request.POST.get("filters", ""))
    lijstformulier = WerkvoorraadFormulier(filters_qs)
    if not lijstformulier.is_valid():
        return geweigerd(request, "Ongeldig filter", "De lijst om toe te wijzen kon niet worden bepaald.", 400)
    qs = werkvoorraad(medewerker, lijstformulier.filters(), timezone.localdate())
    if request.POST.get("alles") != "1":
        qs = qs.filter(uuid__in=[i for i in request.POST.getlist("id") if _is_uuid(i)])
    ids = list(qs.order_by().values_list("pk", flat=True))
    formulier = ToewijzingFormulier(request.POST if "reden" in request.POST else None,
                                    initial={"klantmanager": request.POST.get("klantmanager", "")})  # fmt: skip
    kandidaten = {m.user.get_username(): m for m in klantmanagers(medewerker)}
    gekozen = request.POST.get("klantmanager", "")
    aan = kandidaten.get(gekozen)
    fout = ""
    if gekozen and aan is None:
        fout = "Kies een klantmanager van uw eigen gemeente."
    elif not ids:
        fout = "Er is geen dossier gekozen."
    if request.POST.get("bevestigd") == "1" and not fout and formulier.is_valid():
        try:
            aantal = toewijzen(
                door=medewerker, aan=aan, inburgeraar_ids=ids, reden=formulier.cleaned_data["reden"],
                trace_id=trace_id(request),
            )  # fmt: skip
        except ToewijzingGeweigerd as exc:
            fout = str(exc)
        else:
            wie = aan.user.get_username() if aan else "niemand (vrijgegeven)"
            messages.success(request, f"{aantal} dossier(s) toegewezen aan {wie}.")
            return redirect(f"/werkvoorraad/?{filters_qs.urlencode()}")
    context = {
        "nav_actief": "werkvoorraad",
        "aantal": len(ids),
        "ids": request.POST.getlist("id"),
        "alles": request.POST.get("alles") == "1",
        "filters": filters_qs.urlencode(),
        "aan": aan,
        "klantmanager": gekozen,
        "kandidaten": kandidaten,
        "formulier": formulier,
        "fout": fout,
    }
    geweigerd_ = bool(fout) or (request.POST.get("bevestigd") == "1" and not formulier.is_valid())
    return render(request, "werkvoorraad/toewijzen.html", context, status=400 if geweigerd_ else 200)


def _is_uuid(waarde: str) -> bool:
    import uuid

    try:
        uuid.UUID(waarde)
    except ValueError:
        return False
    return True
