"""One cursor pagination for every list of the API (koppelvlak §4): `{results, next, previous}`,
100 per page, `page_size` up to 1000, in the order of the id."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request

CURSOR_MELDING = "Deze cursor is ongeldig; gebruik de 'next'- of 'previous'-URL uit een eerder antwoord."


class OngeldigeCursor(exceptions.ValidationError):
    def __init__(self) -> None:
        super().__init__({"cursor": [exceptions.ErrorDetail(CURSOR_MELDING, code="ongeldige_cursor")]})


class Cursorpaginering(CursorPagination):
    page_size = 100
    max_page_size = 1000
    page_size_query_param = "page_size"
    ordering = "id"
    cursor_query_description = "De cursor uit 'next' of 'previous' van een eerder antwoord."
    page_size_query_description = "Aantal per pagina (standaard 100, hoogstens 1000)."

    def decode_cursor(self, request: Request) -> Cursor | None:
        """A cursor that is not one of ours is a 400 (DRF would answer 404, or fail on a position
        that is no id)."""
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound as exc:
            raise OngeldigeCursor from exc
        if cursor is not None and cursor.position is not None:
            positie = str(cursor.position)
            if not (positie.isascii() and positie.isdigit() and len(positie) <= 19):
                raise OngeldigeCursor
        return cursor

    def get_page_size(self, request: Request) -> int:
        """A page size that is given must be one: 1 to 1000 (DRF would silently fall back)."""
        waarde = request.query_params.get(self.page_size_query_param)
        if waarde is None:
            return self.page_size
        if not (waarde.isascii() and waarde.isdigit() and 1 <= int(waarde) <= self.max_page_size):
            melding = f"De page_size is een geheel getal van 1 tot en met {self.max_page_size}."
            raise exceptions.ValidationError({"page_size": [exceptions.ErrorDetail(melding, code="ongeldige_waarde")]})
        return int(waarde)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        antwoord: dict[str, Any] = super().get_paginated_response_schema(schema)
        antwoord["required"] = ["results", "next", "previous"]
        return antwoord
