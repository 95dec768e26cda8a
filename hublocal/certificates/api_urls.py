from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("certificates/verify/<str:code>/", api.CertificateVerifyView.as_view(), name="certificate_verify"),
]
