"""The fixed addresses of backoffice.md."""

from django.urls import path

from cases.backoffice import dossier, logboek, paginas, werkvoorraad

urlpatterns = [
    path("", paginas.start, name="start"),
    path("inloggen/", paginas.Inloggen.as_view(), name="inloggen"),
    path("uitloggen/", paginas.Uitloggen.as_view(), name="uitloggen"),
    path("zoeken/", paginas.zoeken, name="zoeken"),
    path("werkvoorraad/", werkvoorraad.lijst, name="werkvoorraad"),
    path("werkvoorraad/export.csv", werkvoorraad.export, name="werkvoorraad_export"),
    path("werkvoorraad/toewijzen/", werkvoorraad.bulk_toewijzen, name="werkvoorraad_toewijzen"),
    path("werkvoorraad/zoekopdrachten/", werkvoorraad.zoekopdracht_opslaan, name="zoekopdracht_opslaan"),
    path(
        "werkvoorraad/zoekopdrachten/<int:pk>/verwijderen/",
        werkvoorraad.zoekopdracht_verwijderen,
        name="zoekopdracht_verwijderen",
    ),
    path("dossiers/<str:id>/", dossier.dossier, name="dossier"),
    path("dossiers/<str:id>/toewijzen/", dossier.dossier_toewijzen, name="dossier_toewijzen"),
    path("logboek/", logboek.logboek, name="logboek"),
]
