from django.urls import path

from . import api

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="auth_token"),
    path("auth/logout/", api.LogoutView.as_view(), name="auth_logout"),
    path("me/", api.MeView.as_view(), name="me"),
]
