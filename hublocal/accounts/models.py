import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.auth.password_validation import validate_password
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HUB_ADMIN = "hub_admin", _("Equipo Hub · administración")
    HUB_ANALYST = "hub_analyst", _("Equipo Hub · análisis")
    MUNICIPAL = "municipal", _("Funcionario/a municipal")
    STARTUP = "startup", _("Integrante de startup")
    PARTNER = "partner", _("Integrante de institución aliada")


class UserManager(DjangoUserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> "User":
        # A superuser administers the platform: hub staff, bound to no organisation (the
        # model's constraint refuses the default partner role without one).
        extra.setdefault("role", Role.HUB_ADMIN)
        if password is not None:
            # The password rules apply here too: `createsuperuser --noinput` takes
            # DJANGO_SUPERUSER_PASSWORD without asking the validators (it turns this error into
            # a CommandError with the message).
            validate_password(password)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """An account. Non-staff roles are bound to exactly one organisation, which scopes
    everything they can see and change."""

    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    organization = models.ForeignKey(
        "directory.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["hub_admin", "hub_analyst"]) | models.Q(organization__isnull=False),
                name="non_staff_user_has_organization",
            )
        ]

    @property
    def is_hub_staff(self) -> bool:
        return self.role in (Role.HUB_ADMIN, Role.HUB_ANALYST)


def api_token_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)


class ApiToken(models.Model):
    """A bearer token for scripts. Only a SHA-256 digest is stored: a leaked database
    does not leak usable tokens. Revoked tokens are kept (revoked_at set) so the owner and
    the audit trail can still tell which token was used when."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    name = models.CharField(_("nombre"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("vence"), default=api_token_expiry)
    revoked_at = models.DateTimeField(_("revocado"), null=True, blank=True)

    class Meta:
        verbose_name = _("token de API")
        verbose_name_plural = _("tokens de API")

    def __str__(self) -> str:
        return f"{self.user} · {self.prefix}…"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)
