"""Who may do what in the back office: the medewerker behind a request, the role checks of every
view, the trace id of a request (for the logboek), and what every page needs to know of the user."""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from cases.constants import Rol
from cases.models import Medewerker

_TRACEPARENT = re.compile(r"00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}")

View = Callable[..., HttpResponseBase]


class TraceMiddleware:
    """Every request gets a trace id — the W3C `traceparent`'s when a proxy sent one, else a new
    one — stored in the logboek with each processing and returned as `X-Trace-Id`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        gevonden = _TRACEPARENT.fullmatch(request.headers.get("traceparent", ""))
        trace_id = gevonden.group(1) if gevonden else uuid.uuid4().hex
        request.trace_id = trace_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Trace-Id"] = trace_id
        return response


def trace_id(request: HttpRequest) -> str:
    """The trace id TraceMiddleware gave this request."""
    return str(getattr(request, "trace_id", "")) or uuid.uuid4().hex


def medewerker_van(request: HttpRequest) -> Medewerker | None:
    """The medewerker of the logged-in user (read once per request)."""
    if not request.user.is_authenticated:
        return None
    if not hasattr(request, "_medewerker"):
        gevonden = Medewerker.objects.select_related("gemeente").filter(user_id=request.user.pk).first()
        if gevonden is not None:
            request.user.medewerker = gevonden  # the scoped selectors read it from the user
            gevonden.user = request.user
        request._medewerker = gevonden  # type: ignore[attr-defined]
    medewerker: Medewerker | None = request._medewerker  # type: ignore[attr-defined]
    return medewerker


def medewerker_context(request: HttpRequest) -> dict[str, Any]:
    """For every template: the medewerker (role, gemeente) of the page's user."""
    return {"medewerker": medewerker_van(request)}


def geweigerd(request: HttpRequest, titel: str, melding: str, status: int) -> HttpResponse:
    return render(request, "fout.html", {"titel": titel, "melding": melding}, status=status)


def niet_gevonden(request: HttpRequest) -> HttpResponse:
    """A dossier outside the medewerker's gemeente is not found (404, not 403: a person's existence
    does not leak)."""
    return geweigerd(
        request, "Niet gevonden", "Deze pagina of dit dossier bestaat niet, of u heeft er geen toegang toe.", 404
    )


def rol_vereist(*rollen: Rol) -> Callable[[View], View]:
    """The view is for medewerkers with one of these roles: anonymous → the login page, another
    role (or a user without medewerker) → 403 with a Dutch explanation. Klantmanager and teamleider
    must have a gemeente (a database constraint)."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def omhulsel(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            medewerker = medewerker_van(request)
            if medewerker is None or medewerker.rol not in rollen:
                namen = ", ".join(str(r) for r in rollen)
                return geweigerd(request, "Geen toegang", f"Deze pagina is er voor de rol {namen}.", 403)
            return view(request, medewerker, *args, **kwargs)

        return omhulsel

    return decorator
