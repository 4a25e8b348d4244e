"""Create the demo functioneel beheerder for `make run` (once).

The password is random and printed only when the account is created; reset it with
`python manage.py changepassword beheerder` (or `make wachtwoord`).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

GEBRUIKERSNAAM = "beheerder"


class Command(BaseCommand):
    help = "Maakt de demogebruiker 'beheerder' aan (eenmalig) en toont het wachtwoord."

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        if User.objects.filter(username=GEBRUIKERSNAAM).exists():
            self.stdout.write(
                f"Demogebruiker '{GEBRUIKERSNAAM}' bestaat al. Wachtwoord vergeten? "
                f"python manage.py changepassword {GEBRUIKERSNAAM}  (of: make wachtwoord)"
            )
            return
        wachtwoord = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=GEBRUIKERSNAAM, email="", password=wachtwoord)
        self.stdout.write(f"Demogebruiker aangemaakt: gebruikersnaam '{GEBRUIKERSNAAM}', wachtwoord '{wachtwoord}'")
