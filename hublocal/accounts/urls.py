from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("ingresar/", views.LoginView.as_view(), name="login"),
    path("salir/", views.logout_view, name="logout"),
    path("", views.account, name="account"),
    path("tokens/revocar/", views.revoke_tokens, name="revoke_tokens"),
    path("gestion/", views.backoffice, name="backoffice"),
    path("gestion/auditoria/", views.audit_log, name="audit_log"),
    path("gestion/usuarios/", views.user_list, name="user_list"),
    path("gestion/usuarios/nuevo/", views.user_create, name="user_create"),
    path("gestion/usuarios/<int:pk>/activar/", views.user_toggle_active, name="user_toggle_active"),
]
