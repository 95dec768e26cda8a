"""Personal data of the exports app (Ley 21.719): who asked for which export, and the file.

Declared in ExportsConfig.ready(); read by the privacy app (record, notice, rights, retention)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import LegalBasis, PersonalData, register_personal_data, row_export

from . import services
from .models import ExportJob

FIELDS = ("requested_by", "kind", "title", "download_name", "created_at", "finished_at", "expires_at")
# The filters the person chose (e.g. a username searched in the audit trail).
FREE_TEXT = ("params",)


def export(user: Any) -> list[dict]:
    return [row_export(job, FIELDS + FREE_TEXT) for job in ExportJob.objects.filter(requested_by_id=user.pk)]


def anonymise(user: Any) -> int:
    """The jobs and their files are deleted: nothing in them must outlive the person's account."""
    return services.jobs_delete_of(user_id=user.pk)


def expire(now: datetime) -> int:
    return services.jobs_expire(now=now)


def register() -> None:
    register_personal_data(
        PersonalData(
            key="exports.exportjob",
            model="exports.ExportJob",
            fields=FIELDS,
            free_text_fields=FREE_TEXT,
            purpose=_(
                "Preparar en segundo plano las exportaciones largas que una persona pide y entregárselas solo a ella."
            ),
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=_("Unos días (3 por omisión): la exportación y su archivo se eliminan al vencer."),
            recipients=_("Solo la persona que pidió la exportación."),
            export=export,
            anonymise=anonymise,
            retention_days=3,
            expire=expire,
        )
    )
