"""Read API (koppelvlak §4): thin views over the scoped selectors and the pure rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.api import weergave
from cases.api.serializers import InburgeraarDetailSerializer, InburgeraarLijstSerializer, ZoekenSerializer
from cases.constants import Signaal
from cases.koppelvlak import lees_peildatum, toon
from cases.models import Inburgeraar
from cases.selectors import (
    dossiers,
    inburgeraars_op,
    regelparameters,
    standen_op,
    tijdlijn,
    uitkomst,
    zichtbare_inburgeraars,
)
from inburgering.api.auth import LezenScope
from inburgering.api.paginering import Cursorpaginering
from inburgering.api.uuid import ID_PARAMETER, publiek_id


class Ongeldig(exceptions.ValidationError):
    """A 400 with one field error in the koppelvlak's codes."""

    def __init__(self, veld: str, code: str, melding: str) -> None:
        super().__init__({veld: [exceptions.ErrorDetail(melding, code=code)]})


def _peildatum(waarde: str | None, vandaag: dt.date) -> dt.date:
    if waarde is None:
        return vandaag
    datum = lees_peildatum(waarde)
    if isinstance(datum, str):
        raise Ongeldig("peildatum", "ongeldige_datum", datum)
    return datum


_KEUZES = {
    "stelsel": ("wi2013", "wi2021"),
    "doelgroep": ("asiel", "gezin", "overig"),
    "status": ("plichtig", "voldaan", "vrijgesteld", "ontheven", "vervallen"),
    "signaal": tuple(Signaal),
}


def _filters(params: Any, peildatum: dt.date, vandaag: dt.date) -> dict[str, Any]:
    uit: dict[str, Any] = {}
    for naam, keuzes in _KEUZES.items():
        waarde = params.get(naam)
        if waarde is not None:  # given means given: an empty filter is not a filter left out
            if waarde not in keuzes:
                raise Ongeldig(
                    naam, "ongeldige_waarde", f"Waarde '{toon(waarde)}' bestaat niet; kies uit {', '.join(keuzes)}."
                )
            uit[naam] = waarde
    if uit.get("signaal") and peildatum != vandaag:
        raise Ongeldig("signaal", "ongeldige_waarde", "Filteren op signaal kan alleen voor vandaag (zonder peildatum).")
    gemeente = params.get("gemeente")
    if gemeente is not None:
        if len(gemeente) != 4 or not gemeente.isdigit():
            raise Ongeldig("gemeente", "ongeldige_waarde", "Een gemeente is een CBS-code van 4 cijfers, bijv. 0344.")
        uit["gemeente"] = gemeente
    cohort = params.get("cohort")
    if cohort is not None:
        if not (cohort.isascii() and cohort.isdigit() and len(cohort) == 4 and int(cohort) >= 2013):
            raise Ongeldig("cohort", "ongeldige_waarde", "Een cohort is een jaartal vanaf 2013, bijv. 2016.")
        uit["cohort"] = int(cohort)
    return uit


def weergaven(personen: list[Inburgeraar], peildatum: dt.date, vandaag: dt.date) -> list[dict[str, Any]]:
    """The koppelvlak §4 representation of each person on the peildatum (selectors.standen_op)."""
    uit = []
    for stand in standen_op(personen, peildatum, vandaag):
        if stand.uitkomst is not None:
            uit.append(weergave.uit_uitkomst(stand.persoon, stand.gemeente, stand.uitkomst))
        else:
            assert stand.projectie is not None  # a StandOp holds the one or the other
            uit.append(weergave.uit_projectie(stand.persoon, stand.projectie))
    return uit


_LIJST_PARAMETERS = [
    OpenApiParameter("peildatum", OpenApiTypes.DATE, description="Standaard vandaag."),
    OpenApiParameter("gemeente", str, description="CBS-code; de gemeente op de peildatum."),
    OpenApiParameter("stelsel", str, enum=_KEUZES["stelsel"]),
    OpenApiParameter("doelgroep", str, enum=_KEUZES["doelgroep"]),
    OpenApiParameter("status", str, enum=_KEUZES["status"], description="De status op de peildatum."),
    OpenApiParameter("cohort", int, description="Kalenderjaar van datum_plicht."),
    OpenApiParameter("signaal", str, enum=_KEUZES["signaal"], description="Alleen voor vandaag."),
]


