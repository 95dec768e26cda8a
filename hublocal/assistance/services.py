"""Technical-assistance writes: the request, its triage, the engagement scoped from it, the
engagement's course, deliverables (submitted in versions, accepted or returned), the rating at
the close and "publish the outputs to the library".

Every function is atomic and audited. The course of an engagement:

    request: submitted ──accept──▶ scoping ──scope──▶ scoped (an engagement exists)
                 └──────decline (with a reason)──▶ declined
    engagement: agreed ──start──▶ in_progress ──(every deliverable accepted)──▶ delivered ──close──▶ closed

A deliverable: pending ──submit──▶ submitted ──accept──▶ accepted
                                      └──return (comments)──▶ returned ──submit (new version)──▶ …

While a deliverable waits for the municipality's review an engagement track is open for it
(hublocal.engagement): a silent municipality is reminded and escalated along its designation chain.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.audit.services import audit_record
from hublocal.core.areas import Area
from hublocal.core.locking import check_and_bump
from hublocal.core.permissions import has_role, is_hub_staff, organization_id
from hublocal.diagnosis import selectors as diagnosis_selectors
from hublocal.engagement import services as engagement_services
from hublocal.library import services as library_services
from hublocal.notifications import services as notifications

from . import selectors
from .models import (
    AssistanceRequest,
    Decision,
    Deliverable,
    DeliverableStatus,
    DeliverableVersion,
    Engagement,
    EngagementStatus,
    Rating,
    RequestStatus,
    TeamMember,
    TeamRole,
    Urgency,
)
from .permissions import Action, can

PROCESS_REVIEW = "assistance.review"
REVIEW_POLICY = engagement_services.Policy(
    remind_after_days=5, escalate_admin_after_days=10, escalate_mayor_after_days=20
)
MIN_PROBLEM = 30
MIN_REASON = 10
MAX_TEXT = 10_000
MAX_HOURS = 10_000
MAX_FEE = 10**11
MAX_DELIVERABLES = 12
# Deliverables are documents: the library's own check, so a published output is always accepted there.
DELIVERABLE_FORMATS = ("pdf", "docx", "xlsx", "odt")
RATING_CRITERIA = {
    "quality": gettext_lazy("Calidad técnica de los entregables"),
    "relevance": gettext_lazy("Pertinencia para el problema del municipio"),
    "timeliness": gettext_lazy("Cumplimiento de plazos"),
    "communication": gettext_lazy("Comunicación con el equipo"),
}
LIBRARY_KIND = "applied_study"


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _text(value: Any, field: str, *, required: bool, minimum: int = 1, maximum: int = MAX_TEXT) -> str:
    text = str(value or "").replace("\x00", "").strip()
    if required and len(text) < minimum:
        if minimum > 1:
            raise ValidationError({field: [_("Escriba al menos %(n)s caracteres.") % {"n": minimum}]})
        raise ValidationError({field: [_("Este campo es obligatorio.")]})
    if len(text) > maximum:
        raise ValidationError({field: [_("Máximo %(n)s caracteres.") % {"n": maximum}]})
    return text


# --- Requests ---------------------------------------------------------------------------------


def gap_of(*, organization_id: int, area: str, dimension: str) -> tuple[int | None, float | None, str]:
    """The municipality's own latest scored result in that area that holds the dimension:
    (participation id, its score, the dimension's title). (None, None, title) when it has no
    such result; raises ValidationError for a dimension the area's instrument does not have."""
    title = selectors.dimension_titles(area=area).get(dimension)
    if title is None:
        raise ValidationError({"dimension": [_("Esa dimensión no pertenece al área elegida.")]})
    for participation in diagnosis_selectors.participations_for_organization(organization_id=organization_id)[:20]:
        if participation.campaign.instrument_version.area != area:
            continue
        result = diagnosis_selectors.result_of(participation=participation)
        if result is not None and dimension in (result.dimensions or {}):
            return participation.pk, result.dimensions[dimension], title
    return None, None, title


@transaction.atomic
def request_create(
    *, actor: Any, title: str, problem: str, area: str, urgency: str, dimension: str = ""
) -> AssistanceRequest:
    """A municipality asks for help with a problem (optionally a gap of its own diagnosis)."""
    if not can(actor, Action.REQUEST):
        raise ValidationError(_("Solo un funcionario o funcionaria municipal solicita asistencia para su municipio."))
    errors: dict[str, list[str]] = {}
    if area not in Area.values:
        errors["area"] = [_("Elija un área de la lista.")]
    if urgency not in Urgency.values:
        errors["urgency"] = [_("Elija una urgencia de la lista.")]
    try:
        title = _text(title, "title", required=True, maximum=200)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        problem = _text(problem, "problem", required=True, minimum=MIN_PROBLEM)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    org = organization_id(actor)
    if org is None:  # permissions let only an official of a municipality request
        raise ValidationError(_("Solo un municipio puede solicitar asistencia técnica."))
    participation_id, score, dimension_title = None, None, ""
    if dimension:
        participation_id, score, dimension_title = gap_of(organization_id=org, area=area, dimension=dimension)
    req = AssistanceRequest.objects.create(
        organization_id=org,
        requested_by=_user(actor),
        title=title,
        problem=problem,
        area=area,
        urgency=urgency,
        dimension=dimension,
        dimension_title=dimension_title,
        participation_id=participation_id,
        gap_score=score,
    )
    audit_record(
        actor=actor,
        action="assistance.request_create",
        obj=req,
        after={"area": area, "urgency": urgency, "dimension": dimension, "participation": participation_id},
    )
    return req


def _locked_request(req: AssistanceRequest) -> AssistanceRequest:
    return AssistanceRequest.objects.select_for_update().get(pk=req.pk)


@transaction.atomic
def request_decide(
    *, actor: Any, request: AssistanceRequest, decision: str, reason: str = "", expected_version: int | None = None
) -> AssistanceRequest:
    """Staff triage: "accept" (into scoping) or "decline" (a reason the municipality reads)."""
    if not can(actor, Action.TRIAGE, request):
        raise ValidationError(_("Solo el equipo del Hub revisa las solicitudes."))
    if decision not in ("accept", "decline"):
        raise ValidationError({"decision": [_("Elija aceptar o declinar.")]})
    req = _locked_request(request)
    if req.status != RequestStatus.SUBMITTED:
        raise ValidationError(_("Esta solicitud ya fue revisada."))
    reason = _text(reason, "reason", required=decision == "decline", minimum=MIN_REASON, maximum=2000)
    check_and_bump(req, expected_version)
    before = {"status": req.status}
    req.status = RequestStatus.SCOPING if decision == "accept" else RequestStatus.DECLINED
    req.decision_reason = reason
    req.decided_by = _user(actor)
    req.decided_at = timezone.now()
    req.save()
    audit_record(
        actor=actor,
        action="assistance.request_accept" if decision == "accept" else "assistance.request_decline",
        obj=req,
        before=before,
        after={"status": req.status, "reason": reason},
    )
    url = reverse("assistance:request_detail", kwargs={"pk": req.pk})
    if decision == "accept":
        title = _("Su solicitud de asistencia «%(t)s» fue aceptada") % {"t": req.title}
        body = _("El equipo del Hub definirá con ustedes el plan de trabajo, el equipo y los entregables.")
    else:
        title = _("Su solicitud de asistencia «%(t)s» no fue aceptada") % {"t": req.title}
        body = _("Motivo: %(r)s") % {"r": reason}
    notifications.notify(
        users=selectors.municipal_officials(organization_id=req.organization_id),
        kind="assistance.request_decided",
        title=title,
        body=body,
        url=url,
        dedupe_key=f"assistance.request_decided:{req.pk}",
    )
    return req


# --- Engagements ------------------------------------------------------------------------------


def _clean_team(team: list[Any]) -> list[tuple[Any, TeamRole]]:
    if not team:
        raise ValidationError({"team": [_("Asigne al menos una persona al equipo.")]})
    members = []
    for user in team:
        if is_hub_staff(user):
            members.append((user, TeamRole.STAFF))
        elif has_role(user, "partner"):
            members.append((user, TeamRole.EXPERT))
        else:
            raise ValidationError(
                {"team": [_("El equipo se forma con personas del Hub y expertos de instituciones asociadas.")]}
            )
    return members


def _clean_plan(plan: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    if not plan:
        raise ValidationError({"plan": [_("Defina al menos un entregable con su fecha.")]})
    if len(plan) > MAX_DELIVERABLES:
        raise ValidationError({"plan": [_("Un plan admite hasta %(n)s entregables.") % {"n": MAX_DELIVERABLES}]})
    cleaned = []
    for i, item in enumerate(plan, start=1):
        title = str(item.get("title") or "").strip()
        due = item.get("due_on")
        if not title or len(title) > 200:
            raise ValidationError(
                {"plan": [_("Entregable %(n)s: escriba un título (hasta 200 caracteres).") % {"n": i}]}
            )
        if not isinstance(due, date):
            raise ValidationError({"plan": [_("Entregable %(n)s: indique la fecha comprometida.") % {"n": i}]})
        if due < today:
            raise ValidationError({"plan": [_("Entregable %(n)s: la fecha comprometida ya pasó.") % {"n": i}]})
        cleaned.append(
            {"title": title, "description": str(item.get("description") or "").strip()[:2000], "due_on": due}
        )
    return cleaned


@transaction.atomic
def engagement_create(
    *,
    actor: Any,
    request: AssistanceRequest,
    title: str,
    objective: str,
    hours: int,
    fee_clp: int,
    team: list[Any],
    plan: list[dict[str, Any]],
    today: date | None = None,
    is_demo: bool = False,
) -> Engagement:
    """Scope an accepted request into an agreed engagement: its team, plan, hours and fee
    (0: covered by the hub)."""
    if not can(actor, Action.TRIAGE, request):
        raise ValidationError(_("Solo el equipo del Hub define una asistencia."))
    req = _locked_request(request)
    if req.status != RequestStatus.SCOPING:
        raise ValidationError(_("Solo una solicitud aceptada y en definición se convierte en asistencia."))
    errors: dict[str, list[str]] = {}
    for check in (
        lambda: _text(title, "title", required=True, maximum=200),
        lambda: _text(objective, "objective", required=True, minimum=MIN_PROBLEM),
        lambda: _clean_team(team),
        lambda: _clean_plan(plan, today or timezone.localdate()),
    ):
        try:
            check()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if not isinstance(hours, int) or not 1 <= hours <= MAX_HOURS:
        errors["hours"] = [_("Indique las horas comprometidas (entre 1 y %(n)s).") % {"n": MAX_HOURS}]
    if not isinstance(fee_clp, int) or not 0 <= fee_clp <= MAX_FEE:
        errors["fee_clp"] = [_("Indique el arancel en pesos (0 si lo cubre el Hub).")]
    if errors:
        raise ValidationError(errors)
    engagement = Engagement.objects.create(
        request=req,
        organization_id=req.organization_id,
        title=title.strip(),
        objective=objective.strip(),
        area=req.area,
        hours=hours,
        fee_clp=fee_clp,
        created_by=_user(actor),
        is_demo=is_demo,
    )
    TeamMember.objects.bulk_create([TeamMember(engagement=engagement, user=u, role=r) for u, r in _clean_team(team)])
    Deliverable.objects.bulk_create(
        [
            Deliverable(engagement=engagement, order=i, **item)
            for i, item in enumerate(_clean_plan(plan, today or timezone.localdate()))
        ]
    )
    req.status = RequestStatus.SCOPED
    check_and_bump(req, None)
    req.save(update_fields=["status", "row_version"])
    audit_record(
        actor=actor,
        action="assistance.engagement_create",
        obj=engagement,
        after={
            "request": req.pk,
            "hours": hours,
            "fee_clp": fee_clp,
            "team": [u.pk for u in team],
            "deliverables": [p["title"] for p in plan],
        },
    )
    notifications.notify(
        users=selectors.municipal_officials(organization_id=req.organization_id) + list(team),
        kind="assistance.engagement_agreed",
        title=_("Asistencia técnica acordada: %(t)s") % {"t": engagement.title},
        body=_("El plan de trabajo tiene %(n)s entregables. Revíselo en la plataforma.") % {"n": len(plan)},
        url=reverse("assistance:engagement_detail", kwargs={"pk": engagement.pk}),
        dedupe_key=f"assistance.engagement_agreed:{engagement.pk}",
    )
    return engagement


def _locked_engagement(engagement: Engagement) -> Engagement:
    return Engagement.objects.select_for_update().get(pk=engagement.pk)


TRANSITIONS = {"start": (EngagementStatus.AGREED,), "close": (EngagementStatus.DELIVERED,)}


@transaction.atomic
def engagement_transition(
    *, actor: Any, engagement: Engagement, action: str, expected_version: int | None = None
) -> Engagement:
    """start (agreed → in progress: the team or the hub) or close (delivered → closed: the hub)."""
    if action not in TRANSITIONS:
        raise ValidationError({"action": [_("Acción desconocida.")]})
    allowed = can(actor, Action.MANAGE, engagement) or (
        action == "start" and can(actor, Action.SUBMIT_DELIVERABLE, engagement)
    )
    if not allowed:
        raise ValidationError(_("No puede cambiar el estado de esta asistencia."))
    e = _locked_engagement(engagement)
    if e.status not in TRANSITIONS[action]:
        messages = {
            "start": _("Solo una asistencia acordada puede iniciarse."),
            "close": _("Solo una asistencia con todos sus entregables aceptados puede cerrarse."),
        }
        raise ValidationError(messages[action])
    check_and_bump(e, expected_version)
    before = {"status": e.status}
    now = timezone.now()
    if action == "start":
        e.status, e.started_at = EngagementStatus.IN_PROGRESS, now
    else:
        e.status, e.closed_at = EngagementStatus.CLOSED, now
    e.save()
    audit_record(
        actor=actor, action=f"assistance.engagement_{action}", obj=e, before=before, after={"status": e.status}
    )
    return e


# --- Deliverables -----------------------------------------------------------------------------


def _locked_deliverable(deliverable: Deliverable) -> Deliverable:
    return Deliverable.objects.select_for_update().select_related("engagement").get(pk=deliverable.pk)


def _review_url(d: Deliverable) -> str:
    return reverse("assistance:engagement_detail", kwargs={"pk": d.engagement_id}) + f"#entregable-{d.pk}"


@transaction.atomic
def deliverable_submit(
    *,
    actor: Any,
    deliverable: Deliverable,
    text: str,
    file_name: str = "",
    data: bytes = b"",
    expected_version: int | None = None,
    now: Any = None,
) -> DeliverableVersion:
    """The team sends a deliverable (or a new version of a returned one) for the municipality's
    review: a presentation text and optionally a document (PDF, DOCX, XLSX or ODT, checked by
    content). Starts an agreed engagement."""
    d = _locked_deliverable(deliverable)
    e = d.engagement
    if not can(actor, Action.SUBMIT_DELIVERABLE, e):
        raise ValidationError(_("Solo el equipo de la asistencia envía sus entregables."))
    if e.status not in (EngagementStatus.AGREED, EngagementStatus.IN_PROGRESS):
        raise ValidationError(_("La asistencia ya no recibe entregables."))
    if d.status not in (DeliverableStatus.PENDING, DeliverableStatus.RETURNED):
        raise ValidationError(
            _("Este entregable ya está en revisión o fue aceptado: espere la respuesta del municipio.")
        )
    text = _text(text, "text", required=True, minimum=MIN_REASON)
    checked = None
    if data or file_name:
        try:
            checked = library_services.upload_check(file_name, data)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
        if checked.fmt not in DELIVERABLE_FORMATS:
            raise ValidationError({"file": [_("Suba el entregable en PDF, DOCX, XLSX u ODT.")]})
    check_and_bump(d, expected_version)
    now = now or timezone.now()
    d.current_version += 1
    d.status = DeliverableStatus.SUBMITTED
    d.save()
    version = DeliverableVersion(
        deliverable=d, number=d.current_version, text=text, submitted_by=_user(actor), submitted_at=now
    )
    if checked is not None:
        version.file_name, version.file_fmt, version.file_size, version.sha256 = (
            checked.name,
            checked.fmt,
            checked.size,
            checked.sha256,
        )
        version.file.save(f"{checked.sha256[:16]}.{checked.fmt}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:
        raise ValidationError(_("Otra persona acaba de enviar este entregable. Recargue la página.")) from None
    if e.status == EngagementStatus.AGREED:
        Engagement.objects.filter(pk=e.pk).update(
            status=EngagementStatus.IN_PROGRESS, started_at=now, row_version=F("row_version") + 1
        )
        audit_record(
            actor=actor,
            action="assistance.engagement_start",
            obj=e,
            before={"status": EngagementStatus.AGREED},
            after={"status": EngagementStatus.IN_PROGRESS},
        )
    audit_record(
        actor=actor,
        action="assistance.deliverable_submit",
        obj=d,
        object_repr=f"{e} · {d.title}"[:255],
        after={"version": version.number, "file": version.file_name, "sha256": version.sha256},
    )
    label = _("Revisar el entregable «%(d)s» (%(e)s)") % {"d": d.title, "e": e.title}
    engagement_services.track_open(
        process=PROCESS_REVIEW,
        subject_key=f"deliverable:{d.pk}",
        organization=e.organization_id,
        label=label[:200],
        url=_review_url(d),
        policy=REVIEW_POLICY,
        actor=actor,
        status="in_progress",
        at=now,
    )
    engagement_services.track_reopen(
        process=PROCESS_REVIEW, subject_key=f"deliverable:{d.pk}", organization=e.organization_id, actor=actor, at=now
    )
    notifications.notify(
        users=selectors.municipal_officials(organization_id=e.organization_id),
        kind="assistance.deliverable_review",
        title=_("Entregable por revisar: %(d)s") % {"d": d.title},
        body=_("El equipo de la asistencia «%(e)s» envió la versión %(n)s. Acéptela o devuélvala con comentarios.")
        % {"e": e.title, "n": version.number},
        url=_review_url(d),
        dedupe_key=f"assistance.deliverable_review:{d.pk}:{version.number}",
    )
    return version


@transaction.atomic
def deliverable_review(
    *, actor: Any, deliverable: Deliverable, decision: str, comment: str = "", expected_version: int | None = None
) -> Deliverable:
    """The municipality accepts the submitted version or returns it with comments (required).
    When the last deliverable is accepted the engagement becomes "delivered"."""
    d = _locked_deliverable(deliverable)
    e = d.engagement
    if not can(actor, Action.REVIEW_DELIVERABLE, e):
        raise ValidationError(_("Solo el municipio que recibe la asistencia revisa sus entregables."))
    if decision not in Decision.values:
        raise ValidationError({"decision": [_("Elija aceptar o devolver con comentarios.")]})
    if d.status != DeliverableStatus.SUBMITTED:
        raise ValidationError(_("Este entregable no está esperando revisión."))
    comment = _text(comment, "comment", required=decision == Decision.RETURNED, minimum=MIN_REASON, maximum=MAX_TEXT)
    check_and_bump(d, expected_version)
    now = timezone.now()
    d.status = DeliverableStatus.ACCEPTED if decision == Decision.ACCEPTED else DeliverableStatus.RETURNED
    d.save()
    DeliverableVersion.objects.filter(deliverable=d, number=d.current_version).update(
        decision=decision, review_comment=comment, reviewed_by=_user(actor), reviewed_at=now
    )
    audit_record(
        actor=actor,
        action="assistance.deliverable_accept" if decision == Decision.ACCEPTED else "assistance.deliverable_return",
        obj=d,
        object_repr=f"{e} · {d.title}"[:255],
        after={"version": d.current_version, "comment": comment},
    )
    engagement_services.track_done(
        process=PROCESS_REVIEW, subject_key=f"deliverable:{d.pk}", organization=e.organization_id, actor=actor, at=now
    )
    if (
        decision == Decision.ACCEPTED
        and e.status == EngagementStatus.IN_PROGRESS
        and not Deliverable.objects.filter(engagement=e).exclude(status=DeliverableStatus.ACCEPTED).exists()
    ):
        Engagement.objects.filter(pk=e.pk).update(
            status=EngagementStatus.DELIVERED, delivered_at=now, row_version=F("row_version") + 1
        )
        audit_record(
            actor=actor,
            action="assistance.engagement_delivered",
            obj=e,
            before={"status": EngagementStatus.IN_PROGRESS},
            after={"status": EngagementStatus.DELIVERED},
        )
    if decision == Decision.ACCEPTED:
        title = _("Entregable aceptado: %(d)s") % {"d": d.title}
        body = _("%(m)s aceptó la versión %(n)s.") % {"m": e.organization.name, "n": d.current_version}
    else:
        title = _("Entregable devuelto con comentarios: %(d)s") % {"d": d.title}
        body = _("Comentarios del municipio: %(c)s") % {"c": comment}
    notifications.notify(
        users=selectors.team_users(engagement=e),
        kind="assistance.deliverable_reviewed",
        title=title,
        body=body,
        url=_review_url(d),
        dedupe_key=f"assistance.deliverable_reviewed:{d.pk}:{d.current_version}",
    )
    return d


# --- Close: rating and library ----------------------------------------------------------------


@transaction.atomic
def rating_submit(*, actor: Any, engagement: Engagement, scores: dict[str, Any], comment: str = "") -> Rating:
    """The municipality's satisfaction (1–5 on each criterion) once everything was delivered."""
    e = _locked_engagement(engagement)
    if not can(actor, Action.RATE, e):
        raise ValidationError(_("Solo el municipio que recibió la asistencia la califica."))
    if e.status not in (EngagementStatus.DELIVERED, EngagementStatus.CLOSED):
        raise ValidationError(_("La asistencia se califica cuando todos sus entregables fueron aceptados."))
    if Rating.objects.filter(engagement=e).exists():
        raise ValidationError(_("Esta asistencia ya fue calificada."))
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    for key in RATING_CRITERIA:
        value = scores.get(key)
        try:
            number = int(value)  # type: ignore[arg-type]  # a missing score (None) is caught as TypeError
        except (TypeError, ValueError):
            number = 0
        if isinstance(value, bool) or str(value).strip() != str(number) or not 1 <= number <= 5:
            errors[key] = [_("Califique de 1 a 5.")]
        else:
            clean[key] = number
    unknown = set(scores) - set(RATING_CRITERIA)
    if unknown:
        errors["scores"] = [_("Criterios desconocidos: %(c)s.") % {"c": ", ".join(sorted(unknown))}]
    if errors:
        raise ValidationError(errors)
    comment = _text(comment, "comment", required=False, maximum=4000)
    rating = Rating.objects.create(
        engagement=e,
        scores=clean,
        average=round(sum(clean.values()) / len(clean), 2),
        comment=comment,
        rated_by=_user(actor),
        rated_at=timezone.now(),
    )
    audit_record(
        actor=actor, action="assistance.rating_submit", obj=e, after={"scores": clean, "average": rating.average}
    )
    return rating


@transaction.atomic
def publish_to_library(*, actor: Any, engagement: Engagement) -> int:
    """ "Publicar en la biblioteca": a library draft prefilled from a closed engagement (title,
    summary, area, the accepted deliverables' documents), owned by the municipality; the library's
    editorial review publishes it. Returns the resource id, kept on the engagement."""
    e = _locked_engagement(engagement)
    if not can(actor, Action.PUBLISH, e):
        raise ValidationError(_("Solo el equipo del Hub publica los productos de una asistencia."))
    if e.status != EngagementStatus.CLOSED:
        raise ValidationError(_("Solo una asistencia cerrada publica sus productos."))
    if e.library_resource_id is not None:
        raise ValidationError(_("Los productos de esta asistencia ya están en la biblioteca."))
    accepted = selectors.accepted_versions(engagement=e)
    uploads = []
    for version in accepted:
        if version.file:
            with version.file.open("rb") as fh:
                uploads.append((version.file_name, fh.read()))
    body = "\n\n".join(
        [
            f"## {_('Origen')}\n\n"
            + _("Productos de la asistencia técnica «%(e)s» a %(m)s.") % {"e": e.title, "m": e.organization.name}
        ]
        + [f"## {v.deliverable.title}\n\n{v.text}" for v in accepted]
    )
    resource = library_services.resource_create(
        actor=actor,
        organization=e.organization,
        kind=LIBRARY_KIND,
        data={
            "title": e.title,
            "summary": e.objective[:1500],
            "body": body,
            "areas": [e.area],
            "countries": ["CL"],
            "dimensions": [[e.area, e.request.dimension]] if e.request.dimension else [],
            "tags": [_("asistencia técnica")],
        },
        organizations=[e.organization],
        uploads=uploads,
        is_demo=e.is_demo,
    )
    e.library_resource_id = resource.pk
    check_and_bump(e, None)
    e.save(update_fields=["library_resource_id", "row_version"])
    audit_record(actor=actor, action="assistance.publish_library", obj=e, after={"resource": resource.pk})
    return resource.pk
