from django.apps import AppConfig


class ExamensConfig(AppConfig):
    name = "examens"
    verbose_name = "Examens"
