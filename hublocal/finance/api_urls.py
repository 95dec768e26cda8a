from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("finance/summary/", api.FinanceSummaryView.as_view(), name="finance_summary"),
]
