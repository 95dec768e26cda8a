from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/leido/", views.mark_read, name="mark_read"),
    path("leer-todos/", views.mark_all_read, name="mark_all_read"),
]
