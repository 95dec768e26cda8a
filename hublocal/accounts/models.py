import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HUB_ADMIN = "hub_admin", _("Equipo Hub · administración")
    HUB_ANALYST = "hub_analyst", _("Equipo Hub · análisis")
    MUNICIPAL = "municipal", _("Funcionario/a municipal")
    STARTUP = "startup", _("Integrante de startup")
    PARTNER = "partner", _("Integrante de institución aliada")


class User(AbstractUser):
    """An account. Non-staff roles are bound to exactly one organisation, which scopes
    everything they can see and change."""

    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    organization = models.ForeignKey(
        "directory.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

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


class ApiToken(models.Model):
    """A bearer token for scripts. Only a SHA-256 digest is stored: a leaked database
    does not leak usable tokens."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token de API")
        verbose_name_plural = _("tokens de API")

    def __str__(self) -> str:
        return f"{self.user} · {self.prefix}…"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)
