from django.urls import path

from cases.api.views import InburgeraarDetail, InburgeraarLijst, InburgeraarZoeken

urlpatterns = [
    path("inburgeraars/", InburgeraarLijst.as_view(), name="inburgeraars"),
    path("inburgeraars/zoeken/", InburgeraarZoeken.as_view(), name="inburgeraars-zoeken"),
    path("inburgeraars/<uuid:id>/", InburgeraarDetail.as_view(), name="inburgeraar"),
]
