"""Who may see and fetch an export job. Deny by default: an action missing here is refused."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils import timezone

from hublocal.core import registry
from hublocal.core.permissions import is_authenticated


class Action(StrEnum):
    VIEW_JOBS = "exports.view_jobs"
    DOWNLOAD_JOB = "exports.download_job"


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if action == Action.VIEW_JOBS:
        # Everyone signed in has a (possibly empty) list of their own exports.
        return is_authenticated(user)
    if action == Action.DOWNLOAD_JOB:
        # Only the person who asked, while the file exists, and only while their account may still
        # have that export (a demoted analyst loses the audit trail they had asked for).
        if obj is None or not is_authenticated(user) or obj.requested_by_id != user.pk:
            return False
        if obj.status != obj.Status.DONE or not obj.file or obj.expires_at <= timezone.now():
            return False
        kind = registry.export_kind(obj.kind)
        return kind is not None and kind.allowed(user, obj.params)
    return False
