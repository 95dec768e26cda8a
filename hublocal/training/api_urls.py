from django.urls import path

from . import api

# Included at /api/v1/ beside every other app's routes.
urlpatterns = [
    path("training/programmes/", api.ProgrammeListView.as_view(), name="training_programme_list"),
    path("training/cohorts/", api.CohortListView.as_view(), name="training_cohort_list"),
    path(
        "training/cohorts/<int:pk>/applications/",
        api.CohortApplicationsView.as_view(),
        name="training_cohort_applications",
    ),
    # --- Evaluation
    path("training/cohorts/<int:pk>/report/", api.CohortReportView.as_view(), name="training_cohort_report"),
    # --- Group projects
    path("training/cohorts/<int:pk>/projects/", api.CohortProjectsView.as_view(), name="training_cohort_projects"),
    path("training/projects/<int:pk>/", api.ProjectDetailView.as_view(), name="training_project_detail"),
]
