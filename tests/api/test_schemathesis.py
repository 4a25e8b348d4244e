"""schemathesis against the committed contract, with all its checks: 0 failures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

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
@settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_VOORBEELDEN", "25")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_het_hele_contract(case: Any, auth: dict[str, str]) -> None:
    """Every check schemathesis has: no 5xx, and every answer's status code, content type, headers
    and body are what the contract says (errors included); schema-invalid input is refused.

    Left out: 'schema-valid input is accepted'. Koppelvlak §1/§4 have rules between fields that
    OpenAPI cannot state — `signaal` only without a past `peildatum`, a delivery of white space is
    empty, a date window on a `format: date` — and those answers are a documented 400."""
    case.call_and_validate(headers=auth, excluded_checks=[checks.positive_data_acceptance])
