"""Proposals REST API: proposals, the committee's scores and decisions, working sessions.

Thin views over the same services, selectors and rules as the web pages. A proposal or a
session the account may not see answers 404 (its existence is private: another startup's
proposal does not exist for you); one it may see but not change answers 403."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hublocal.core.api import ErrorSerializer, allow, error_responses, query_param
from hublocal.core.api_strict import StrictSerializer
from hublocal.core.locking import (
    ETAG_HEADER,
    IF_MATCH_PARAMETER,
    StaleVersion,
    VersionedAPIMixin,
    if_match_version,
    with_etag,
)
from hublocal.innovation import selectors as innovation_selectors
from hublocal.solutions import selectors as solutions_selectors

from . import selectors, services
from .models import Proposal, WorkingSession
from .permissions import Action, can

TAG = "propuestas"
TAG_SESSIONS = "sesiones de trabajo"
# Largest primary key the database stores (BigAutoField): larger ids are refused, not looked up.
MAX_ID = 2**63 - 1
MAX_CRITERIA = 50

CONFLICT = OpenApiResponse(
    response=ErrorSerializer,
    description=gettext_lazy("Alguien más guardó la propuesta después de la versión enviada; no se guardó nada"),
)


# --------------------------------------------------------------------------------- serializers


class ProposalChallengeRefSerializer(StrictSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class ProposalOrganizationRefSerializer(StrictSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class ProposalSolutionRefSerializer(StrictSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ProposalAttachmentSerializer(StrictSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text=gettext_lazy("Bytes"))
    sha256 = serializers.CharField()
    url = serializers.SerializerMethodField(help_text=gettext_lazy("Descarga (requiere la misma sesión o permiso)"))
    created_at = serializers.DateTimeField()

    def get_url(self, a: Any) -> str:
        return reverse("proposals:attachment_download", kwargs={"pk": a.pk})


class ProposalSerializer(StrictSerializer):
    id = serializers.IntegerField()
    challenge = ProposalChallengeRefSerializer()
    organization = ProposalOrganizationRefSerializer()
    solution = ProposalSolutionRefSerializer(allow_null=True)
    approach = serializers.CharField()
    price_min = serializers.IntegerField(help_text=gettext_lazy("CLP"))
    price_max = serializers.IntegerField(help_text=gettext_lazy("CLP"))
    timeline_weeks = serializers.IntegerField()
    timeline = serializers.CharField()
    status = serializers.CharField(help_text=gettext_lazy("submitted, withdrawn, shortlisted o not_selected"))
    status_label = serializers.CharField(source="get_status_display")
    version = serializers.IntegerField(help_text=gettext_lazy("Envíela al editar: detecta ediciones simultáneas"))
    submitted_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    feedback = serializers.CharField(help_text=gettext_lazy("Retroalimentación escrita del comité; vacía si aún no"))
    feedback_at = serializers.DateTimeField(allow_null=True)
    weighted_score = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Puntaje ponderado 0–100 (Σ ponderación × promedio / 5). La startup lo ve una vez entregada la "
            "retroalimentación; null si no corresponde verlo"
        )
    )
    attachments = ProposalAttachmentSerializer(many=True, source="attachment_list")

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_weighted_score(self, p: Proposal) -> float | None:
        summary = self.context.get("summaries", {}).get(p.pk)
        return summary.total if summary is not None else None


class ProposalCreateSerializer(StrictSerializer):
    challenge = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=gettext_lazy("Id del desafío"))
    approach = serializers.CharField(max_length=services.MAX_TEXT)
    price_min = serializers.IntegerField(min_value=0, max_value=services.MAX_PRICE, help_text=gettext_lazy("CLP"))
    price_max = serializers.IntegerField(min_value=0, max_value=services.MAX_PRICE, help_text=gettext_lazy("CLP"))
    timeline_weeks = serializers.IntegerField(min_value=1, max_value=services.MAX_TIMELINE_WEEKS)
    timeline = serializers.CharField(max_length=services.MAX_TEXT, required=False, allow_blank=True, default="")
    solution = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Id de una solución del catálogo de la propia startup (opcional)"),
    )


class ProposalUpdateSerializer(StrictSerializer):
    version = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        help_text=gettext_lazy("Opcional (contrato anterior): la versión leída; si no es la actual, 409"),
    )
    approach = serializers.CharField(max_length=services.MAX_TEXT, required=False)
    price_min = serializers.IntegerField(min_value=0, max_value=services.MAX_PRICE, required=False)
    price_max = serializers.IntegerField(min_value=0, max_value=services.MAX_PRICE, required=False)
    timeline_weeks = serializers.IntegerField(min_value=1, max_value=services.MAX_TIMELINE_WEEKS, required=False)
    timeline = serializers.CharField(max_length=services.MAX_TEXT, required=False, allow_blank=True)
    solution = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)


class ProposalCriterionScoreSerializer(StrictSerializer):
    criterion = serializers.IntegerField()
    name = serializers.CharField()
    weight = serializers.IntegerField()
    score = serializers.IntegerField(allow_null=True, help_text=gettext_lazy("0–5; null si aún no lo evalúa"))
    comment = serializers.CharField()


class ProposalScoresSerializer(StrictSerializer):
    proposal = serializers.IntegerField()
    evaluator = serializers.CharField()
    scores = ProposalCriterionScoreSerializer(many=True)


class ProposalScoreInputSerializer(StrictSerializer):
    criterion = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    score = serializers.IntegerField(min_value=0, max_value=5)
    comment = serializers.CharField(max_length=services.MAX_TEXT, required=False, allow_blank=True, default="")


class ProposalScoresWriteSerializer(StrictSerializer):
    scores = ProposalScoreInputSerializer(many=True, min_length=1, max_length=MAX_CRITERIA)

    def validate_scores(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [s["criterion"] for s in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Cada criterio puede aparecer una sola vez."))
        return value


class ProposalDecisionSerializer(StrictSerializer):
    decision = serializers.ChoiceField(
        choices=[("shortlisted", "shortlisted"), ("not_selected", "not_selected")],
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("shortlisted (preseleccionar) o not_selected; vacío para solo dar retroalimentación"),
    )
    feedback = serializers.CharField(
        max_length=services.MAX_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Retroalimentación escrita para la startup"),
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if not data["decision"] and not data["feedback"].strip():
            raise serializers.ValidationError({"decision": [_("Indique una decisión, una retroalimentación o ambas.")]})
        return data


# --------------------------------------------------------------------------------- helpers


def _refused(exc: DjangoValidationError) -> Response:
    """A service's refusal: field messages keep their fields; a refusal of the whole request
    (deadline, duplicate) becomes the detail itself. A stale version is a conflict (409)."""
    if hasattr(exc, "error_dict"):
        raise exc
    code = status.HTTP_409_CONFLICT if any(e.code == "stale" for e in exc.error_list) else status.HTTP_400_BAD_REQUEST
    return Response({"detail": " ".join(exc.messages), "errors": {"non_field_errors": exc.messages}}, status=code)


def _proposal(request: Request, pk: int, action: Action | None = None) -> Proposal:
    """The proposal if the account may see it (else 404), and may do `action` (else 403)."""
    p = selectors.proposal_get(pk=pk) if pk <= MAX_ID else None
    if p is None or not can(request.user, Action.VIEW_PROPOSAL, p):
        raise exceptions.NotFound(_("No existe esa propuesta."))
    if action is not None and not can(request.user, action, p):
        raise exceptions.PermissionDenied(_("No tiene permiso para realizar esta acción."))
    return p


def _with_details(request: Request, proposals: list[Proposal]) -> tuple[list[Proposal], dict[int, Any]]:
    """Attachments (one query) and the weighted scores the viewer may see (two queries)."""
    by_proposal: dict[int, list[Any]] = {p.pk: [] for p in proposals}
    for p in proposals:
        p.attachment_list = by_proposal[p.pk]
    if proposals:
        for a in selectors.attachments_of_many(proposal_ids=list(by_proposal)):
            by_proposal[a.proposal_id].append(a)
    visible = [p.pk for p in proposals if _may_see_score(request.user, p)]
    return proposals, selectors.score_summaries(proposal_ids=visible)


def _may_see_score(user: Any, p: Proposal) -> bool:
    if can(user, Action.VIEW_SCORES, p):
        return True
    # The applicant sees its own score once the committee's feedback is written.
    return can(user, Action.CHANGE_PROPOSAL, p) and p.feedback_at is not None


def _serialize(request: Request, p: Proposal) -> dict[str, Any]:
    proposals, summaries = _with_details(request, [p])
    return ProposalSerializer(proposals[0], context={"summaries": summaries}).data


def _solution(raw: int | None, errors: dict[str, list[str]]) -> Any:
    if raw is None:
        return None
    solution = solutions_selectors.solution_get(pk=raw)
    if solution is None:
        errors["solution"] = [_("Solución desconocida.")]
    return solution


# --------------------------------------------------------------------------------- proposals


class ProposalListView(generics.ListAPIView):
    """The proposals the account may see: a startup only its own; the hub, the committee and
    the buyer those in their care. POST applies for the account's startup."""

    serializer_class = ProposalSerializer

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [allow(can, Action.APPLY)()]
        return [allow(can, Action.LIST_PROPOSALS)()]

    def get_queryset(self) -> Any:
        raw = query_param(self.request, "challenge", 20)
        challenge = None
        if raw:
            if not re.fullmatch(r"[0-9]{1,19}", raw) or not 1 <= int(raw) <= MAX_ID:
                raise exceptions.ValidationError({"challenge": [_("Debe ser un número entero positivo.")]})
            # A challenge the account may not see (another municipality's draft) is as unknown
            # as one that does not exist: the same answer, so its existence stays private.
            challenge = innovation_selectors.challenge_get_visible(pk=int(raw), viewer=self.request.user)
            if challenge is None:
                raise exceptions.ValidationError({"challenge": [_("Desafío desconocido.")]})
        return selectors.proposals_visible_to(self.request.user, challenge).order_by(
            "challenge_id", "submitted_at", "pk"
        )

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        rows, self.summaries = _with_details(self.request, rows)
        return rows

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "summaries": getattr(self, "summaries", {})}

    @extend_schema(
        parameters=[OpenApiParameter("challenge", int, description=gettext_lazy("Solo las de este desafío"))],
        responses={200: ProposalSerializer, **error_responses(400, 401, 404)},
        summary=gettext_lazy("Listar las propuestas visibles para la cuenta"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ProposalCreateSerializer,
        responses={201: ProposalSerializer, **error_responses(400, 401, 403, 404, 415)},
        summary=gettext_lazy("Postular a un desafío (una propuesta por startup y desafío)"),
        tags=[TAG],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ProposalCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        errors: dict[str, list[str]] = {}
        challenge = innovation_selectors.challenge_get(pk=values["challenge"])
        if challenge is None or not can(request.user, Action.APPLY, challenge):
            errors["challenge"] = [_("Desafío desconocido.")]
        solution = _solution(values["solution"], errors)
        if values["price_min"] > values["price_max"]:
            errors["price_max"] = [_("El precio máximo no puede ser menor que el mínimo.")]
        if errors:
            raise exceptions.ValidationError(errors)
        try:
            proposal = services.proposal_submit(
                actor=request.user,
                challenge=challenge,
                approach=values["approach"],
                price_min=values["price_min"],
                price_max=values["price_max"],
                timeline_weeks=values["timeline_weeks"],
                timeline=values["timeline"],
                solution=solution,
            )
        except DjangoValidationError as exc:
            return _refused(exc)
        return Response(_serialize(request, selectors.proposal_get(pk=proposal.pk)), status=status.HTTP_201_CREATED)


class ProposalDetailView(VersionedAPIMixin, APIView):
    permission_classes = [allow(can, Action.LIST_PROPOSALS)]

    def current_representation(self, obj: Any) -> Any:
        return _serialize(self.request, selectors.proposal_get(pk=obj.pk))

    @extend_schema(
        parameters=[ETAG_HEADER],
        responses={200: ProposalSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de una propuesta"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        p = _proposal(request, pk)
        return with_etag(Response(_serialize(request, p)), p.row_version)

    @extend_schema(
        request=ProposalUpdateSerializer,
        parameters=[IF_MATCH_PARAMETER, ETAG_HEADER],
        responses={
            200: ProposalSerializer,
            409: CONFLICT,
            **error_responses(400, 401, 403, 404, 412, 415, 428),
        },
        summary=gettext_lazy("Editar una propuesta mientras la convocatoria está abierta"),
        tags=[TAG],
    )
    def patch(self, request: Request, pk: int) -> Response:
        p = _proposal(request, pk, Action.CHANGE_PROPOSAL)
        expected = if_match_version(request)
        data = ProposalUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        errors: dict[str, list[str]] = {}
        solution = _solution(values["solution"], errors) if "solution" in values else p.solution
        merged = {
            name: values.get(name, getattr(p, name))
            for name in ("approach", "price_min", "price_max", "timeline_weeks", "timeline")
        }
        if errors:
            raise exceptions.ValidationError(errors)
        try:
            updated = services.proposal_update(
                actor=request.user,
                proposal=p,
                expected_version=expected,
                version=values.get("version"),
                solution=solution,
                **merged,
            )
        except StaleVersion:
            raise  # 412 with the current proposal (VersionedAPIMixin)
        except DjangoValidationError as exc:
            return _refused(exc)
        return with_etag(Response(_serialize(request, selectors.proposal_get(pk=p.pk))), updated.row_version)

    @extend_schema(
        request=None,
        responses={204: None, **error_responses(400, 401, 403, 404)},
        summary=gettext_lazy("Retirar una propuesta (definitivo) mientras la convocatoria está abierta"),
        tags=[TAG],
    )
    def delete(self, request: Request, pk: int) -> Response:
        p = _proposal(request, pk, Action.CHANGE_PROPOSAL)
        try:
            services.proposal_withdraw(actor=request.user, proposal=p)
        except DjangoValidationError as exc:
            return _refused(exc)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _scores_payload(request: Request, p: Proposal) -> dict[str, Any]:
    criteria = innovation_selectors.call_criteria(call=p.challenge.call) if p.challenge.call else []
    mine = selectors.scores_of_evaluator(proposal=p, evaluator=request.user)
    rows = [
        {
            "criterion": c.pk,
            "name": c.name,
            "weight": c.weight,
            "score": mine[c.pk].score if c.pk in mine else None,
            "comment": mine[c.pk].comment if c.pk in mine else "",
        }
        for c in criteria
    ]
    return ProposalScoresSerializer({"proposal": p.pk, "evaluator": request.user.get_username(), "scores": rows}).data


class ProposalScoresView(APIView):
    """The calling committee member's own scores of a proposal, one per published criterion."""

    permission_classes = [allow(can, Action.LIST_PROPOSALS)]

    @extend_schema(
        responses={200: ProposalScoresSerializer, **error_responses(401, 403, 404)},
        summary=gettext_lazy("Mis puntajes de una propuesta (integrantes del comité)"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_scores_payload(request, _proposal(request, pk, Action.SCORE)))

    @extend_schema(
        request=ProposalScoresWriteSerializer,
        responses={200: ProposalScoresSerializer, **error_responses(400, 401, 403, 404, 415)},
        summary=gettext_lazy("Guardar mis puntajes (0–5 por criterio) tras el cierre"),
        tags=[TAG],
    )
    def put(self, request: Request, pk: int) -> Response:
        p = _proposal(request, pk, Action.SCORE)
        data = ProposalScoresWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        items = data.validated_data["scores"]
        try:
            services.score_set(
                actor=request.user,
                proposal=p,
                scores={s["criterion"]: s["score"] for s in items},
                comments={s["criterion"]: s["comment"] for s in items},
            )
        except DjangoValidationError as exc:
            return _refused(exc)
        return Response(_scores_payload(request, p))


class ProposalDecisionView(APIView):
    """The hub's decision on a proposal after the close: shortlist or not, and feedback."""

    permission_classes = [allow(can, Action.LIST_PROPOSALS)]

    @extend_schema(
        request=ProposalDecisionSerializer,
        responses={200: ProposalSerializer, **error_responses(400, 401, 403, 404, 415)},
        summary=gettext_lazy("Preseleccionar o no una propuesta y escribir su retroalimentación"),
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        p = _proposal(request, pk, Action.DECIDE)
        data = ProposalDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.proposal_decide(
                actor=request.user,
                proposal=p,
                decision=data.validated_data["decision"],
                feedback=data.validated_data["feedback"],
            )
        except DjangoValidationError as exc:
            return _refused(exc)
        return Response(_serialize(request, selectors.proposal_get(pk=p.pk)))


# --------------------------------------------------------------------------------- sessions


class WorkingSessionChallengeSerializer(StrictSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class WorkingSessionParticipantSerializer(StrictSerializer):
    proposal = serializers.IntegerField(source="proposal_id")
    organization = ProposalOrganizationRefSerializer(source="proposal.organization")
    attended = serializers.BooleanField(allow_null=True, help_text=gettext_lazy("null: sin registrar"))


class WorkingSessionRowSerializer(StrictSerializer):
    id = serializers.IntegerField()
    challenge = WorkingSessionChallengeSerializer()
    municipality = ProposalOrganizationRefSerializer()
    starts_at = serializers.DateTimeField()
    place = serializers.CharField()
    status = serializers.CharField(help_text=gettext_lazy("scheduled, held o cancelled"))
    status_label = serializers.CharField(source="get_status_display")


class WorkingSessionSerializer(WorkingSessionRowSerializer):
    agenda = serializers.CharField()
    minutes = serializers.CharField()
    next_steps = serializers.CharField()
    participants = serializers.SerializerMethodField(
        help_text=gettext_lazy("Una startup solo ve su propia participación")
    )

    @extend_schema_field(WorkingSessionParticipantSerializer(many=True))
    def get_participants(self, s: WorkingSession) -> list[dict[str, Any]]:
        rows = selectors.participants_visible_to(self.context["request"].user, s)
        return WorkingSessionParticipantSerializer(rows, many=True).data


class WorkingSessionListView(generics.ListAPIView):
    """Sessions the account may see: the hub all, a municipality its own, a startup those it
    is invited to."""

    serializer_class = WorkingSessionRowSerializer
    permission_classes = [allow(can, Action.VIEW_SESSIONS)]

    def get_queryset(self) -> Any:
        return selectors.sessions_visible_to(self.request.user).order_by("-starts_at", "-pk")

    @extend_schema(
        responses={200: WorkingSessionRowSerializer, **error_responses(400, 401, 404)},
        summary=gettext_lazy("Listar sesiones de trabajo visibles para la cuenta"),
        tags=[TAG_SESSIONS],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class WorkingSessionDetailView(APIView):
    permission_classes = [allow(can, Action.VIEW_SESSIONS)]

    @extend_schema(
        responses={200: WorkingSessionSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de una sesión de trabajo: asistencia, acta y próximos pasos"),
        tags=[TAG_SESSIONS],
    )
    def get(self, request: Request, pk: int) -> Response:
        session = selectors.session_get(pk=pk) if pk <= MAX_ID else None
        if session is None or not can(request.user, Action.VIEW_SESSION, session):
            raise exceptions.NotFound(_("No existe esa sesión."))
        return Response(WorkingSessionSerializer(session, context={"request": request}).data)
