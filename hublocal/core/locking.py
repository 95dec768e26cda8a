"""Optimistic locking for every editable object, web and API alike.

An editable model inherits `Versioned`: `row_version` starts at 1 and every successful update
through a service increments it. A client edits the version it read (the API's `ETag`, a web
form's hidden field); a service given a stale version raises `StaleVersion` instead of silently
overwriting a colleague's change (the "lost update" problem)."""

from __future__ import annotations

from django.db import models


class Versioned(models.Model):
    row_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
