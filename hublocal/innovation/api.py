"""Open-innovation REST API: challenges and their workflow, matches, calls with their criteria,
the questions board and presentation events.

Thin views over the same services, selectors and permissions as the web pages. Drafts and
challenges under review answer 404 to accounts that may not see them; an action on a visible
object that the account may not take answers 403.

Matches: a challenge's ranked solutions (`challenge_matches`) are for the hub team and the
challenge's municipalities (the buyer's working tool); a startup's recommended challenges
(`startup_matches`) are for that startup's members and the hub team."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hublocal.core.api import allow, error_responses, query_param
from hublocal.core.api_strict import StrictSerializer
from hublocal.core.areas import Area
from hublocal.core.locking import (
    ETAG_HEADER,
    IF_MATCH_PARAMETER,
    OPTIONAL_IF_MATCH_PARAMETER,
    StaleVersion,
    VersionedAPIMixin,
    if_match_version,
    optional_if_match_version,
    with_etag,
)
from hublocal.core.permissions import has_role, is_hub_staff, organization_id
from hublocal.directory import selectors as directory_selectors

from . import selectors, services
from .models import Call, Challenge, ChallengeStatus, Event
from .permissions import Action, can, is_challenge_official

TAG = "innovación"
# Largest primary key the database stores (BigAutoField): larger ids are refused, not looked up.
MAX_ID = 2**63 - 1
MAX_SLUGS = services.MAX_CO_MUNICIPALITIES


def _text(max_length: int, *, required: bool = True, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=required, allow_blank=not required, trim_whitespace=True, **kwargs
    )


def _body(request: Request) -> Any:
    try:
        return request.data
    except RecursionError:
        raise exceptions.ParseError() from None


def _refused(exc: DjangoValidationError) -> Response:
    """A service's refusal: field messages keep their fields; a message about the whole object
    (status, deadline) becomes the detail."""
    if hasattr(exc, "error_dict"):
        raise exc
    return Response(
        {"detail": " ".join(exc.messages), "errors": {"non_field_errors": exc.messages}},
        status=status.HTTP_400_BAD_REQUEST,
    )


def _pk_ok(pk: int) -> bool:
    return 0 < pk <= MAX_ID


# --------------------------------------------------------------------------------- challenges


class ChallengeMunicipalitySerializer(StrictSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    commune_code = serializers.SerializerMethodField()

    def get_commune_code(self, org: Any) -> str | None:
        return org.commune.code if org.commune_id else None


class ChallengeCallRefSerializer(StrictSerializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    closes_at = serializers.DateTimeField()


class ChallengeSerializer(StrictSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    area = serializers.ChoiceField(choices=Area.choices)
    area_label = serializers.CharField(source="get_area_display")
    status = serializers.CharField(
        help_text=gettext_lazy("draft, in_review, published, closed, in_pilot, finished o archived")
    )
    status_label = serializers.CharField(source="get_status_display")
    origin = serializers.CharField(help_text=gettext_lazy("diagnosis (brecha de un diagnóstico) o direct"))
    owner = ChallengeMunicipalitySerializer()
    municipalities = serializers.SerializerMethodField()
    problem = serializers.CharField()
    affected = serializers.CharField()
    current_process = serializers.CharField()
    constraints = serializers.CharField()
    budget_min = serializers.IntegerField(allow_null=True)
    budget_max = serializers.IntegerField(allow_null=True)
    connectivity = serializers.CharField()
    staff_skills = serializers.CharField()
    success = serializers.CharField()
    call = ChallengeCallRefSerializer(allow_null=True)
    review_note = serializers.SerializerMethodField(
        help_text=gettext_lazy("Observaciones de la revisión: solo para el Hub y sus municipios")
    )
    published_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(ChallengeMunicipalitySerializer(many=True))
    def get_municipalities(self, c: Challenge) -> list[dict[str, Any]]:
        return ChallengeMunicipalitySerializer(selectors.challenge_municipalities(challenge=c), many=True).data

    def get_review_note(self, c: Challenge) -> str | None:
        user = self.context["request"].user
        return c.review_note if (is_hub_staff(user) or is_challenge_official(user, c)) else None


class ChallengeRowSerializer(StrictSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    area = serializers.ChoiceField(choices=Area.choices)
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    owner = ChallengeMunicipalitySerializer()
    call = ChallengeCallRefSerializer(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)


class ChallengeFieldsSerializer(StrictSerializer):
    title = _text(200)
    area = serializers.ChoiceField(choices=Area.choices)
    problem = _text(5000)
    affected = _text(3000)
    current_process = _text(3000)
    constraints = _text(3000, required=False)
    budget_min = serializers.IntegerField(min_value=0, max_value=services.MAX_BUDGET, required=False, allow_null=True)
    budget_max = serializers.IntegerField(min_value=0, max_value=services.MAX_BUDGET, required=False, allow_null=True)
    connectivity = _text(200, required=False)
    staff_skills = _text(200, required=False)
    success = _text(3000)
    municipalities = serializers.ListField(
        child=serializers.SlugField(max_length=120),
        required=False,
        max_length=MAX_SLUGS,
        help_text=gettext_lazy("Otras municipalidades que comparten el problema (identificadores)"),
    )


class ChallengeWriteSerializer(ChallengeFieldsSerializer):
    owner = serializers.SlugField(
        max_length=120,
        required=False,
        help_text=gettext_lazy("Identificador de la municipalidad (solo el Hub; un municipio escribe para sí)"),
    )


class ChallengePatchSerializer(ChallengeFieldsSerializer):
    title = _text(200, required=False)
    area = serializers.ChoiceField(choices=Area.choices, required=False)
    problem = _text(5000, required=False)
    affected = _text(3000, required=False)
    current_process = _text(3000, required=False)
    success = _text(3000, required=False)


def _municipalities(slugs: list[str]) -> list[Any]:
    found = []
    missing = []
    for slug in dict.fromkeys(slugs):
        org = directory_selectors.organization_get(slug=slug)
        if org is None or org.kind != "municipality":
            missing.append(slug)
        else:
            found.append(org)
    if missing:
        raise exceptions.ValidationError(
            {"municipalities": [_("No son municipalidades: %(s)s.") % {"s": ", ".join(missing[:10])}]}
        )
    return found


def _visible_challenge(request: Request, pk: int) -> Challenge:
    challenge = selectors.challenge_get_visible(pk=pk, viewer=request.user) if _pk_ok(pk) else None
    if challenge is None:
        raise exceptions.NotFound(_("No existe ese desafío."))
    return challenge


def _challenge_data(request: Request, challenge: Challenge) -> dict[str, Any]:
    fresh = selectors.challenge_get(pk=challenge.pk)
    return ChallengeSerializer(fresh, context={"request": request}).data


class ChallengeListView(generics.ListAPIView):
    """Challenges the account may see: published and later for everyone, its municipality's
    drafts for an official, all of them for the hub team."""

    # Anonymous answers are cached whole, per data generation (core/page_cache.py).
    anonymous_page_namespaces = ("innovation", "directory", "territory")

    serializer_class = ChallengeRowSerializer

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [allow(can, Action.CREATE_CHALLENGE)()]
        return [allow(can, Action.VIEW_CHALLENGE)()]

    def get_queryset(self) -> Any:
        errors: dict[str, list[str]] = {}
        area = query_param(self.request, "area", 20)
        if area and area not in Area.values:
            errors["area"] = [_("Área desconocida. Valores: %(v)s.") % {"v": ", ".join(Area.values)}]
        state = query_param(self.request, "status", 20)
        if state and state not in ChallengeStatus.values:
            errors["status"] = [_("Estado desconocido. Valores: %(v)s.") % {"v": ", ".join(ChallengeStatus.values)}]
        raw_call = query_param(self.request, "call", 20)
        call: int | None = None
        if raw_call:
            if not re.fullmatch(r"[0-9]{1,18}", raw_call):
                errors["call"] = [_("Debe ser el id numérico de una convocatoria.")]
            else:
                call = int(raw_call)
        region = query_param(self.request, "region", 2)
        q = query_param(self.request, "q", 100)
        if errors:
            raise exceptions.ValidationError(errors)
        return selectors.challenge_list_visible(
            viewer=self.request.user, area=area, status=state, call=call, region=region, q=q
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("area", str, enum=Area.values, description=gettext_lazy("Área prioritaria")),
            OpenApiParameter("status", str, enum=ChallengeStatus.values, description=gettext_lazy("Estado")),
            OpenApiParameter("call", int, description=gettext_lazy("Id de la convocatoria")),
            OpenApiParameter("region", str, description=gettext_lazy("Código CUT de la región de algún municipio")),
            OpenApiParameter("q", str, description=gettext_lazy("Texto en el título o el problema")),
        ],
        responses={200: ChallengeRowSerializer(many=True), **error_responses(400, 401, 404)},
        summary=gettext_lazy("Listar desafíos"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ChallengeWriteSerializer,
        responses={201: ChallengeSerializer, **error_responses(400, 401, 403, 415)},
        summary=gettext_lazy("Escribir un desafío (queda en borrador)"),
        tags=[TAG],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ChallengeWriteSerializer(data=_body(request))
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        owner_slug = values.pop("owner", "")
        co = _municipalities(values.pop("municipalities", []))
        if has_role(request.user, "municipal"):
            owner = directory_selectors.organizations_with_commune(ids=[organization_id(request.user) or 0])
            owner = owner[0] if owner else None
            if owner_slug and (owner is None or owner.slug != owner_slug):
                raise exceptions.PermissionDenied(_("Un municipio solo escribe desafíos propios."))
        else:
            if not owner_slug:
                raise exceptions.ValidationError({"owner": [_("Indique la municipalidad dueña del desafío.")]})
            owner = directory_selectors.organization_get(slug=owner_slug)
            if owner is None or owner.kind != "municipality":
                raise exceptions.ValidationError({"owner": [_("No es una municipalidad.")]})
        if not can(request.user, Action.CREATE_CHALLENGE, owner):
            raise exceptions.PermissionDenied(_("No tiene permiso para realizar esta acción."))
        challenge = services.challenge_create(actor=request.user, owner=owner, co_municipalities=co, **values)
        return Response(_challenge_data(request, challenge), status=status.HTTP_201_CREATED)


class ChallengeDetailView(VersionedAPIMixin, APIView):
    permission_classes = [allow(can, Action.VIEW_CHALLENGE)]

    def current_representation(self, obj: Any) -> Any:
        return _challenge_data(self.request, obj)

    @extend_schema(
        parameters=[ETAG_HEADER],
        responses={200: ChallengeSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de un desafío"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        challenge = _visible_challenge(request, pk)
        data = ChallengeSerializer(challenge, context={"request": request}).data
        return with_etag(Response(data), challenge.row_version)

    @extend_schema(
        request=ChallengePatchSerializer,
        parameters=[IF_MATCH_PARAMETER, ETAG_HEADER],
        responses={200: ChallengeSerializer, **error_responses(400, 401, 403, 404, 412, 415, 428)},
        summary=gettext_lazy("Editar un desafío en borrador (o en revisión, el Hub)"),
        tags=[TAG],
    )
    def patch(self, request: Request, pk: int) -> Response:
        challenge = _visible_challenge(request, pk)
        if not can(request.user, Action.CHANGE_CHALLENGE, challenge):
            if not request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            raise exceptions.PermissionDenied(_("Este desafío ya no se puede editar con su cuenta."))
        expected = if_match_version(request)
        data = ChallengePatchSerializer(data=_body(request), partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        co = _municipalities(values.pop("municipalities")) if "municipalities" in values else None
        try:
            updated = services.challenge_update(
                actor=request.user, challenge=challenge, data=values, co_municipalities=co, expected_version=expected
            )
        except StaleVersion:
            raise
        except DjangoValidationError as exc:
            return _refused(exc)
        return with_etag(Response(_challenge_data(request, challenge)), updated.row_version)


class TransitionSerializer(StrictSerializer):
    to = serializers.ChoiceField(
        choices=[s for s in ChallengeStatus.values if s not in ("in_pilot", "finished")],
        help_text=gettext_lazy("Estado de destino (in_pilot y finished los fija el piloto)"),
    )
    note = _text(3000, required=False, help_text=gettext_lazy("Obligatoria al devolver a borrador"))
    call = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, help_text=gettext_lazy("Para publicar")
    )


class ChallengeTransitionView(VersionedAPIMixin, APIView):
    permission_classes = [allow(can, Action.VIEW_CHALLENGE)]

    def current_representation(self, obj: Any) -> Any:
        return _challenge_data(self.request, obj)

    @extend_schema(
        request=TransitionSerializer,
        parameters=[OPTIONAL_IF_MATCH_PARAMETER, ETAG_HEADER],
        responses={200: ChallengeSerializer, **error_responses(400, 401, 403, 404, 412, 415)},
        summary=gettext_lazy("Cambiar el estado de un desafío"),
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        challenge = _visible_challenge(request, pk)
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        data = TransitionSerializer(data=_body(request))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        transition = services.transition_for(source=challenge.status, target=values["to"])
        if transition is None:
            if not selectors.available_transitions(user=request.user, challenge=challenge):
                raise exceptions.PermissionDenied(_("No tiene permiso para realizar esta acción."))
            raise exceptions.ValidationError(
                {"to": [_("Ese cambio no es posible desde «%(s)s».") % {"s": challenge.get_status_display()}]}
            )
        if not can(request.user, transition.action, challenge):
            raise exceptions.PermissionDenied(_("No tiene permiso para realizar esta acción."))
        call = None
        if values.get("call") is not None:
            call = selectors.call_get(pk=values["call"])
            if call is None:
                raise exceptions.ValidationError({"call": [_("Convocatoria desconocida.")]})
        expected = optional_if_match_version(request)
        try:
            moved = services.challenge_transition(
                actor=request.user,
                challenge=challenge,
                to=values["to"],
                note=values.get("note", ""),
                call=call,
                expected_version=expected,
            )
        except StaleVersion:
            raise  # 412 with the current challenge (VersionedAPIMixin)
        except DjangoValidationError as exc:
            return _refused(exc)
        return with_etag(Response(_challenge_data(request, challenge)), moved.row_version)


# --------------------------------------------------------------------------------- matches


class MatchOrganizationSerializer(StrictSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class MatchSolutionSerializer(StrictSerializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    summary = serializers.CharField()
    area = serializers.ChoiceField(choices=Area.choices)
    organization = MatchOrganizationSerializer()


class SolutionMatchSerializer(StrictSerializer):
    score = serializers.FloatField(help_text=gettext_lazy("Afinidad de 0 a 100"))
    reasons = serializers.ListField(child=serializers.CharField(), help_text=gettext_lazy("Por qué calza"))
    shared_terms = serializers.ListField(child=serializers.CharField())
    solution = MatchSolutionSerializer()


class MatchChallengeSerializer(StrictSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    area = serializers.ChoiceField(choices=Area.choices)
    owner = ChallengeMunicipalitySerializer()
    call = ChallengeCallRefSerializer(allow_null=True)


class ChallengeMatchSerializer(StrictSerializer):
    score = serializers.FloatField(help_text=gettext_lazy("Afinidad de 0 a 100"))
    reasons = serializers.ListField(child=serializers.CharField(), help_text=gettext_lazy("Por qué calza"))
    shared_terms = serializers.ListField(child=serializers.CharField())
    challenge = MatchChallengeSerializer()
    solution = MatchSolutionSerializer(help_text=gettext_lazy("La solución de la startup que mejor calza"))


def _limit(request: Request) -> int:
    raw = query_param(request, "limit", 3)
    if not raw:
        return 10
    # str.isdigit() accepts "²", which int() refuses: only ASCII digits are a number here.
    if not re.fullmatch(r"[0-9]{1,2}", raw) or not 1 <= int(raw) <= 50:
        raise exceptions.ValidationError({"limit": [_("Debe ser un entero entre 1 y 50.")]})
    return int(raw)


class ChallengeMatchesView(APIView):
    permission_classes = [allow(can, Action.VIEW_CHALLENGE)]

    @extend_schema(
        parameters=[OpenApiParameter("limit", int, description=gettext_lazy("Cuántas soluciones (1–50, 10)"))],
        responses={200: SolutionMatchSerializer(many=True), **error_responses(400, 401, 403, 404)},
        summary=gettext_lazy("Soluciones del catálogo que calzan con un desafío, con sus razones"),
        description=gettext_lazy("Para el equipo del Hub y los municipios del desafío."),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        challenge = _visible_challenge(request, pk)
        if not can(request.user, Action.VIEW_MATCHES, challenge):
            if not request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            raise exceptions.PermissionDenied(_("Las coincidencias de un desafío son para el Hub y sus municipios."))
        matches = selectors.matches_for_challenge(challenge=challenge, limit=_limit(request))
        return Response(SolutionMatchSerializer(matches, many=True).data)


class StartupMatchesView(APIView):
    permission_classes = [allow(can, Action.VIEW_STARTUP_MATCHES)]

    @extend_schema(
        parameters=[OpenApiParameter("limit", int, description=gettext_lazy("Cuántos desafíos (1–50, 10)"))],
        responses={200: ChallengeMatchSerializer(many=True), **error_responses(400, 401, 403, 404)},
        summary=gettext_lazy("Desafíos abiertos recomendados a una startup, con sus razones"),
        description=gettext_lazy("Para los integrantes de la startup y el equipo del Hub."),
        tags=[TAG],
    )
    def get(self, request: Request, slug: str) -> Response:
        org = directory_selectors.organization_get(slug=slug) if len(slug) <= 120 else None
        if org is None or org.kind != "startup":
            raise exceptions.NotFound(_("No existe esa startup."))
        if not can(request.user, Action.VIEW_STARTUP_MATCHES, org):
            raise exceptions.PermissionDenied(_("Las recomendaciones son para la propia startup y el Hub."))
        matches = selectors.matches_for_startup(organization=org, limit=_limit(request))
        return Response(ChallengeMatchSerializer(matches, many=True).data)


# --------------------------------------------------------------------------------- calls


class CriterionSerializer(StrictSerializer):
    name = serializers.CharField()
    weight = serializers.IntegerField(help_text=gettext_lazy("Ponderación en %; suman 100"))
    description = serializers.CharField()


class CallSerializer(StrictSerializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    eligibility = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    status = serializers.CharField(help_text=gettext_lazy("draft, published o cancelled"))
    is_open = serializers.SerializerMethodField(help_text=gettext_lazy("Si recibe propuestas ahora"))
    published_at = serializers.DateTimeField(allow_null=True)
    challenge_count = serializers.IntegerField(source="n_challenges")
    criteria = CriterionSerializer(many=True, source="criteria.all")

    def get_is_open(self, call: Call) -> bool:
        return selectors.call_is_open(call=call, now=timezone.now())


def _calls(request: Request) -> Any:
    return selectors.call_list_visible(viewer=request.user).prefetch_related("criteria")


class CallListView(generics.ListAPIView):
    """Calls with their published criteria (drafts only for the hub team)."""

    # Anonymous answers are cached whole, per data generation (core/page_cache.py).
    anonymous_page_namespaces = ("innovation", "directory")

    serializer_class = CallSerializer
    permission_classes = [allow(can, Action.VIEW_CALL)]

    def get_queryset(self) -> Any:
        return _calls(self.request)

    @extend_schema(
        responses={200: CallSerializer(many=True), **error_responses(400, 401, 404)},
        summary=gettext_lazy("Listar convocatorias"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


def _visible_call(request: Request, pk: int) -> Call:
    call = _calls(request).filter(pk=pk).first() if _pk_ok(pk) else None
    if call is None:
        raise exceptions.NotFound(_("No existe esa convocatoria."))
    return call


class CallDetailView(APIView):
    permission_classes = [allow(can, Action.VIEW_CALL)]

    @extend_schema(
        responses={200: CallSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de una convocatoria con sus criterios"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(CallSerializer(_visible_call(request, pk)).data)


class QuestionSerializer(StrictSerializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    challenge = serializers.IntegerField(source="challenge_id", allow_null=True)
    anonymous = serializers.BooleanField()
    asked_by = serializers.CharField(
        source="asker_label",
        allow_null=True,
        help_text=gettext_lazy("Quién preguntó; null si es anónima (salvo para el equipo del Hub)"),
    )
    answer = serializers.CharField(help_text=gettext_lazy("Vacía mientras no se responda"))
    answered_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class QuestionCreateSerializer(StrictSerializer):
    text = _text(services.MAX_QUESTION)
    anonymous = serializers.BooleanField(default=True)
    challenge = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)


class CallQuestionsView(APIView):
    """The call's board: answered questions for everyone; unanswered ones for the hub team and
    their asker. Anonymous askers are named only to the hub team."""

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [allow(can, Action.ASK_QUESTION)()]
        return [allow(can, Action.VIEW_CALL)()]

    @extend_schema(
        responses={200: QuestionSerializer(many=True), **error_responses(401, 404)},
        summary=gettext_lazy("Preguntas y respuestas de una convocatoria"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        call = _visible_call(request, pk)
        return Response(QuestionSerializer(selectors.questions_visible(call=call, viewer=request.user), many=True).data)

    @extend_schema(
        request=QuestionCreateSerializer,
        responses={201: QuestionSerializer, **error_responses(400, 401, 403, 404, 415)},
        summary=gettext_lazy("Hacer una pregunta en una convocatoria publicada"),
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        call = _visible_call(request, pk)
        data = QuestionCreateSerializer(data=_body(request))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        challenge = None
        if values.get("challenge") is not None:
            challenge = selectors.challenge_get(pk=values["challenge"])
            if challenge is None or challenge.call_id != call.pk:
                raise exceptions.ValidationError({"challenge": [_("Ese desafío no es de esta convocatoria.")]})
        try:
            question = services.question_ask(
                actor=request.user, call=call, text=values["text"], anonymous=values["anonymous"], challenge=challenge
            )
        except DjangoValidationError as exc:
            return _refused(exc)
        shown = next(q for q in selectors.questions_visible(call=call, viewer=request.user) if q.pk == question.pk)
        return Response(QuestionSerializer(shown).data, status=status.HTTP_201_CREATED)


# --------------------------------------------------------------------------------- events


class EventSerializer(StrictSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    call = serializers.SerializerMethodField(
        help_text=gettext_lazy("Id de la convocatoria que presenta; null si no tiene o si no es visible para la cuenta")
    )
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField()
    online_url = serializers.CharField()
    capacity = serializers.IntegerField()
    registered = serializers.IntegerField(source="n_registered")
    seats_left = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_call(self, event: Event) -> int | None:
        # A draft call is the hub's working document: not even its id is shown to others.
        request = self.context.get("request")
        viewer = getattr(request, "user", None)
        return event.call_id if event.call is not None and can(viewer, Action.VIEW_CALL, event.call) else None

    def get_seats_left(self, event: Event) -> int:
        return selectors.seats_left(event=event)


class RegistrationCreateSerializer(StrictSerializer):
    full_name = _text(200)
    email = serializers.EmailField(max_length=254)
    organization_name = _text(200, required=False)


class RegistrationSerializer(StrictSerializer):
    id = serializers.IntegerField()
    event = serializers.IntegerField(source="event_id")
    full_name = serializers.CharField()
    email = serializers.EmailField()
    organization_name = serializers.CharField()
    created_at = serializers.DateTimeField()


class EventListView(generics.ListAPIView):
    # Anonymous answers are cached whole, per data generation (core/page_cache.py).
    anonymous_page_namespaces = ("innovation", "directory")
    serializer_class = EventSerializer
    permission_classes = [allow(can, Action.VIEW_EVENT)]

    def get_queryset(self) -> Any:
        upcoming = query_param(self.request, "upcoming", 5)
        if upcoming and upcoming not in ("true", "false"):
            raise exceptions.ValidationError({"upcoming": [_("Use true o false.")]})
        return selectors.event_list(upcoming_only=upcoming == "true")

    @extend_schema(
        parameters=[OpenApiParameter("upcoming", bool, description=gettext_lazy("Solo los que no han terminado"))],
        responses={200: EventSerializer(many=True), **error_responses(400, 401, 404)},
        summary=gettext_lazy("Listar eventos"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


def _event(pk: int) -> Event:
    event = selectors.event_get(pk=pk) if _pk_ok(pk) else None
    if event is None:
        raise exceptions.NotFound(_("No existe ese evento."))
    return event


class EventDetailView(APIView):
    permission_classes = [allow(can, Action.VIEW_EVENT)]

    @extend_schema(
        responses={200: EventSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de un evento"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(EventSerializer(_event(pk), context={"request": request}).data)


class EventRegisterView(APIView):
    """Anyone may register (no account needed) while seats remain; one registration per e-mail."""

    permission_classes = [allow(can, Action.REGISTER_EVENT)]

    @extend_schema(
        request=RegistrationCreateSerializer,
        responses={201: RegistrationSerializer, **error_responses(400, 401, 404, 415)},
        summary=gettext_lazy("Inscribirse en un evento"),
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        event = _event(pk)
        data = RegistrationCreateSerializer(data=_body(request))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            registration = services.event_register(actor=request.user, event=event, **values)
        except DjangoValidationError as exc:
            return _refused(exc)
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)
