"""The project's set-up: PostgreSQL only, the demo user, the schema endpoint."""

from __future__ import annotations

from io import StringIO
from typing import Any

import jsonschema
import pytest
import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client

from cases import koppelvlak as kv
from tests.cases.test_batch import ALLE_SOORTEN

pytestmark = pytest.mark.django_db


def test_de_database_is_postgresql_15_of_nieuwer() -> None:
    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 150000


def test_celery_gebruikt_een_eigen_wachtrij() -> None:
    assert settings.CELERY_TASK_DEFAULT_QUEUE == "inburgering"
    if settings.REDIS_URL:
        assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] == "inburgering:"
    else:
        assert settings.CELERY_BROKER_URL == "filesystem://"


def test_demo_gebruiker_toont_wachtwoord_alleen_bij_aanmaken() -> None:
    out = StringIO()
    call_command("demo_gebruiker", stdout=out)
    regel = out.getvalue()
    wachtwoord = regel.rsplit("wachtwoord '", 1)[1].split("'", 1)[0]
    gebruiker = get_user_model().objects.get(username="beheerder")
    assert gebruiker.check_password(wachtwoord) and gebruiker.is_superuser

    client = Client()
    # Through the login page, as a person would (django-axes needs the request).
    assert client.post("/inloggen/", {"username": "beheerder", "password": wachtwoord}).status_code == 302
    assert client.get("/admin/").status_code == 200

    out = StringIO()
    call_command("demo_gebruiker", stdout=out)
    assert "bestaat al" in out.getvalue() and "changepassword" in out.getvalue()
    assert wachtwoord not in out.getvalue()


def test_openapi_schema_wordt_geserveerd(client: Client) -> None:
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


def test_vastgelegd_openapi_schema_is_gelijk_aan_de_code() -> None:
    """openapi.yaml is the contract; regenerate it with `python manage.py spectacular --file openapi.yaml`."""
    out = StringIO()
    call_command("spectacular", stdout=out)
    with open(settings.BASE_DIR / "openapi.yaml", encoding="utf-8") as fh:
        assert fh.read() == out.getvalue(), "openapi.yaml wijkt af van de code: genereer het opnieuw"


def test_contract_beschrijft_alle_18_recordsoorten_en_fouten_als_problem_json() -> None:
    """koppelvlak §3 in the contract: a delivery's records, one schema per kind, chosen by `soort`;
    every error answer of the batch endpoints is application/problem+json."""
    with open(settings.BASE_DIR / "openapi.yaml", encoding="utf-8") as fh:
        contract = yaml.safe_load(fh)
    schemas = contract["components"]["schemas"]
    assert set(schemas["Record"]["discriminator"]["mapping"]) == set(kv.SOORTEN)
    assert len(schemas["Record"]["oneOf"]) == 18
    post = contract["paths"]["/api/v1/batches/"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/BatchEnvelop")
    for code in ("400", "401", "403", "409", "413", "415"):
        assert "application/problem+json" in post["responses"][code]["content"]
    for pad in ("/api/v1/batches/{id}/", "/api/v1/batches/{id}/fouten/"):
        assert "application/problem+json" in contract["paths"][pad]["get"]["responses"]["404"]["content"]
    # The records of the tests, one of every kind, are valid against their schema in the contract.
    for record in ALLE_SOORTEN:
        schema = _zonder_nullable(schemas[f"Record{type(kv.lees_object(record).record).__name__}"])
        jsonschema.Draft4Validator(schema).validate(record)  # OpenAPI 3.0 schemas are draft 4 in this respect
    fout = {**ALLE_SOORTEN[0], "onbekend": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(_zonder_nullable(schemas["RecordKennisgeving"])).validate(fout)


def _zonder_nullable(schema: Any) -> Any:
    """OpenAPI 3.0's `nullable` as JSON Schema, so that jsonschema can check a record."""
    if isinstance(schema, list):
        return [_zonder_nullable(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {k: _zonder_nullable(v) for k, v in schema.items()}
    if schema.pop("nullable", False):
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema
