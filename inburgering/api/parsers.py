"""The API's JSON parser: DRF's, with Dutch messages and a body nested too deep refused as a 400
(the standard library's decoder would raise RecursionError: a 500)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError("De JSON in de body is te diep genest.") from exc
        except exceptions.ParseError as exc:
            raise exceptions.ParseError("De body is geen geldige JSON (UTF-8).") from exc
