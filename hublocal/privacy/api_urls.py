from django.urls import path

from . import api

urlpatterns = [
    path("me/data/", api.MyDataView.as_view(), name="privacy_my_data"),
    path("me/requests/", api.MyRequestsView.as_view(), name="privacy_my_requests"),
    path("me/requests/<int:pk>/", api.MyRequestDetailView.as_view(), name="privacy_my_request"),
]
