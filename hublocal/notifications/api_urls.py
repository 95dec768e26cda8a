from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("notifications/", api.NotificationListView.as_view(), name="notification_list"),
    path("notifications/<int:pk>/read/", api.NotificationReadView.as_view(), name="notification_read"),
]
