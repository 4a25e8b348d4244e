"""One error format for the whole API: problem details (RFC 9457) with a code per field.

{"type": "about:blank", "title": "...", "status": 400, "detail": "...",
 "code": "ongeldige_invoer", "fouten": [{"veld": "peildatum", "code": "ongeldige_datum", "melding": "..."}]}
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"

logger = logging.getLogger(__name__)

_TITLES = {
    400: "Ongeldige aanvraag",
    401: "Niet geauthenticeerd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Formaat niet beschikbaar",
    409: "Conflict",
    413: "Aanlevering te groot",
    415: "Mediatype niet ondersteund",
    411: "Lengte vereist",
    429: "Te veel verzoeken",
    500: "Interne fout",
    503: "Tijdelijk niet beschikbaar",
}

_CODES = {
    401: "niet_geauthenticeerd",
    403: "geen_toegang",
    404: "niet_gevonden",
    405: "methode_niet_toegestaan",
    406: "niet_acceptabel",
    409: "conflict",
    411: "lengte_vereist",
    413: "te_groot",
    415: "mediatype_niet_ondersteund",
    429: "te_veel_verzoeken",
}


def _field_errors(detail: Any, prefix: str = "") -> list[dict[str, str | None]]:
    """Flatten DRF's nested error detail into [{veld, code, melding}]."""
    out: list[dict[str, str | None]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "non_field_errors":
                name = prefix or None  # type: ignore[assignment]
            out.extend(_field_errors(value, name or ""))
    elif isinstance(detail, list):
        for item in detail:
            out.extend(_field_errors(item, prefix))
    else:
        code = getattr(detail, "code", None) or "ongeldige_waarde"
        out.append({"veld": prefix or None, "code": str(code), "melding": str(detail)})
    return out


def problem_response(
    status_code: int,
    detail: str,
    *,
    code: str | None = None,
    fouten: list[dict[str, str | None]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body = _probleem(status_code, detail, code or _CODES.get(status_code, "ongeldige_invoer"))
    if fouten:
        body["fouten"] = fouten
    response = Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)
    return response


def _verbinding_weg(exc: Exception) -> bool:
    """The connection to the database failed or was lost (not: a query that failed on a live one)."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    # No SQLSTATE: the client lost the connection; class 08: connection exception; 57P01-57P03:
    # the server shuts down or is starting up.
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in {"57P01", "57P02", "57P03"}


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if _verbinding_weg(exc):
        # The database is briefly unreachable (a restart, a failover): nothing was changed; a client
        # may try again. Django drops the broken connection at the end of this request.
        logger.warning("database niet bereikbaar tijdens %s", context.get("request"), exc_info=exc)
        return problem_response(
            503,
            "De database is even niet bereikbaar; er is niets gewijzigd. Probeer het over een paar seconden opnieuw.",
            code="tijdelijk_niet_beschikbaar",
            headers={"Retry-After": "5"},
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    headers = {k: v for k, v in response.headers.items() if k in {"WWW-Authenticate", "Retry-After", "Allow"}}
    if isinstance(exc, exceptions.ValidationError):
        fouten = _field_errors(exc.detail)
        return problem_response(
            status.HTTP_400_BAD_REQUEST,
            "De aanvraag bevat ongeldige gegevens; zie 'fouten'.",
            code="ongeldige_invoer",
            fouten=fouten,
            headers=headers,
        )
    if isinstance(exc, Http404 | exceptions.NotFound):
        return problem_response(404, "Dit object bestaat niet of u heeft er geen toegang toe.", headers=headers)
    detail = _nederlands(exc) or (exc.detail if isinstance(exc, exceptions.APIException) else str(exc))
    code = getattr(detail, "code", None)
    return problem_response(
        response.status_code,
        str(detail),
        code=_CODES.get(response.status_code, str(code or "fout")),
        headers=headers,
    )


def _nederlands(exc: Exception) -> str | None:
    """DRF's own messages for the errors it raises itself, in Dutch (its translations are partial)."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return "Niet ingelogd: stuur een API-token mee ('Authorization: Token <token>')."
    if isinstance(exc, exceptions.MethodNotAllowed):
        return "Deze methode is hier niet toegestaan; zie 'Allow'."
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return "Dit mediatype wordt hier niet ondersteund; gebruik application/json."
    if isinstance(exc, exceptions.NotAcceptable):
        return "Dit antwoordformaat is niet beschikbaar; vraag application/json."
    if isinstance(exc, exceptions.Throttled):
        return "Te veel verzoeken; probeer het later opnieuw (zie 'Retry-After')."
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF"):
        return "De CSRF-controle is mislukt: een sessie moet het CSRF-token meesturen (of gebruik een API-token)."
    if isinstance(exc, exceptions.PermissionDenied) and exc.detail == exceptions.PermissionDenied.default_detail:
        return "U heeft geen toegang tot deze handeling."
    return None


def _probleem(status_code: int, detail: str, code: str) -> dict[str, Any]:
    """The body of every error answer, from DRF views and from Django's handlers alike."""
    return {"type": "about:blank", "title": _TITLES.get(status_code, "Fout"), "status": status_code,
            "detail": detail, "code": code}  # fmt: skip


def _probleem_json(status_code: int, detail: str, code: str) -> JsonResponse:
    return JsonResponse(_probleem(status_code, detail, code), status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def niet_gevonden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: under /api/ a problem+json (an unknown path or an id that is no UUID), elsewhere
    Django's page."""
    if request.path.startswith("/api/"):
        return _probleem_json(404, "Dit adres of object bestaat niet.", "niet_gevonden")
    return defaults.page_not_found(request, exception)


def ongeldig_verzoek(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400 (a bad Host header, another SuspiciousOperation): under /api/ a problem+json."""
    if request.path.startswith("/api/"):
        return _probleem_json(400, "Dit verzoek is ongeldig en is niet verwerkt.", "ongeldige_invoer")
    return defaults.bad_request(request, exception)  # type: ignore[arg-type]


def geen_toegang(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403 (outside DRF, e.g. a CSRF failure in Django itself): under /api/ a problem+json."""
    if request.path.startswith("/api/"):
        return _probleem_json(403, "U heeft geen toegang tot deze handeling.", "geen_toegang")
    return defaults.permission_denied(request, exception)  # type: ignore[arg-type]


def serverfout(request: HttpRequest) -> HttpResponse:
    """handler500: under /api/ a problem+json without any detail of the failure, elsewhere Django's page."""
    if request.path.startswith("/api/"):
        return _probleem_json(
            500, "Er ging aan onze kant iets mis; er is niets gewijzigd. Meld het als het blijft.", "serverfout"
        )
    return defaults.server_error(request)
