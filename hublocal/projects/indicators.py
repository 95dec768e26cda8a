"""Projects' source for the hub's indicators (hublocal.evaluation): collaborative projects
(two partners or more) under way during a year; projects are public."""

from __future__ import annotations

from django.urls import reverse

from hublocal.core import registry
from hublocal.core.registry import IndicatorRow

from . import selectors


def collaborative(year: int) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            value=1,
            record_ref=f"projects.project:{r['pk']}",
            label=r["title"],
            url=reverse("projects:project_detail", args=[r["slug"]]),
            breakdown={"line": "projects"},
        )
        for r in selectors.indicator_collaborative_projects(year=year)
    ]


def register() -> None:
    registry.register_indicator_source("projects.collaborative", collaborative)
