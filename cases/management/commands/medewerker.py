"""`python manage.py medewerker GEBRUIKERSNAAM --gemeente 0363 --rol klantmanager [--wachtwoord-stdin]`
(backoffice.md): creates the medewerker, or updates role and gemeente of an existing one. A new
account's password comes from stdin, or is generated and printed as the last line of stdout."""

from __future__ import annotations

import secrets
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from cases.constants import ROLLEN_MET_PERSONEN, Rol
from cases.models import Gemeente, Medewerker


class Command(BaseCommand):
    help = "Maakt een medewerker aan of werkt rol en gemeente bij."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gebruikersnaam")
        parser.add_argument("--rol", required=True, choices=[r.value for r in Rol])
        parser.add_argument("--gemeente", help="CBS-code (4 cijfers); verplicht voor klantmanager en teamleider")
        parser.add_argument("--naam", default="", help="voornaam en achternaam, voor de kopregel")
        parser.add_argument("--wachtwoord-stdin", action="store_true", help="lees het wachtwoord van stdin")

    def handle(self, *args: Any, **opts: Any) -> None:
        rol = Rol(opts["rol"])
        gemeente = None
        if opts["gemeente"]:
            gemeente = Gemeente.objects.filter(code=opts["gemeente"]).first()
            if gemeente is None:
                raise CommandError(
                    f"Gemeente '{opts['gemeente']}' bestaat niet (CBS-code van 4 cijfers).", returncode=2
                )
        if rol in ROLLEN_MET_PERSONEN and gemeente is None:
            raise CommandError(f"Een {rol} hoort bij een gemeente: geef --gemeente.", returncode=2)
        User = get_user_model()
        naam = opts["gebruikersnaam"]
        with transaction.atomic():
            user = User.objects.filter(username=naam).first()
            nieuw = user is None
            wachtwoord = None
            if nieuw or opts["wachtwoord_stdin"]:
                wachtwoord = (
                    sys.stdin.readline().rstrip("\n") if opts["wachtwoord_stdin"] else secrets.token_urlsafe(12)
                )
                try:
                    validate_password(wachtwoord, user)
                except ValidationError as exc:
                    raise CommandError("Wachtwoord geweigerd: " + " ".join(exc.messages), returncode=2) from exc
            if user is None:
                user = User.objects.create_user(username=naam, password=wachtwoord)
            elif wachtwoord is not None:
                user.set_password(wachtwoord)
            if opts["naam"]:
                voornaam, _, achternaam = opts["naam"].partition(" ")
                user.first_name, user.last_name = voornaam, achternaam
            # The functioneel beheerder works in the admin.
            user.is_staff = user.is_superuser = rol == Rol.BEHEERDER
            user.save()
            Medewerker.objects.update_or_create(user=user, defaults={"rol": rol, "gemeente": gemeente})
        waar = f" van gemeente {gemeente.code} ({gemeente.naam})" if gemeente else ""
        self.stdout.write(f"Medewerker '{naam}' {'aangemaakt' if nieuw else 'bijgewerkt'}: {rol}{waar}.")
        if nieuw and not opts["wachtwoord_stdin"]:
            self.stdout.write("Wachtwoord (wordt niet opnieuw getoond):")
            self.stdout.write(str(wachtwoord))
