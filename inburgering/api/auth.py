"""Token authentication per bron with scopes (koppelvlak v1 §1, §4).

`Authorization: Token <token>`; no or an invalid token → 401, a token without the scope → 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from inburgering.core.models import ApiToken, token_hash


@dataclass(frozen=True)
class ApiClient:
    """The 'user' of a token request: a bron with scopes, never a person."""

    bron: str
    scopes: frozenset[str]
    is_authenticated: bool = True
    is_staff: bool = False
    is_superuser: bool = False

    def __str__(self) -> str:
        return f"bron:{self.bron}"


class TokenAuthenticatie(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[ApiClient, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Ongeldige Authorization-header: gebruik 'Token <token>'.")
        try:
            sleutel = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("Ongeldig token.") from exc
        token = ApiToken.objects.select_related("bron").filter(sleutel_hash=token_hash(sleutel), actief=True).first()
        if token is None or not token.bron.actief:
            raise exceptions.AuthenticationFailed("Ongeldig of ingetrokken token.")
        return ApiClient(token.bron_id, frozenset(token.scopes)), token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class HeeftScope(permissions.BasePermission):
    """Token clients need `scope`; session users pass here (their scope is their gemeente)."""

    scope = ""
    message = "Dit token heeft niet de benodigde scope."

    def has_permission(self, request: Request, view: Any) -> bool:
        gebruiker = request.user
        if isinstance(gebruiker, ApiClient):
            return self.scope in gebruiker.scopes
        return bool(gebruiker and gebruiker.is_authenticated)


class LezenScope(HeeftScope):
    scope = "lezen"
    message = "Dit token heeft de scope 'lezen' niet."


class AanleverenScope(HeeftScope):
    """Deliveries and their reports belong to a bron: only its token, never a session user."""

    scope = "aanleveren"
    message = "Aanleveren en batches lezen kan alleen met een API-token van een bron met de scope 'aanleveren'."

    def has_permission(self, request: Request, view: Any) -> bool:
        gebruiker = request.user
        return isinstance(gebruiker, ApiClient) and self.scope in gebruiker.scopes


class TokenAuthenticatieSchema(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """How the contract describes the token (drf-spectacular finds it when this module is imported,
    which DRF does for its authentication classes)."""

    target_class = TokenAuthenticatie
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <token>`; per bron, met scope `aanleveren` en/of `lezen` (koppelvlak §1).",
        }
