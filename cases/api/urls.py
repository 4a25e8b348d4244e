from django.urls import path

from cases.api.batches import BatchAanleveren, BatchDetail, BatchFouten
from cases.api.views import InburgeraarDetail, InburgeraarLijst, InburgeraarZoeken

urlpatterns = [
    path("batches/", BatchAanleveren.as_view(), name="batches"),
    path("batches/<str:id>/", BatchDetail.as_view(), name="batch"),
    path("batches/<str:id>/fouten/", BatchFouten.as_view(), name="batch-fouten"),
    path("inburgeraars/", InburgeraarLijst.as_view(), name="inburgeraars"),
    path("inburgeraars/zoeken/", InburgeraarZoeken.as_view(), name="inburgeraars-zoeken"),
    path("inburgeraars/<str:id>/", InburgeraarDetail.as_view(), name="inburgeraar"),
]
