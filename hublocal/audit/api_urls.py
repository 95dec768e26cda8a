from django.urls import path

from . import api

urlpatterns = [
    path("audit/events/", api.AuditEventListView.as_view(), name="audit_event_list"),
]
