"""Batch delivery over REST (koppelvlak §1, §2): thin views over the batch service."""

from __future__ import annotations

from typing import IO, Any, cast

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.models import Batch, BatchFout, Bron
from cases.selectors import eigen_batches
from cases.services import (
    BatchKenmerkConflict,
    BatchOnleesbaar,
    TeGroot,
    batch_aanleveren,
    batchkenmerk_fout,
    levering_opslaan,
)
from inburgering.api.auth import AanleverenScope, ApiClient
from inburgering.api.errors import problem_response
from inburgering.api.paginering import Cursorpaginering
from inburgering.api.uuid import ID_PARAMETER, publiek_id


class BatchFoutSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = BatchFout
        fields = ["index", "kenmerk", "veld", "code", "melding"]


class BatchAangenomenSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField()
    kenmerk = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    url = serializers.CharField()


class BatchStatusSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField()
    kenmerk = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["ontvangen", "bezig", "verwerkt", "mislukt"])
    aantal_records = serializers.IntegerField()
    aantal_verwerkt = serializers.IntegerField()
    aantal_ongewijzigd = serializers.IntegerField()
    aantal_fouten = serializers.IntegerField()
    fouten = BatchFoutSerializer(many=True)
    fouten_url = serializers.CharField()
    ontvangen_op = serializers.DateTimeField()
    klaar_op = serializers.DateTimeField(allow_null=True)
    melding = serializers.CharField(
        allow_blank=True, help_text="Waarom de batch als geheel mislukte of werd opgegeven; anders leeg."
    )


def _url(batch: Batch) -> str:
    return f"/api/v1/batches/{batch.pk}/"


def batch_status(batch: Batch) -> dict[str, Any]:
    return {
        "id": str(batch.pk),
        "kenmerk": batch.kenmerk,
        "status": batch.status,
        "aantal_records": batch.aantal_records,
        "aantal_verwerkt": batch.aantal_verwerkt,
        "aantal_ongewijzigd": batch.aantal_ongewijzigd,
        "aantal_fouten": batch.aantal_fouten,
        "fouten": BatchFoutSerializer(batch.fouten.order_by("id")[:100], many=True).data,
        "fouten_url": f"{_url(batch)}fouten/",
        "ontvangen_op": batch.ontvangen_op.isoformat(),
        "klaar_op": batch.klaar_op.isoformat() if batch.klaar_op else None,
        "melding": batch.melding,
    }


class BatchAanleveren(APIView):
    permission_classes = [AanleverenScope]

    @extend_schema(
        operation_id="batches_aanleveren",
        description=(
            "Een levering als JSON-envelop (`application/json`, hoogstens 50 MiB) of als NDJSON "
            "(`application/x-ndjson`, batchkenmerk in `?kenmerk=`, gestreamd). Antwoord 202 zodra de levering "
            "duurzaam is opgeslagen; een worker verwerkt haar daarna."
        ),
        parameters=[OpenApiParameter("kenmerk", str, description="Batchkenmerk (NDJSON), 1 tot 100 tekens.")],
        request={"application/json": OpenApiTypes.OBJECT, "application/x-ndjson": OpenApiTypes.BINARY},
        responses={
            202: BatchAangenomenSerializer,
            200: BatchAangenomenSerializer,
            400: OpenApiResponse(description="Onleesbare JSON-envelop (problem+json); niets opgeslagen."),
            409: OpenApiResponse(description="Batchkenmerk al gebruikt voor andere inhoud (problem+json)."),
            413: OpenApiResponse(description="JSON-envelop groter dan 50 MiB (problem+json); gebruik NDJSON."),
        },
    )
    def post(self, request: Request) -> Response:
        client = request.user
        assert isinstance(client, ApiClient)  # AanleverenScope admits tokens only
        soort = (request.content_type or "").split(";")[0].strip().lower()
        if soort not in {"application/json", "application/x-ndjson"}:
            return problem_response(
                415, "Gebruik Content-Type application/json (envelop) of application/x-ndjson (één record per regel)."
            )
        kenmerk = request.query_params.get("kenmerk") or None
        if fout := batchkenmerk_fout(kenmerk):
            return problem_response(400, fout, code="ongeldig_kenmerk")
        formaat = "json" if soort == "application/json" else "ndjson"
        maximum = settings.JSON_ENVELOP_MAXIMUM if formaat == "json" else None
        meta = request.META
        try:
            lengte = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem_response(400, "De Content-Length is geen getal; er is niets opgeslagen.")
        if maximum is not None and lengte > maximum:
            return _te_groot()
        # Read as a stream: the body is never held in memory whole.
        stroom = cast(IO[bytes], request._request)
        if not meta.get("CONTENT_LENGTH") and "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower():
            # Without a length Django reads nothing; the server's own input decodes the chunks and ends
            # with the body — when it says so (wsgi.input_terminated, as gunicorn does). Otherwise the
            # body cannot be read whole here: 411 before anything is stored, rather than an empty batch.
            if not meta.get("wsgi.input_terminated"):
                return problem_response(
                    411,
                    "Stuur de levering met een Content-Length (deze server leest geen chunked upload); "
                    "er is niets opgeslagen.",
                )
            stroom = meta["wsgi.input"]
        try:
            pad, ruwe_hash = levering_opslaan(
                stroom=stroom, formaat=formaat, maximum=maximum, map=settings.LEVERINGEN_DIR
            )
        except TeGroot:
            return _te_groot()
        except BatchOnleesbaar as exc:
            return problem_response(400, exc.melding, code=exc.code)
        bron = get_object_or_404(Bron, code=client.bron)
        try:
            batch, nieuw = batch_aanleveren(
                bron=bron,
                kenmerk=kenmerk,
                pad=pad,
                formaat=formaat,
                actor=f"bron:{bron.code}",
                ruwe_hash=ruwe_hash,
            )
        except BatchOnleesbaar as exc:
            return problem_response(400, exc.melding, code=exc.code)
        except BatchKenmerkConflict as exc:
            return problem_response(
                409,
                f"Batchkenmerk '{exc.batch.kenmerk}' is al gebruikt voor een levering met andere inhoud "
                f"(batch {exc.batch.pk}); er is niets verwerkt.",
                code="kenmerk_hergebruikt",
            )
        body = {"id": str(batch.pk), "kenmerk": batch.kenmerk, "status": batch.status, "url": _url(batch)}
        return Response(body, status=status.HTTP_202_ACCEPTED if nieuw else status.HTTP_200_OK)


def _te_groot() -> Response:
    return problem_response(
        413, "Een JSON-envelop mag hoogstens 50 MiB (52.428.800 bytes) zijn; lever grote batches als NDJSON aan."
    )


class BatchDetail(APIView):
    permission_classes = [AanleverenScope]

    @extend_schema(operation_id="batches_status", parameters=[ID_PARAMETER], responses=BatchStatusSerializer)
    def get(self, request: Request, id: str) -> Response:
        return Response(batch_status(get_object_or_404(eigen_batches(request.user), pk=publiek_id(id))))


class BatchFouten(generics.ListAPIView):  # type: ignore[type-arg]
    permission_classes = [AanleverenScope]
    serializer_class = BatchFoutSerializer
    pagination_class = Cursorpaginering

    def get_queryset(self) -> QuerySet[BatchFout]:
        batch = get_object_or_404(eigen_batches(self.request.user), pk=publiek_id(self.kwargs["id"]))
        return batch.fouten.all()

    @extend_schema(operation_id="batches_fouten", parameters=[ID_PARAMETER])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
