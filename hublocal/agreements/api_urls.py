from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("agreements/", api.AgreementListView.as_view(), name="agreement_register_list"),
    path("agreements/<int:pk>/", api.AgreementDetailView.as_view(), name="agreement_register_detail"),
]
