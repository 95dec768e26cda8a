from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("ingresar/", views.LoginView.as_view(), name="login"),
    path("ingresar/codigo/", views.login_mfa, name="login_mfa"),
    path("salir/", views.logout_view, name="logout"),
    path("", views.account, name="account"),
    path("tokens/revocar/", views.revoke_tokens, name="revoke_tokens"),
    path("tokens/<int:pk>/revocar/", views.token_revoke, name="token_revoke"),
    path("clave/", views.PasswordChangeView.as_view(), name="password_change"),
    path("clave/olvido/", views.PasswordResetView.as_view(), name="password_reset"),
    path("clave/olvido/enviado/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "clave/restablecer/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("clave/restablecida/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("mfa/", views.mfa, name="mfa"),
    path("mfa/desactivar/", views.mfa_disable, name="mfa_disable"),
    path("mfa/recuperacion/", views.mfa_recovery, name="mfa_recovery"),
    path("gestion/", views.backoffice, name="backoffice"),
    path("gestion/usuarios/", views.user_list, name="user_list"),
    path("gestion/usuarios/nuevo/", views.user_create, name="user_create"),
    path("gestion/usuarios/<int:pk>/activar/", views.user_toggle_active, name="user_toggle_active"),
]
