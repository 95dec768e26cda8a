"""The staff and coordinator pages of round tables and policy items: each form saves through its
service with an audit record, answers bad input with 400 and the message beside the field (nothing
saved), answers a stale edit with 409 and the conflict, and is linked only for who may open it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hublocal.articulation import services
from hublocal.articulation.models import (
    Activity,
    Attendance,
    Evidence,
    Meeting,
    MeetingDocument,
    Member,
    PolicyItem,
    RoundTable,
)
from hublocal.audit.models import AuditEvent
from hublocal.directory.models import Organization
from hublocal.library import demo_files

pytestmark = pytest.mark.django_db


def _security() -> RoundTable:
    return RoundTable.objects.get(is_demo=True, area="seguridad")


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"articulation:{name}", kwargs=kwargs)


def _audited(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --- Tables and members -------------------------------------------------------------------------


def test_staff_creates_a_table_and_bad_input_saves_nothing(client_for):
    staff = client_for("staff")
    n, audited = RoundTable.objects.count(), _audited("articulation.table_create")
    bad = staff.post(_url("table_create"), {"theme": "", "area": "nope", "description": "", "status": "active"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Este campo es requerido" in body and "Revise los siguientes datos" in body
    assert RoundTable.objects.count() == n and _audited("articulation.table_create") == audited
    ok = staff.post(
        _url("table_create"),
        {"theme": "Mesa de agua potable rural", "area": "digital", "description": "APR", "status": "active"},
    )
    table = RoundTable.objects.get(theme="Mesa de agua potable rural")
    assert ok.status_code == 302 and ok["Location"] == _url("table_members", slug=table.slug)
    assert _audited("articulation.table_create") == audited + 1


def test_table_edit_saves_and_a_stale_version_shows_the_conflict(client_for, users):
    table = _security()
    url = _url("table_edit", slug=table.slug)
    staff = client_for("staff")
    form = {
        "theme": table.theme,
        "area": table.area,
        "description": "Nueva descripción",
        "status": "paused",
        "row_version": table.row_version,
    }
    # A colleague saves first.
    services.table_update(
        actor=users["staff"],
        table=table,
        data={"theme": table.theme, "area": table.area, "description": "La del colega", "status": "active"},
        expected_version=table.row_version,
    )
    stale = staff.post(url, form)
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Otra persona guardó cambios" in body and "La del colega" in body
    table.refresh_from_db()
    assert table.description == "La del colega"
    form["row_version"] = table.row_version
    assert staff.post(url, form).status_code == 302
    table.refresh_from_db()
    assert table.description == "Nueva descripción" and table.status == "paused"


def test_members_add_change_role_and_remove(client_for):
    table = _security()
    staff = client_for("staff")
    url = _url("table_members", slug=table.slug)
    org = Organization.objects.exclude(pk__in=table.members.values("organization_id")).order_by("pk").first()
    n = table.members.count()
    missing = staff.post(url, {"organization": "", "role": "member", "country": "CL"})
    assert missing.status_code == 400 and table.members.count() == n
    bad_country = staff.post(url, {"organization": org.pk, "role": "member", "country": "1"})
    assert bad_country.status_code == 400 and "código de dos letras" in bad_country.content.decode()
    assert table.members.count() == n
    assert staff.post(url, {"organization": org.pk, "role": "observer", "country": "ar"}).status_code == 302
    member = Member.objects.get(table=table, organization=org)
    assert member.country == "AR" and member.role == "observer"
    assert staff.post(_url("member_update", pk=member.pk), {"role": "nope", "country": "CL"}).status_code == 400
    assert staff.post(_url("member_update", pk=member.pk), {"role": "member", "country": "CL"}).status_code == 302
    member.refresh_from_db()
    assert member.role == "member" and member.country == "CL"
    assert staff.post(_url("member_remove", pk=member.pk)).status_code == 302
    assert not Member.objects.filter(pk=member.pk).exists()
    assert _audited("articulation.member_update") == 1 and _audited("articulation.member_remove") == 1


def test_a_member_owning_commitments_cannot_be_removed(client_for):
    table = _security()
    santiago = Member.objects.get(table=table, organization__slug="municipalidad-santiago")
    response = client_for("staff").post(_url("member_remove", pk=santiago.pk))
    assert response.status_code == 400 and "responsable de compromisos" in response.content.decode()
    assert Member.objects.filter(pk=santiago.pk).exists()


# --- Meetings -----------------------------------------------------------------------------------


def _meeting_form(table: RoundTable, **extra: object) -> dict[str, object]:
    return {
        "day": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "hour": "10:30",
        "time_zone": "America/Santiago",
        "place": "Sala del Hub",
        "link": "",
        "agenda": "1. Avance de compromisos",
        "present": [m.pk for m in table.members.all()[:2]],
        "minutes": "",
        "minutes_status": "none",
        **extra,
    }


def test_coordinator_records_a_meeting_with_attendance_and_a_document(client_for):
    table = _security()
    n = Meeting.objects.filter(table=table).count()
    client = client_for("valparaiso")  # the coordinator
    bad = client.post(
        _url("meeting_create", slug=table.slug), _meeting_form(table, place="", time_zone="Marte/Olympus", agenda="")
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Zona horaria desconocida" in body and "lugar o el enlace" in body
    assert Meeting.objects.filter(table=table).count() == n
    pdf = demo_files.build_file("pdf", "Presentación", "Texto.")
    data = _meeting_form(table, minutes="Se acordó X.", minutes_status="draft")
    data |= {"doc-title": "Presentación", "doc-internal": "on", "doc-file": SimpleUploadedFile("p.pdf", pdf)}
    ok = client.post(_url("meeting_create", slug=table.slug), data)
    assert ok.status_code == 302
    meeting = Meeting.objects.filter(table=table).latest("pk")
    assert meeting.time_zone == "America/Santiago" and meeting.starts_at.utcoffset() is not None
    assert Attendance.objects.filter(meeting=meeting).count() == 2
    assert MeetingDocument.objects.get(meeting=meeting).internal


def test_a_bad_document_refuses_the_whole_meeting(client_for):
    table = _security()
    n, docs = Meeting.objects.count(), MeetingDocument.objects.count()
    data = _meeting_form(table) | {"doc-file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00")}
    response = client_for("staff").post(_url("meeting_create", slug=table.slug), data)
    assert response.status_code == 400
    assert (Meeting.objects.count(), MeetingDocument.objects.count()) == (n, docs)


def test_minutes_written_then_approved_become_public(client_for):
    table = _security()
    staff = client_for("staff")
    meeting = Meeting.objects.get(table=table, minutes_status="draft")
    url = _url("meeting_edit", pk=meeting.pk)
    assert staff.get(url).status_code == 200
    form = _meeting_form(table, minutes="", minutes_status="approved", row_version=meeting.row_version)
    bad = staff.post(url, form)
    assert bad.status_code == 400 and "Este campo es obligatorio" in bad.content.decode()
    form["minutes"] = "Acta aprobada por la mesa: palabra únicaxyz."
    assert staff.post(url, form).status_code == 302
    public = client_for(None).get(_url("table_detail", slug=table.slug)).content.decode()
    assert "palabra únicaxyz" in public
    assert set(Attendance.objects.filter(meeting=meeting).values_list("member_id", flat=True)) == set(form["present"])
    # The same form again carries a stale version now.
    stale = staff.post(url, form | {"agenda": "Otra tabla"})
    assert stale.status_code == 409 and "Otra persona guardó cambios" in stale.content.decode()
    assert _audited("articulation.meeting_update") == 1


def test_document_upload_page_refuses_a_missing_file(client_for):
    meeting = Meeting.objects.filter(table=_security()).first()
    url = _url("document_add", pk=meeting.pk)
    n = MeetingDocument.objects.count()
    missing = client_for("staff").post(url, {"title": "Sin archivo"})
    assert missing.status_code == 400 and "Elija el archivo" in missing.content.decode()
    assert MeetingDocument.objects.count() == n
    pdf = SimpleUploadedFile("a.pdf", demo_files.build_file("pdf", "A", "B"))
    assert client_for("valparaiso").post(url, {"title": "Anexo", "file": pdf}).status_code == 302
    assert MeetingDocument.objects.filter(meeting=meeting, title="Anexo", internal=False).exists()


def test_links_are_shown_only_to_who_may_open_them(client_for):
    table = _security()
    url = _url("table_detail", slug=table.slug)
    staff = client_for("staff").get(url).content.decode()
    assert _url("table_edit", slug=table.slug) in staff and _url("meeting_create", slug=table.slug) in staff
    coordinator = client_for("valparaiso").get(url).content.decode()
    assert _url("meeting_create", slug=table.slug) in coordinator
    assert _url("table_edit", slug=table.slug) not in coordinator
    assert _url("table_members", slug=table.slug) not in coordinator
    for who in (None, "santiago", "startup-a", "partner"):
        body = client_for(who).get(url).content.decode()
        assert _url("meeting_create", slug=table.slug) not in body and "/editar/" not in body
    assert _url("table_create") in client_for("staff").get(_url("table_list")).content.decode()
    assert _url("table_create") not in client_for("valparaiso").get(_url("table_list")).content.decode()


# --- Policy items -------------------------------------------------------------------------------


def _policy_form(**extra: object) -> dict[str, object]:
    return {
        "kind": "bill",
        "boletin": "12345-06",
        "title": "Proyecto de ley de prueba",
        "area": "digital",
        "summary": "Resumen",
        "position": "Posición",
        "outcome": "open",
        "outcome_note": "",
        **extra,
    }


def test_policy_create_and_edit_with_bad_input(client_for):
    staff = client_for("staff")
    n = PolicyItem.objects.count()
    bad = staff.post(_url("policy_create"), _policy_form(boletin="12345"))
    assert bad.status_code == 400 and "12345-06" in bad.content.decode() and PolicyItem.objects.count() == n
    assert staff.post(_url("policy_create"), _policy_form(boletin="")).status_code == 400
    ok = staff.post(_url("policy_create"), _policy_form())
    item = PolicyItem.objects.get(title="Proyecto de ley de prueba")
    assert ok.status_code == 302 and not item.published
    assert client_for(None).get(_url("policy_detail", slug=item.slug)).status_code == 404
    edit = _url("policy_edit", slug=item.slug)
    form = _policy_form(published="on", outcome="adopted", row_version=item.row_version)
    assert staff.post(edit, form).status_code == 302
    item.refresh_from_db()
    assert item.published and item.outcome == "adopted"
    stale = staff.post(edit, form | {"title": "Otro"})
    assert stale.status_code == 409
    item.refresh_from_db()
    assert item.title == "Proyecto de ley de prueba"


def test_evidence_and_activities(client_for):
    bill = PolicyItem.objects.get(is_demo=True, kind="bill")
    staff = client_for("staff")
    n = Evidence.objects.count()
    bad = staff.post(_url("evidence_add", slug=bill.slug), {"kind": "resource", "ref_id": 999999})
    assert bad.status_code == 400 and "no existe" in bad.content.decode() and Evidence.objects.count() == n
    m = Activity.objects.count()
    bad = staff.post(_url("activity_add", slug=bill.slug), {"kind": "hearing", "description": "Audiencia"})
    assert bad.status_code == 400 and "fecha de la actividad" in bad.content.decode()
    bad_link = staff.post(
        _url("activity_add", slug=bill.slug),
        {"kind": "hearing", "happened_on": "2026-05-01", "description": "Audiencia", "link": "no es un enlace"},
    )
    assert bad_link.status_code == 400 and Activity.objects.count() == m
    ok = staff.post(
        _url("activity_add", slug=bill.slug),
        {"kind": "hearing", "happened_on": "2026-05-01", "description": "Audiencia en comisión"},
    )
    assert ok.status_code == 302 and Activity.objects.filter(item=bill, description="Audiencia en comisión").exists()
    detail = client_for("staff").get(_url("policy_detail", slug=bill.slug)).content.decode()
    assert _url("evidence_add", slug=bill.slug) in detail
    assert (
        _url("policy_edit", slug=bill.slug)
        not in client_for(None).get(_url("policy_detail", slug=bill.slug)).content.decode()
    )


def test_staff_pages_queries_are_bounded(client_for, django_assert_max_num_queries, users):
    """The members page and the meeting edit page do not grow with the number of members."""
    table = _security()
    staff = client_for("staff")
    meeting = Meeting.objects.filter(table=table).first()
    urls = [
        _url("table_members", slug=table.slug),
        _url("meeting_edit", pk=meeting.pk),
        _url("table_detail", slug=table.slug),
    ]
    for url in urls:
        staff.get(url)
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(25) as ctx:
            assert staff.get(url).status_code == 200
        counts[url] = len(ctx.captured_queries)
    taken = table.members.values("organization_id")
    for org in Organization.objects.exclude(pk__in=taken).order_by("pk")[:5]:
        services.member_add(actor=users["staff"], table=table, organization=org, role="member")
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert staff.get(url).status_code == 200
