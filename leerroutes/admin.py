from cases.admin import register_fact_admins

from .models import Aanbod, CoaVerblijf, Diploma, Leerbaarheidstoets, Lesuren, Module, Pip

register_fact_admins(Leerbaarheidstoets, Pip, Aanbod, CoaVerblijf, Lesuren, Module, Diploma)
