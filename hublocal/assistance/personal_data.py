"""Personal data held by technical assistance (Ley 21.719): who asked for help and what they
wrote, who was on each team, who submitted and reviewed each deliverable (with the comments),
and who rated the engagement.

Requests, engagements and deliverables are records of the municipality's public function and of
the hub's work, so they are kept; an erasure cuts their link to the person and removes the
person's name from the free text. Declared in AssistanceConfig.ready()."""

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

from .models import AssistanceRequest, Deliverable, DeliverableVersion, Engagement, Rating, TeamMember


def _scrubber(model: Any, people: tuple[str, ...], texts: tuple[str, ...]) -> Any:
    """anonymise(user): unlink the person from `people` fields and scrub their name and e-mail
    from `texts`, in every row that holds either."""

    def anonymise(user: Any) -> int:
        names, emails = subject_identifiers(user)
        needles = names + emails
        q = Q(pk__in=[])
        for fk in people:
            q |= Q(**{f"{fk}_id": user.pk})
        for needle in needles:
            for t in texts:
                q |= Q(**{f"{t}__icontains": needle})
        rows = list(model.objects.filter(q))
        for row in rows:
            for fk in people:
                if getattr(row, f"{fk}_id") == user.pk:
                    setattr(row, fk, None)
            for t in texts:
                setattr(row, t, scrub(getattr(row, t), needles))
        if rows:
            model.objects.bulk_update(rows, [*people, *texts])
        return len(rows)

    return anonymise


REQUEST_FIELDS = ("requested_by", "decided_by", "created_at")
REQUEST_TEXT = ("title", "problem", "decision_reason")
VERSION_FIELDS = ("submitted_by", "reviewed_by", "submitted_at", "reviewed_at", "file", "file_name")
VERSION_TEXT = ("text", "review_comment")
RATING_FIELDS = ("rated_by", "rated_at", "average")


def request_export(user: Any) -> list[dict]:
    rows = AssistanceRequest.objects.filter(Q(requested_by_id=user.pk) | Q(decided_by_id=user.pk))
    return [row_export(r, (*REQUEST_FIELDS, *REQUEST_TEXT)) for r in rows]


def team_export(user: Any) -> list[dict]:
    return [row_export(m, ("engagement", "user", "role")) for m in TeamMember.objects.filter(user_id=user.pk)]


def team_anonymise(user: Any) -> int:
    # The team is part of what the hub did for a municipality; the person leaves it.
    deleted, _detail = TeamMember.objects.filter(user_id=user.pk).delete()
    return deleted


def version_export(user: Any) -> list[dict]:
    rows = DeliverableVersion.objects.filter(Q(submitted_by_id=user.pk) | Q(reviewed_by_id=user.pk))
    return [row_export(v, ("deliverable", "number", *VERSION_FIELDS, *VERSION_TEXT)) for v in rows]


def rating_export(user: Any) -> list[dict]:
    return [
        row_export(r, ("engagement", *RATING_FIELDS, "comment")) for r in Rating.objects.filter(rated_by_id=user.pk)
    ]


def engagement_export(user: Any) -> list[dict]:
    return [
        row_export(e, ("title", "created_by", "objective")) for e in Engagement.objects.filter(created_by_id=user.pk)
    ]


def deliverable_export(user: Any) -> list[dict]:
    # Deliverables hold no account; their free text may name a person.
    names, emails = subject_identifiers(user)
    q = Q(pk__in=[])
    for needle in names + emails:
        q |= Q(description__icontains=needle)
    return [row_export(d, ("title", "description")) for d in Deliverable.objects.filter(q)]


def register() -> None:
    common = {
        "legal_basis": LegalBasis.PUBLIC_FUNCTION,
        "recipients": _("El municipio que recibe la asistencia, el equipo asignado y el equipo del Hub."),
        "retention": _(
            "Mientras exista el registro de la asistencia técnica; a pedido de la persona se corta el vínculo con su "
            "cuenta y se borra su nombre de los textos."
        ),
    }
    register_personal_data(
        PersonalData(
            key="assistance.request",
            model="assistance.AssistanceRequest",
            fields=("requested_by", "decided_by"),
            free_text_fields=REQUEST_TEXT,
            purpose=_("Recibir y revisar las solicitudes de asistencia técnica de los municipios."),
            export=request_export,
            anonymise=_scrubber(AssistanceRequest, ("requested_by", "decided_by"), REQUEST_TEXT),
            **common,
        )
    )
    register_personal_data(
        PersonalData(
            key="assistance.engagement",
            model="assistance.Engagement",
            fields=("created_by",),
            free_text_fields=("objective",),
            purpose=_("Acordar el plan, las horas y el arancel de una asistencia técnica."),
            export=engagement_export,
            anonymise=_scrubber(Engagement, ("created_by",), ("objective",)),
            **common,
        )
    )
    register_personal_data(
        PersonalData(
            key="assistance.team",
            model="assistance.TeamMember",
            fields=("user",),
            purpose=_("Saber quién trabaja en cada asistencia técnica (equipo del Hub y expertos asociados)."),
            export=team_export,
            anonymise=team_anonymise,
            **common,
        )
    )
    register_personal_data(
        PersonalData(
            key="assistance.deliverable",
            model="assistance.Deliverable",
            fields=(),
            free_text_fields=("description",),
            purpose=_("Describir los entregables comprometidos en el plan de una asistencia técnica."),
            export=deliverable_export,
            anonymise=_scrubber(Deliverable, (), ("description",)),
            **common,
        )
    )
    register_personal_data(
        PersonalData(
            key="assistance.deliverable_version",
            model="assistance.DeliverableVersion",
            fields=("submitted_by", "reviewed_by", "file_name"),
            free_text_fields=VERSION_TEXT,
            purpose=_("Registrar quién envió y quién revisó cada versión de un entregable, con sus comentarios."),
            export=version_export,
            anonymise=_scrubber(DeliverableVersion, ("submitted_by", "reviewed_by"), VERSION_TEXT),
            **common,
        )
    )
    register_personal_data(
        PersonalData(
            key="assistance.rating",
            model="assistance.Rating",
            fields=("rated_by",),
            free_text_fields=("comment",),
            purpose=_("Registrar la satisfacción del municipio al cerrar una asistencia técnica."),
            export=rating_export,
            anonymise=_scrubber(Rating, ("rated_by",), ("comment",)),
            **common,
        )
    )
