from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("roundtables/", api.RoundTableListView.as_view(), name="articulation_roundtable_list"),
    path("roundtables/<slug:slug>/", api.RoundTableDetailView.as_view(), name="articulation_roundtable_detail"),
    path("policy-items/", api.PolicyItemListView.as_view(), name="articulation_policy_list"),
    path("policy-items/<slug:slug>/", api.PolicyItemDetailView.as_view(), name="articulation_policy_detail"),
]
