from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "inburgering.core"
    label = "core"
    verbose_name = "Kern"
