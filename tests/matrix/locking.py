"""Optimistic locking in the matrix: edit forms and API updates carry the version they read.

Web edit forms post the hidden `row_version` the page was rendered with; API PATCH/PUT send
`If-Match` with the ETag a GET answered (hublocal/core/locking.py). The matrix tests permissions,
not conflicts, so each request names the object's current version, read here at test time
(the demo data and the objects the app modules create vary). Conflicts have their own tests:
tests/test_locking_api.py and each app's tests/test_locking.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _version(label: str, **lookup: Any) -> int:
    from django.apps import apps

    model = apps.get_model(label)
    found = model._default_manager.filter(**lookup).values_list("row_version", flat=True).first()
    # A missing object (a 404 row) has no version: any number does, the request is refused anyway.
    return found if found is not None else 1


def _profile(kwargs: dict[str, Any]) -> int:
    from django.apps import apps

    model = apps.get_model("solutions.StartupProfile")
    found = model._default_manager.filter(organization__slug=kwargs["slug"]).values_list("row_version", flat=True)
    return found.first() or 0  # 0: no profile yet


VERSIONS: dict[str, Callable[[dict[str, Any]], int]] = {
    "articulation:table_edit": lambda kw: _version("articulation.RoundTable", slug=kw["slug"]),
    "articulation:meeting_edit": lambda kw: _version("articulation.Meeting", pk=kw["pk"]),
    "articulation:policy_edit": lambda kw: _version("articulation.PolicyItem", slug=kw["slug"]),
    "directory:organization_edit": lambda kw: _version("directory.Organization", slug=kw["slug"]),
    "directory:person_edit": lambda kw: _version("directory.Person", pk=kw["pk"]),
    "innovation:call_edit": lambda kw: _version("innovation.Call", slug=kw["slug"]),
    "innovation:challenge_edit": lambda kw: _version("innovation.Challenge", pk=kw["pk"]),
    "innovation:event_edit": lambda kw: _version("innovation.Event", pk=kw["pk"]),
    "network:membership_edit": lambda kw: _version("network.AmuchMembership", organization__slug=kw["slug"]),
    "network:network_edit": lambda kw: _version("network.InternationalNetwork", slug=kw["slug"]),
    "network:stage_edit": lambda kw: _version("network.Stage", pk=kw["pk"]),
    "pilots:indicator_edit": lambda kw: _version("pilots.Indicator", pk=kw["pk"]),
    "pilots:indicator_revise": lambda kw: _version("pilots.Indicator", pk=kw["pk"]),
    "projects:milestone_edit": lambda kw: _version("projects.Milestone", pk=kw["pk"]),
    "proposals:edit": lambda kw: _version("proposals.Proposal", pk=kw["pk"]),
    "proposals:session_record": lambda kw: _version("proposals.WorkingSession", pk=kw["pk"]),
    "solutions:solution_edit": lambda kw: _version("solutions.Solution", slug=kw["slug"]),
    "solutions:startup_edit": _profile,
    "api:organization_detail": lambda kw: _version("directory.Organization", slug=kw["slug"]),
    "api:challenge_detail": lambda kw: _version("innovation.Challenge", pk=kw["pk"]),
    "api:proposal_detail": lambda kw: _version("proposals.Proposal", pk=kw["pk"]),
    "api:solution_detail": lambda kw: _version("solutions.Solution", slug=kw["slug"]),
    "api:startup_detail": _profile,
}


def versioned(route: str, kwargs: dict[str, Any], method: str, data: Any) -> tuple[Any, dict[str, str]]:
    """The row's body and headers with the object's current version added where one is due:
    `row_version` in a web edit form's POST, `If-Match` on an API PATCH/PUT."""
    version = VERSIONS.get(route)
    if version is None or method == "GET":
        return data, {}
    if route.startswith("api:"):
        if method in ("PATCH", "PUT"):
            return data, {"If-Match": f'W/"{version(kwargs)}"'}
        return data, {}
    if method == "POST" and isinstance(data, dict):
        return {**data, "row_version": str(version(kwargs))}, {}
    return data, {}
