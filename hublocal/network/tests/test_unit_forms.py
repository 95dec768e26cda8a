"""The staff's pages to register and edit the hub's units: bad input first (400, nothing saved),
a stale edit (409), audited writes, staff only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hublocal.audit.models import AuditEvent
from hublocal.network.models import Unit

pytestmark = pytest.mark.django_db


def _data(**over: str) -> dict[str, str]:
    data = {"name": "Observatorio de movilidad", "kind": "observatory", "mission": "Medir la movilidad.", "order": "9"}
    data.update(over)
    return data


def test_staff_creates_a_unit_after_bad_input(client_for):
    staff = client_for("staff")
    url = reverse("network:unit_create")
    before = Unit.objects.count()
    existing = Unit.objects.first()
    for bad, message in [
        ({"name": ""}, "Revise los siguientes datos"),
        ({"kind": "planeta"}, "Revise los siguientes datos"),
        ({"order": "-3"}, "Revise los siguientes datos"),
        ({"order": "99999999999999999999"}, "Revise los siguientes datos"),
        ({"name": existing.name.upper()}, "Ya hay una unidad con ese nombre"),
    ]:
        r = staff.post(url, _data(**bad))
        assert r.status_code == 400 and message in r.content.decode(), bad
    assert Unit.objects.count() == before
    ok = staff.post(url, _data())
    unit = Unit.objects.get(name="Observatorio de movilidad")
    assert ok.status_code == 302 and f"#unidad-{unit.slug}" in ok["Location"]
    assert AuditEvent.objects.filter(action="network.unit_save", object_id=str(unit.pk)).exists()
    assert "Observatorio de movilidad" in client_for(None).get(reverse("network:unit_map")).content.decode()


def test_staff_edits_a_unit_with_version_check(client_for):
    unit = Unit.objects.first()
    url = reverse("network:unit_edit", kwargs={"slug": unit.slug})
    staff = client_for("staff")
    data = {"name": unit.name, "kind": unit.kind, "mission": "Misión nueva.", "order": str(unit.order)}
    assert staff.post(url, data | {"row_version": str(unit.row_version)}).status_code == 302
    assert Unit.objects.get(pk=unit.pk).mission == "Misión nueva."
    stale = staff.post(url, data | {"mission": "Otra misión.", "row_version": str(unit.row_version)})
    assert stale.status_code == 409 and "Misión nueva." in stale.content.decode()
    assert Unit.objects.get(pk=unit.pk).mission == "Misión nueva."
    assert staff.get(reverse("network:unit_edit", kwargs={"slug": "no-existe"})).status_code == 404


def test_only_staff_edit_units(client_for):
    unit = Unit.objects.first()
    for username in (None, "santiago", "partner"):
        for url in (reverse("network:unit_create"), reverse("network:unit_edit", kwargs={"slug": unit.slug})):
            assert client_for(username).get(url).status_code in (302, 403)
            assert client_for(username).post(url, _data()).status_code in (302, 403)
    body = client_for(None).get(reverse("network:unit_map")).content.decode()
    assert "Registrar una unidad" not in body
