from __future__ import annotations

import pytest
from django.test import Client

from cases.models import Inburgeraar
from tests.factories import InburgeraarFactory


@pytest.fixture
def inburgeraar(db: None) -> Inburgeraar:
    return InburgeraarFactory()


@pytest.fixture
def beheerder_client(db: None, django_user_model) -> Client:  # type: ignore[no-untyped-def]
    user = django_user_model.objects.create_superuser(username="fb", password="geheim-en-lang-genoeg")
    client = Client()
    client.force_login(user)
    return client
