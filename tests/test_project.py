"""The project's set-up: PostgreSQL only, the demo user, the schema endpoint."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client

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
    assert client.login(username="beheerder", password=wachtwoord)
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
