from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("indicators/", api.IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/<str:key>/", api.IndicatorDetailView.as_view(), name="indicator_detail"),
]
urlpatterns += [path("results/", api.ResultListView.as_view(), name="result_list")]
