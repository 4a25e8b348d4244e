"""OpenAPI description of the token authentication (drf-spectacular extension)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenAuthenticatieSchema(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "inburgering.api.auth.TokenAuthenticatie"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <token>`; per bron, met scope `aanleveren` en/of `lezen` (koppelvlak §1).",
        }
