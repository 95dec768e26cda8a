"""One person's notices: what happened that concerns them, shown in their inbox (/avisos/) and
sent by e-mail. Generic: the app that notifies passes the words and the link; the kind is a
code registered in core.registry for its label."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("persona")
    )
    kind = models.CharField(_("tipo"), max_length=60)
    title = models.CharField(_("título"), max_length=200)
    body = models.TextField(_("texto"), blank=True)
    url = models.CharField(_("enlace"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("creado"), default=timezone.now)
    read_at = models.DateTimeField(_("leído"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("enviado por correo"), null=True, blank=True)
    # Lets a caller notify "once per thing" (a reminder per session, a decision per application)
    # without first reading what was sent: the unique constraint refuses the repeat.
    dedupe_key = models.CharField(_("clave de unicidad"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("aviso")
        verbose_name_plural = _("avisos")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notif_user_created"),
            # The header's unread count runs on every signed-in page: a partial index keeps it tiny.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notif_user_unread"),
            models.Index(fields=["created_at"], name="notif_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"], condition=~Q(dedupe_key=""), name="notif_unique_dedupe"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
