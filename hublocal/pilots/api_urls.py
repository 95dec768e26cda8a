from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("pilots/", api.PilotListView.as_view(), name="pilot_list"),
    path("pilots/<int:pk>/", api.PilotDetailView.as_view(), name="pilot_detail"),
    path("pilots/<int:pk>/measurements/", api.PilotMeasurementsView.as_view(), name="pilot_measurements"),
    path("pilots/<int:pk>/transition/", api.PilotTransitionView.as_view(), name="pilot_transition"),
    path("pilots/agreements/", api.AgreementListView.as_view(), name="agreement_list"),
    path("pilots/agreements/<int:pk>/", api.AgreementDetailView.as_view(), name="agreement_detail"),
    path("suppliers/<slug:slug>/", api.SupplierDetailView.as_view(), name="supplier_detail"),
    path("programme/", api.ProgrammeView.as_view(), name="programme_funnel"),
]
