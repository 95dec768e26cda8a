from django.urls import path

from . import api

urlpatterns = [
    path("organizations/", api.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/<slug:slug>/", api.OrganizationDetailView.as_view(), name="organization_detail"),
    path("people/", api.PersonListView.as_view(), name="person_list"),
    path("people/<int:pk>/", api.PersonDetailView.as_view(), name="person_detail"),
]
