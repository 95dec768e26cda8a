"""AMUCH membership and international networks: the public network page (map + tables), the
municipality page's panel, staff-only forms with clear errors and nothing saved, the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hublocal.audit.models import AuditEvent
from hublocal.directory.models import Organization
from hublocal.network import services
from hublocal.network.models import AmuchMembership, InternationalNetwork, NetworkCountry

pytestmark = pytest.mark.django_db


def _muni(code: str) -> Organization:
    return Organization.objects.get(kind="municipality", commune__code=code)


def test_demo_has_memberships_and_three_networks():
    assert (
        AmuchMembership.objects.filter(status="active").count()
        > AmuchMembership.objects.filter(status="former").count()
        > 0
    )
    assert InternationalNetwork.objects.count() == 3
    codes = set(NetworkCountry.objects.values_list("code", flat=True))
    assert {"CL", "UY", "BR", "PY", "CA"} <= codes


def test_network_page_has_map_and_tables(client_for):
    body = client_for(None).get(reverse("network:network")).content.decode()
    assert "<svg" in body and 'role="img"' in body
    assert body.count("<table") == 3
    assert "Santiago" in body and "Ex socia" in body
    assert "Canadá" in body and "Uruguay" in body and "FCM" in body
    assert "Nueva red internacional" not in body  # no edit links for the public


def test_municipality_page_shows_membership_panel(client_for):
    santiago = client_for(None).get(reverse("directory:municipality_detail", kwargs={"code": "13101"}))
    body = santiago.content.decode()
    assert "Membresía AMUCH" in body and "Activa" in body
    assert "Registrar o cambiar la membresía" not in body
    staff_body = client_for("staff").get(reverse("directory:municipality_detail", kwargs={"code": "13101"}))
    assert "Registrar o cambiar la membresía" in staff_body.content.decode()


def test_membership_future_date_and_unknown_status_are_refused(users):
    org = _muni("13101")
    before = AmuchMembership.objects.get(organization=org)
    future = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        services.membership_set(actor=users["staff"], organization=org, member_since=future, status="active")
    assert "member_since" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.membership_set(
            actor=users["staff"], organization=org, member_since=before.member_since, status="honoraria"
        )
    assert "status" in exc.value.message_dict
    after = AmuchMembership.objects.get(organization=org)
    assert (after.status, after.member_since, after.row_version) == (
        before.status,
        before.member_since,
        before.row_version,
    )


def test_municipal_user_cannot_set_membership(users):
    with pytest.raises(ValidationError):
        services.membership_set(
            actor=users["santiago"], organization=_muni("13101"), member_since=timezone.localdate(), status="former"
        )


def test_staff_sets_membership_through_the_page_audited(client_for):
    org = _muni("13101")
    m = AmuchMembership.objects.get(organization=org)
    url = reverse("network:membership_edit", kwargs={"slug": org.slug})
    assert client_for("santiago").get(url).status_code == 403
    client = client_for("staff")
    future = (timezone.localdate() + timedelta(days=10)).isoformat()
    bad = client.post(url, {"member_since": future, "status": "active", "row_version": str(m.row_version)})
    assert bad.status_code == 400 and "futuro" in bad.content.decode()
    bad = client.post(url, {"member_since": "2010-01-01", "status": "honoraria", "row_version": str(m.row_version)})
    assert bad.status_code == 400
    assert AmuchMembership.objects.get(pk=m.pk).status == "active"
    ok = client.post(url, {"member_since": "2010-01-01", "status": "suspended", "row_version": str(m.row_version)})
    assert ok.status_code == 302
    m.refresh_from_db()
    assert m.status == "suspended" and m.member_since.isoformat() == "2010-01-01"
    event = AuditEvent.objects.filter(action="network.membership_set").order_by("-pk").first()
    assert event is not None and event.before["status"] == "active"
    stale = client.post(url, {"member_since": "2011-01-01", "status": "active", "row_version": str(m.row_version - 1)})
    assert stale.status_code == 409


def test_membership_for_a_startup_is_a_404(client_for):
    url = reverse("network:membership_edit", kwargs={"slug": "datamuni-spa"})
    assert client_for("staff").get(url).status_code == 404


def test_staff_creates_and_edits_a_network_bad_input_saves_nothing(client_for):
    client = client_for("staff")
    create = reverse("network:network_create")
    n = InternationalNetwork.objects.count()
    bad = client.post(
        create,
        {
            "name": "Mercociudades",
            "description": "Red de ciudades.",
            "countries": "Uruguay\nAR Argentina",
            "communes": "99999",
            "url": "",
            "row_version": "0",
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 400 and "UY Uruguay" in body and "99999" in body
    assert InternationalNetwork.objects.count() == n
    ok = client.post(
        create,
        {
            "name": "Mercociudades",
            "description": "Red de ciudades.",
            "countries": "UY Uruguay\nAR Argentina",
            "communes": "05101",
            "url": "https://mercociudades.org/",
            "row_version": "0",
        },
    )
    assert ok.status_code == 302
    net = InternationalNetwork.objects.get(slug="mercociudades")
    assert sorted(net.countries.values_list("code", flat=True)) == ["AR", "UY"]
    assert list(net.communes.values_list("code", flat=True)) == ["05101"]
    edit = reverse("network:network_edit", kwargs={"slug": net.slug})
    ok = client.post(
        edit,
        {
            "name": "Mercociudades",
            "description": "Red.",
            "countries": "UY Uruguay",
            "communes": "",
            "url": "",
            "row_version": str(net.row_version),
        },
    )
    assert ok.status_code == 302
    assert list(net.countries.values_list("code", flat=True)) == ["UY"] and not net.communes.exists()
    assert client_for("santiago").get(edit).status_code == 403


def test_networks_api(client_for):
    data = client_for(None).get(reverse("api:network_network_list")).json()
    rows = data["results"] if isinstance(data, dict) else data
    by_slug = {r["slug"]: r for r in rows}
    assert {"cglu", "bloomberg-philanthropies", "fcm"} <= set(by_slug)
    assert {"code": "CA", "name": "Canadá"} in by_slug["fcm"]["countries"]
    assert by_slug["cglu"]["municipalities"][0]["country"] == "CL"


def test_network_page_queries_do_not_grow(client_for, users):
    def count() -> int:
        client = client_for("staff")
        client.get(reverse("network:network"))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("network:network")).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    codes = list(
        Organization.objects.filter(
            kind="municipality", commune__country__code="CL", amuch_membership__isnull=True
        ).values_list("commune__code", flat=True)[:20]
    )
    for i, code in enumerate(codes):
        services.membership_set(
            actor=users["staff"], organization=_muni(code), member_since=timezone.localdate(), status="active"
        )
        if i < 5:
            services.network_save(
                actor=users["staff"],
                slug=f"red-{i}",
                name=f"Red {i}",
                description="D",
                countries=f"UY Uruguay\nC{chr(65 + i)} País {i}",
                commune_codes=codes[:5],
            )
    big = count()
    assert big <= small <= 20, (small, big)
