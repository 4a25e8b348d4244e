"""The Celery application.

Tasks run on a project-specific queue with a project-specific Redis key prefix, so a
worker of another checkout on the same Redis never takes our tasks.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.settings")

app = Celery("inburgering")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