class InburgeraarLijst(generics.GenericAPIView):  # type: ignore[type-arg]
    permission_classes = [LezenScope]
    pagination_class = Cursorpaginering
    serializer_class = InburgeraarLijstSerializer

    @extend_schema(
        operation_id="inburgeraars_lijst",
        parameters=_LIJST_PARAMETERS,
        responses=InburgeraarLijstSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        vandaag = timezone.localdate()
        peildatum = _peildatum(request.query_params.get("peildatum"), vandaag)
        filters = _filters(request.query_params, peildatum, vandaag)
        qs = inburgeraars_op(zichtbare_inburgeraars(request.user), peildatum, **filters)
        qs = qs.select_related("projectie")
        pagina = self.paginate_queryset(qs)
        assert pagina is not None
        return self.get_paginated_response(weergaven(list(pagina), peildatum, vandaag))


def _detail(persoon: Inburgeraar, peildatum: dt.date) -> dict[str, Any]:
    params = regelparameters()
    dossier = dossiers([persoon.pk])[persoon.pk]
    u = uitkomst(persoon.pk, dossier, peildatum, params)
    feiten = []
    for feit, detail in tijdlijn(persoon):
        inhoud = (
            {
                f.name: (str(getattr(detail, f.attname)) if getattr(detail, f.attname) is not None else None)
                for f in detail._meta.concrete_fields
                if f.name not in {"feit"}
            }
            if detail is not None
            else {}
        )
        feiten.append(
            {
                "soort": feit.soort,
                "bron": feit.bron_id,
                "kenmerk": feit.kenmerk,
                "ingangsdatum": feit.ingangsdatum.isoformat(),
                "ontvangen_op": feit.ontvangen_op.isoformat(),
                "batch": str(feit.batch_id) if feit.batch_id else None,
                "ingetrokken": hasattr(feit, "ingetrokken_door"),
                "inhoud": inhoud,
            }
        )
    return {
        **weergave.uit_uitkomst(persoon, dossier.gemeente_op(peildatum), u),
        "peildatum": peildatum.isoformat(),
        "feiten": feiten,
        "uitleg": u.uitleg,
        "parameters": [
            {"naam": p.naam, "waarde": str(p.waarde), "geldig_vanaf": p.geldig_vanaf.isoformat(), "bron": p.bron}
            for p in u.parameters
        ],
    }


class InburgeraarDetail(APIView):
    permission_classes = [LezenScope]

    @extend_schema(
        operation_id="inburgeraars_detail",
        parameters=[ID_PARAMETER, OpenApiParameter("peildatum", OpenApiTypes.DATE, description="Standaard vandaag.")],
        responses=InburgeraarDetailSerializer,
    )
    def get(self, request: Request, id: str) -> Response:
        vandaag = timezone.localdate()
        peildatum = _peildatum(request.query_params.get("peildatum"), vandaag)
        persoon = get_object_or_404(zichtbare_inburgeraars(request.user), uuid=publiek_id(id))
        return Response(_detail(persoon, peildatum))


class InburgeraarZoeken(APIView):
    """Look up by BSN without putting the BSN in a URL or a log."""

    permission_classes = [LezenScope]

    @extend_schema(operation_id="inburgeraars_zoeken", request=ZoekenSerializer, responses=InburgeraarLijstSerializer)
    def post(self, request: Request) -> Response:
        invoer = ZoekenSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        vandaag = timezone.localdate()
        peildatum = invoer.validated_data.get("peildatum") or vandaag
        persoon = get_object_or_404(
            zichtbare_inburgeraars(request.user).select_related("projectie"), bsn=invoer.validated_data["bsn"]
        )
        return Response(weergaven([persoon], peildatum, vandaag)[0])
