"""schemathesis against the committed contract: generated requests never cause a 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from inburgering.core.services import api_token_aanmaken
from inburgering.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@schemathesis.serializer("application/x-ndjson")
def _ndjson(ctx: Any, value: Any) -> bytes:
    """A generated NDJSON body (any text or bytes) goes over the wire as it is."""
    return value if isinstance(value, bytes) else str(value).encode()


@pytest.fixture
def auth(db: None, settings: Any, tmp_path: Path) -> Iterator[dict[str, str]]:
    settings.LEVERINGEN_DIR = tmp_path  # accepted deliveries are stored here, not in the checkout
    # Like Django's test client: a request must not close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    _, sleutel = api_token_aanmaken(bron="DUO", scopes=["aanleveren", "lezen"], actor="schemathesis")
    try:
        yield {"Authorization": f"Token {sleutel}"}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_geen_serverfouten(case: Any, auth: dict[str, str]) -> None:
    response = case.call(headers=auth)
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:500])
