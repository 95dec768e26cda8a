"""The locking helpers themselves (hublocal/core/locking.py)."""

from __future__ import annotations

import pytest
from django import forms
from django.test import RequestFactory
from rest_framework import exceptions
from rest_framework.request import Request

from hublocal.core.locking import (
    PreconditionRequired,
    StaleVersion,
    add_version_field,
    conflict_rows,
    edited_values,
    etag,
    form_conflict,
    form_version,
    if_match_version,
)


def _request(if_match: str | None) -> Request:
    headers = {"If-Match": if_match} if if_match is not None else {}
    return Request(RequestFactory().patch("/api/v1/x/", headers=headers))


@pytest.mark.parametrize(("raw", "expected"), [('W/"3"', 3), ('"3"', 3), ("3", 3), (' W/"12" ', 12)])
def test_if_match_accepts_the_etags_we_send(raw, expected):
    assert if_match_version(_request(raw)) == expected
    assert etag(expected) == f'W/"{expected}"'


def test_if_match_missing_is_428_and_garbage_is_400():
    with pytest.raises(PreconditionRequired) as exc:
        if_match_version(_request(None))
    assert exc.value.status_code == 428
    for raw in ("*", 'W/"tres"', '"-1"', "9" * 20):
        with pytest.raises(exceptions.ValidationError):
            if_match_version(_request(raw))


class _Form(forms.Form):
    name = forms.CharField(label="Nombre")
    kind = forms.ChoiceField(label="Tipo", choices=[("a", "Alfa"), ("b", "Beta")])
    public = forms.BooleanField(label="Público", required=False)


class _Saved:
    row_version = 5


def test_conflict_rows_list_only_differences_with_labels():
    form = _Form({"name": "Mío", "kind": "a", "public": "on", "row_version": "4"})
    add_version_field(form, 4)
    assert form.is_valid(), form.errors
    assert form_version(form) == 4 and "row_version" not in edited_values(form)
    rows = conflict_rows(form, {"name": "Suyo", "kind": "b", "public": True})
    assert [(r.label, r.yours, r.saved) for r in rows] == [("Nombre", "Mío", "Suyo"), ("Tipo", "Alfa", "Beta")]


def test_form_conflict_keeps_typed_values_and_takes_the_saved_version():
    form = _Form({"name": "Mío", "kind": "a", "row_version": "4"})
    add_version_field(form, 4)
    assert form.is_valid()
    context = form_conflict(form, StaleVersion(current=_Saved()), {"name": "Suyo", "kind": "a", "public": False})
    assert [r.label for r in context["conflict"]] == ["Nombre"]
    assert form["name"].value() == "Mío" and form["row_version"].value() == "5"
    assert form.non_field_errors()


def test_a_form_without_its_version_is_invalid():
    form = _Form({"name": "Mío", "kind": "a"})
    add_version_field(form, 1)
    assert not form.is_valid() and "row_version" in form.errors
