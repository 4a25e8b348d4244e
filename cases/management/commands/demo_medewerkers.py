"""Demo medewerkers for `make run` (once): in the two gemeenten with the most inburgeraars a teamleider
and two klantmanagers, plus a beleidsmedewerker and the functioneel beheerder as medewerker; a third
of each gemeente's dossiers assigned, so that "Mijn dossiers" is not empty. Passwords are printed
only when the accounts are created."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone

from cases.constants import Rol
from cases.models import Gemeente, Inburgeraar, Medewerker
from cases.selectors import in_gemeente_op
from cases.services.toewijzing import toewijzen

NAMEN = (("Fatima", "de Vries"), ("Jeroen", "Bakker"), ("Sanne", "Yilmaz"), ("Ahmed", "Jansen"), ("Eva", "Visser"))


class Command(BaseCommand):
    help = "Maakt demomedewerkers aan in de twee grootste gemeenten van de demopopulatie (eenmalig)."

    def handle(self, *args: Any, **opts: Any) -> None:
        User = get_user_model()
        if Medewerker.objects.filter(rol__in=[Rol.KLANTMANAGER, Rol.TEAMLEIDER]).exists():
            self.stdout.write("Demomedewerkers bestaan al (wachtwoorden werden bij het aanmaken getoond).")
            return
        vandaag = timezone.localdate()
        grootste = Inburgeraar.objects.values("gemeente_id").annotate(n=Count("id")).order_by("-n", "gemeente_id")[:2]
        regels = []
        namen = iter(NAMEN)
        for rij in grootste:
            gemeente = Gemeente.objects.get(code=rij["gemeente_id"])
            slug = gemeente.naam.lower().replace(" ", "-").replace("'", "")
            team = []
            for rol, achtervoegsel in (
                (Rol.TEAMLEIDER, "teamleider"),
                (Rol.KLANTMANAGER, "km1"),
                (Rol.KLANTMANAGER, "km2"),
            ):
                voornaam, achternaam = next(namen, ("Demo", "Medewerker"))
                wachtwoord = secrets.token_urlsafe(12)
                user = User.objects.create_user(
                    username=f"{slug}-{achtervoegsel}", password=wachtwoord, first_name=voornaam, last_name=achternaam
                )
                team.append(Medewerker.objects.create(user=user, rol=rol, gemeente=gemeente))
                regels.append(f"  {user.username:<28} {wachtwoord:<20} {rol} in {gemeente.naam} ({gemeente.code})")
            ids = list(
                Inburgeraar.objects.filter(in_gemeente_op(gemeente.code, vandaag))
                .order_by("id")
                .values_list("pk", flat=True)
            )
            for i, km in enumerate(team[1:]):
                toewijzen(
                    door=team[0], aan=km, inburgeraar_ids=ids[i::6], reden="Demo: eerste verdeling", trace_id="demo"
                )
        for gebruikersnaam, rol in (("beleid", Rol.BELEIDSMEDEWERKER),):
            wachtwoord = secrets.token_urlsafe(12)
            user = User.objects.create_user(username=gebruikersnaam, password=wachtwoord)
            Medewerker.objects.create(user=user, rol=rol)
            regels.append(f"  {gebruikersnaam:<28} {wachtwoord:<20} {rol}")
        beheerder = User.objects.filter(username="beheerder").first()
        if beheerder is not None:
            Medewerker.objects.get_or_create(user=beheerder, defaults={"rol": Rol.BEHEERDER})
        self.stdout.write("Demomedewerkers (wachtwoorden worden niet opnieuw getoond):")
        for regel in regels:
            self.stdout.write(regel)
