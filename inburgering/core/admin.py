from __future__ import annotations

from django.contrib import admin

from cases.admin import ReadOnlyAdmin
from inburgering.core.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are created with `manage.py api_token` (the bare token is shown once); here they can be seen."""

    list_display = ["bron", "prefix", "scopes", "naam", "actief", "aangemaakt_op"]
    list_filter = ["bron", "actief"]
