from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .appendonly import AuditTrailImmutable, is_unlocked


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Refuses bulk changes: the trail is append-only (see appendonly.py).

    Deleting an account still works: Django nulls `actor` through the model's plain base
    manager, and the database trigger allows exactly that change."""

    def update(self, **kwargs: Any) -> int:
        if not is_unlocked():
            raise AuditTrailImmutable("QuerySet.update()")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if not is_unlocked():
            raise AuditTrailImmutable("QuerySet.delete()")
        return super().delete()


class AuditEvent(models.Model):
    """One write made through a service (or one refused authorisation): who did what to which
    object, and when (UTC). Append-only: recorded events are never changed or deleted."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text so the trail survives the actor's deletion.
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(_("acción"), max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("evento de auditoría")
        verbose_name_plural = _("eventos de auditoría")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_username or '-'} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and not is_unlocked():
            raise AuditTrailImmutable("saving an existing event")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if not is_unlocked():
            raise AuditTrailImmutable("deleting an event")
        return super().delete(*args, **kwargs)
