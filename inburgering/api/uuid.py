"""Public ids in URLs: anything that is not a UUID is simply not found (a problem+json 404, not
Django's HTML page for an unmatched URL, nor a 500 from the database)."""

from __future__ import annotations

import uuid

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions

# The contract says what a valid id looks like; the URL accepts any text so that the view can answer.
ID_PARAMETER = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH)


def publiek_id(waarde: str) -> uuid.UUID:
    try:
        return uuid.UUID(waarde)
    except (ValueError, AttributeError) as exc:
        raise exceptions.NotFound from exc
