from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "inburgering.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from inburgering.api import schema  # noqa: F401 (registers the OpenAPI extension)
