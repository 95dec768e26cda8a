from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("<int:pk>/descargar/", views.job_download, name="job_download"),
]
