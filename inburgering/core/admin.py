from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from inburgering.core.models import ApiToken


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Viewing only: no add, change or delete, whoever asks."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are created with `manage.py api_token` (the bare token is shown once); here they can be seen."""

    list_display = ["bron", "prefix", "scopes", "naam", "actief", "aangemaakt_op"]
    list_filter = ["bron", "actief"]
