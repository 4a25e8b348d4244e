"""Admin for the functioneel beheerder.

Bronnen are maintained here; everything else is read-only, because facts and the
projections built from them are written only by the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from inburgering.core.admin import ReadOnlyAdmin

from .models import (
    Batch,
    Bron,
    Feit,
    FeitDetail,
    Gemeente,
    Inburgeraar,
    Medewerker,
    Projectie,
    Regelparameter,
    detail_models,
)


def inburgeraar_link(inburgeraar: Inburgeraar | None) -> SafeString | str:
    if inburgeraar is None:
        return "—"
    url = reverse("admin:cases_inburgeraar_change", args=[inburgeraar.pk])
    return format_html('<a href="{}">{}</a>', url, str(inburgeraar))


def feit_link(feit: Feit) -> SafeString:
    url = reverse("admin:cases_feit_change", args=[feit.pk])
    return format_html('<a href="{}">{} {}/{}</a>', url, feit.soort, feit.bron_id, feit.kenmerk)


@admin.register(Bron)
class BronAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "naam", "actief"]
    search_fields = ["code", "naam"]

    def get_readonly_fields(self, request: HttpRequest, obj: Bron | None = None) -> list[str]:
        # The code is the bron's identity in every kenmerk; it cannot change once facts exist.
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Gemeente)
class GemeenteAdmin(ReadOnlyAdmin):
    list_display = ["code", "naam", "geldig_tot"]
    search_fields = ["code", "naam"]
    list_filter = [("geldig_tot", admin.EmptyFieldListFilter)]


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "bron",
        "kenmerk",
        "status",
        "aantal_records",
        "aantal_verwerkt",
        "aantal_ongewijzigd",
        "aantal_fouten",
        "ontvangen_op",
        "klaar_op",
    ]
    list_filter = ["status", "bron"]
    search_fields = ["kenmerk"]


@admin.register(Inburgeraar)
class InburgeraarAdmin(ReadOnlyAdmin):
    list_display = ["uuid", "achternaam", "voornamen", "gemeente", "stelsel", "doelgroep", "datum_plicht"]
    list_filter = ["stelsel", "doelgroep"]
    search_fields = ["=bsn", "achternaam", "=uuid"]
    readonly_fields = ["feiten"]
    list_select_related = ["gemeente"]

    @admin.display(description="feiten (tijdlijn)")
    def feiten(self, obj: Inburgeraar) -> SafeString:
        rows = obj.feiten.order_by("ingangsdatum", "id").select_related("ingetrokken_door")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {}{}</li>",
                (
                    (
                        feit.ingangsdatum.isoformat(),
                        feit_link(feit),
                        " (ingetrokken)" if hasattr(feit, "ingetrokken_door") else "",
                    )
                    for feit in rows
                ),
            ),
        )


@admin.register(Feit)
class FeitAdmin(ReadOnlyAdmin):
    list_display = ["id", "soort", "bron", "kenmerk", "ingangsdatum", "inburgeraar_", "batch", "ontvangen_op"]
    list_filter = ["soort", "bron"]
    search_fields = ["=kenmerk"]
    list_select_related = ["inburgeraar", "bron"]
    readonly_fields = ["inhoud", "inburgeraar_", "status_intrekking"]
    show_full_result_count = False

    @admin.display(description="inburgeraar")
    def inburgeraar_(self, obj: Feit) -> SafeString | str:
        return inburgeraar_link(obj.inburgeraar)

    @admin.display(description="inhoud")
    def inhoud(self, obj: Feit) -> SafeString | str:
        model = detail_models().get(obj.soort)
        detail = model._default_manager.filter(feit=obj).first() if model else None
        if detail is None:
            return "—"
        pairs = [
            (field.verbose_name, getattr(detail, field.name))
            for field in detail._meta.concrete_fields
            if field.name != "feit"
        ]
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", pairs))

    @admin.display(description="intrekking")
    def status_intrekking(self, obj: Feit) -> SafeString | str:
        intrekking = getattr(obj, "ingetrokken_door", None)
        if intrekking is None:
            return "niet ingetrokken"
        return format_html("ingetrokken op {} door {}", intrekking.datum.isoformat(), feit_link(intrekking.feit))


class FeitDetailAdmin(ReadOnlyAdmin):
    """Read-only list of one fact kind with its provenance (bron, kenmerk, batch)."""

    search_fields = ["=feit__kenmerk"]
    list_select_related = ["feit__inburgeraar", "feit__bron"]
    show_full_result_count = False

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        own = [f.name for f in self.model._meta.concrete_fields if f.name != "feit"]
        return ["kenmerk", "bron", *own, "inburgeraar", "batch", "ontvangen_op"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return ["feit_", "inburgeraar"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).order_by("-feit_id")

    @admin.display(description="kenmerk", ordering="feit__kenmerk")
    def kenmerk(self, obj: FeitDetail) -> str:
        return obj.feit.kenmerk

    @admin.display(description="bron")
    def bron(self, obj: FeitDetail) -> str:
        return obj.feit.bron_id

    @admin.display(description="batch")
    def batch(self, obj: FeitDetail) -> str:
        return str(obj.feit.batch_id or "—")

    @admin.display(description="ontvangen op")
    def ontvangen_op(self, obj: FeitDetail) -> Any:
        return obj.feit.ontvangen_op

    @admin.display(description="feit")
    def feit_(self, obj: FeitDetail) -> SafeString:
        return feit_link(obj.feit)

    @admin.display(description="inburgeraar")
    def inburgeraar(self, obj: FeitDetail) -> SafeString | str:
        return inburgeraar_link(obj.feit.inburgeraar)


def register_fact_admins(*models: type[FeitDetail]) -> None:
    for model in models:
        admin.site.register(model, FeitDetailAdmin)


register_fact_admins(*(m for m in detail_models().values() if m._meta.app_label == "cases"))


@admin.register(Regelparameter)
class RegelparameterAdmin(ReadOnlyAdmin):
    """besluiten B-14: read-only; a change of policy is a new version (migration)."""

    list_display = ["naam", "waarde", "soort", "geldig_vanaf", "bron"]
    search_fields = ["naam"]
    list_filter = ["soort"]


@admin.register(Projectie)
class ProjectieAdmin(ReadOnlyAdmin):
    list_display = ["inburgeraar", "status", "status_datum", "termijn_einde", "termijn_overschreden", "signalen"]
    list_filter = ["status", "termijn_overschreden", "boete_mogelijk", "elip"]
    list_select_related = ["inburgeraar"]
    show_full_result_count = False


@admin.register(Medewerker)
class MedewerkerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "rol", "gemeente"]
    list_filter = ["rol"]
    autocomplete_fields = ["gemeente"]
    search_fields = ["user__username"]
