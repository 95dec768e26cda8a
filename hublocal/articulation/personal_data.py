"""Personal data held by round tables (Ley 21.719): the people through whom organisations sit at
a table, who attended each meeting (through their membership), the minutes that may name
people, who owns a commitment and who recorded it, and who uploaded a meeting document.

Tables, meetings and commitments are records of the hub's public articulation work, so they
are kept; an erasure cuts their link to the person and removes the person's name from the free
text. Policy items hold no personal data: positions and activities are the hub's. Declared in
ArticulationConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import (
    LegalBasis,
    PersonalData,
    register_personal_data,
    row_export,
    scrub,
    subject_identifiers,
)

from .models import Attendance, Commitment, Meeting, MeetingDocument, Member


def _person_id(user: Any) -> int | None:
    person = getattr(user, "person", None)
    return person.pk if person is not None else None


def member_export(user: Any) -> list[dict]:
    rows = Member.objects.filter(person_id=_person_id(user)) if _person_id(user) else []
    return [row_export(m, ("table", "organization", "person", "role", "country", "joined_on")) for m in rows]


def member_anonymise(user: Any) -> int:
    # The organisation stays at the table; the person is no longer named as its representative.
    pid = _person_id(user)
    return Member.objects.filter(person_id=pid).update(person=None) if pid else 0


def attendance_export(user: Any) -> list[dict]:
    pid = _person_id(user)
    rows = Attendance.objects.filter(member__person_id=pid) if pid else []
    return [row_export(a, ("meeting", "member", "present")) for a in rows]


def attendance_anonymise(user: Any) -> int:
    # Attendance names a membership, not a person: once the membership no longer names the
    # person (member_anonymise), nothing here points at them.
    return 0


def minutes_export(user: Any) -> list[dict]:
    names, emails = subject_identifiers(user)
    q = Q(pk__in=[])
    for needle in names + emails:
        q |= Q(minutes__icontains=needle)
    return [row_export(m, ("table", "starts_at", "minutes")) for m in Meeting.objects.filter(q)]


def minutes_anonymise(user: Any) -> int:
    names, emails = subject_identifiers(user)
    needles = names + emails
    q = Q(pk__in=[])
    for needle in needles:
        q |= Q(minutes__icontains=needle)
    rows = list(Meeting.objects.filter(q))
    for row in rows:
        row.minutes = scrub(row.minutes, needles)
    if rows:
        Meeting.objects.bulk_update(rows, ["minutes"])
    return len(rows)


def commitment_export(user: Any) -> list[dict]:
    pid = _person_id(user)
    q = Q(created_by_id=user.pk) | (Q(owner_person_id=pid) if pid else Q(pk__in=[]))
    return [
        row_export(c, ("table", "what", "owner", "owner_person", "created_by", "due_on", "status"))
        for c in Commitment.objects.filter(q)
    ]


def commitment_anonymise(user: Any) -> int:
    pid = _person_id(user)
    n = Commitment.objects.filter(created_by_id=user.pk).update(created_by=None)
    if pid:
        n += Commitment.objects.filter(owner_person_id=pid).update(owner_person=None)
    return n


def document_export(user: Any) -> list[dict]:
    rows = MeetingDocument.objects.filter(uploaded_by_id=user.pk)
    return [row_export(d, ("meeting", "title", "file_name", "uploaded_by", "uploaded_at")) for d in rows]


def document_anonymise(user: Any) -> int:
    names, emails = subject_identifiers(user)
    rows = list(MeetingDocument.objects.filter(uploaded_by_id=user.pk))
    for row in rows:
        row.uploaded_by = None
        row.file_name = scrub(row.file_name, names + emails)
    if rows:
        MeetingDocument.objects.bulk_update(rows, ["uploaded_by", "file_name"])
    return len(rows)


def register() -> None:
    common: dict[str, Any] = {
        "legal_basis": LegalBasis.PUBLIC_FUNCTION,
        "retention": _("Mientras exista la mesa técnica; luego se conserva como registro de la articulación del Hub."),
        "recipients": _(
            "El equipo del Hub y las organizaciones integrantes de la mesa; el público ve las organizaciones, "
            "no las personas."
        ),
    }
    for key, model, fields, free, purpose, export, anonymise in (
        (
            "articulation.member",
            "articulation.Member",
            ("person",),
            (),
            _("Saber a través de qué persona participa cada organización en una mesa técnica."),
            member_export,
            member_anonymise,
        ),
        (
            "articulation.attendance",
            "articulation.Attendance",
            ("member", "present"),
            (),
            _("Registrar quiénes asistieron a cada reunión de una mesa técnica."),
            attendance_export,
            attendance_anonymise,
        ),
        (
            "articulation.minutes",
            "articulation.Meeting",
            (),
            ("minutes",),
            _("Dejar constancia en actas de lo tratado y acordado en las reuniones de una mesa técnica."),
            minutes_export,
            minutes_anonymise,
        ),
        (
            "articulation.commitment",
            "articulation.Commitment",
            ("owner_person", "created_by"),
            (),
            _("Dar seguimiento a los compromisos de las mesas técnicas y recordarlos a sus responsables."),
            commitment_export,
            commitment_anonymise,
        ),
        (
            "articulation.document",
            "articulation.MeetingDocument",
            ("uploaded_by", "file_name"),
            (),
            _("Saber quién subió cada documento de una reunión de mesa técnica."),
            document_export,
            document_anonymise,
        ),
    ):
        register_personal_data(
            PersonalData(
                key=key,
                model=model,
                fields=fields,
                free_text_fields=free,
                purpose=purpose,
                export=export,
                anonymise=anonymise,
                **common,
            )
        )
