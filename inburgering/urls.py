from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Inburgering — functioneel beheer"
admin.site.site_title = "Inburgering"
admin.site.index_title = "Beheer"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("inburgering.api.urls")),
    # The back office (a string: the kernel imports no app).
    path("", include("cases.backoffice.urls")),
]

handler400 = "inburgering.api.errors.ongeldig_verzoek"
handler403 = "inburgering.api.errors.geen_toegang"
handler404 = "inburgering.api.errors.niet_gevonden"
handler500 = "inburgering.api.errors.serverfout"
