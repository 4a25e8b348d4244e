from cases.admin import register_fact_admins

from .models import Examen

register_fact_admins(Examen)
