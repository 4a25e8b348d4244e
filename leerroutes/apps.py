from django.apps import AppConfig


class LeerroutesConfig(AppConfig):
    name = "leerroutes"
    verbose_name = "Leerroutes"
