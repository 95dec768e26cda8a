"""Diagnosis REST API: instruments, campaigns, participations, answers, results and rankings.

Thin views over the same services and selectors as the web pages: input is validated here
(every 400 is decided here or raised by a service), permissions come from permissions.py.
Private objects answer 404 to accounts that may not see them: another municipality's
diagnosis does not exist for you."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hublocal.core.api import allow, error_responses, query_param
from hublocal.core.api_strict import StrictSerializer
from hublocal.core.locking import ETAG_HEADER, etag, with_etag
from hublocal.core.permissions import is_authenticated, organization_id
from hublocal.directory import selectors as directory_selectors
from hublocal.engagement import selectors as engagement_selectors
from hublocal.territory import selectors as territory_selectors

from . import selectors, services
from .models import Area, Campaign, Participation, Result
from .permissions import Action, can
from .scoring import LEVELS

TAG = "diagnóstico"
# Fields with generic names (type, status, group) are documented strings rather than enums:
# drf-spectacular names enum components after the field, so another app's `status` would clash.
LEVEL_LABELS = dict(LEVELS)
# Largest primary key the database stores (BigAutoField): larger ids are refused, not looked up.
MAX_ID = 2**63 - 1
# A diagnosis has tens of questions; a body naming more is not a questionnaire.
MAX_ANSWERS = 500
# Answers are flat values or lists of option ids; anything deeper is not an answer.
MAX_VALUE_DEPTH = 3
# Integers beyond this are no answer to any question (and overflow float conversion).
MAX_ABS_NUMBER = 10**15
# Dates outside these years are typing mistakes, not campaign dates.
MIN_YEAR, MAX_YEAR = 2000, 2100


class SignedIn(permissions.BasePermission):
    """Any signed-in account; what it may do with the object is decided per object (404/403)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return is_authenticated(request.user)


# --------------------------------------------------------------------------------- fields


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an explicit offset: a date without one is ambiguous across Chile's time zones."""

    default_error_messages = {
        "naive": gettext_lazy("Indique la zona horaria, p. ej. 2026-03-01T09:00:00-03:00."),
        "year": gettext_lazy("La fecha debe estar entre los años %(lo)s y %(hi)s."),
    }

    def to_internal_value(self, value: Any) -> datetime:
        if isinstance(value, str) and len(value) <= 64:
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None  # well formed but impossible (month 13): the parent says so
            if parsed is not None and parsed.tzinfo is None:
                self.fail("naive")
        result: datetime = super().to_internal_value(value)
        if not MIN_YEAR <= result.year <= MAX_YEAR:
            self.fail("year", lo=MIN_YEAR, hi=MAX_YEAR)
        return result


# --------------------------------------------------------------------------------- instruments


class InstrumentVersionSerializer(StrictSerializer):
    slug = serializers.CharField()
    version = serializers.IntegerField()
    area = serializers.ChoiceField(choices=Area.choices)
    area_label = serializers.CharField(source="get_area_display")
    title = serializers.CharField()
    question_count = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    checksum = serializers.CharField(help_text=gettext_lazy("SHA-256 del contenido publicado"))
    latest = serializers.BooleanField(help_text=gettext_lazy("Si es la versión más reciente de su instrumento"))


class InstrumentOptionSerializer(StrictSerializer):
    id = serializers.CharField()
    label = serializers.CharField()
    score = serializers.FloatField(allow_null=True, help_text=gettext_lazy("Puntaje 0–100 de la opción"))
    exclusive = serializers.BooleanField(help_text=gettext_lazy("No se combina con otras opciones"))


# `in` is a Python keyword, so this serializer is built with type() instead of a class body.
InstrumentConditionSerializer = type(
    "InstrumentConditionSerializer",
    (serializers.Serializer,),
    {
        "question": serializers.CharField(help_text=gettext_lazy("Pregunta de la que depende")),
        "equals": serializers.JSONField(allow_null=True, help_text=gettext_lazy("Valor que la muestra")),
        "in": serializers.ListField(
            source="in_",
            child=serializers.JSONField(),
            allow_null=True,
            help_text=gettext_lazy("Valores que la muestran"),
        ),
        "answered": serializers.BooleanField(allow_null=True, help_text=gettext_lazy("Se muestra si fue respondida")),
    },
)


class NumberBandSerializer(StrictSerializer):
    upto = serializers.FloatField(allow_null=True, help_text=gettext_lazy("Hasta este valor (null: el resto)"))
    score = serializers.FloatField()


class NumberSpecSerializer(StrictSerializer):
    min = serializers.FloatField(allow_null=True)
    max = serializers.FloatField(allow_null=True)
    unit = serializers.CharField()
    integer = serializers.BooleanField()
    scoring = NumberBandSerializer(many=True)


class ScaleSpecSerializer(StrictSerializer):
    min = serializers.IntegerField()
    max = serializers.IntegerField()
    min_label = serializers.CharField()
    max_label = serializers.CharField()


class InstrumentQuestionSerializer(StrictSerializer):
    id = serializers.CharField()
    type = serializers.CharField(help_text=gettext_lazy("single, multiple, scale, number, yesno o text"))
    text = serializers.CharField()
    help = serializers.CharField()
    required = serializers.BooleanField()
    weight = serializers.FloatField()
    options = InstrumentOptionSerializer(many=True)
    show_if = InstrumentConditionSerializer(allow_null=True)
    number = serializers.SerializerMethodField()
    scale = serializers.SerializerMethodField()
    invert = serializers.BooleanField(help_text=gettext_lazy("Sí/no: «no» es la buena respuesta"))
    max_length = serializers.IntegerField(help_text=gettext_lazy("Largo máximo de una respuesta de texto"))

    @extend_schema_field(NumberSpecSerializer(allow_null=True))
    def get_number(self, q: Any) -> dict[str, Any] | None:
        if q.type != "number":
            return None
        return {
            "min": q.number_min,
            "max": q.number_max,
            "unit": q.number_unit,
            "integer": q.number_integer,
            "scoring": [{"upto": upto, "score": score} for upto, score in q.number_scoring],
        }

    @extend_schema_field(ScaleSpecSerializer(allow_null=True))
    def get_scale(self, q: Any) -> dict[str, Any] | None:
        if q.type != "scale":
            return None
        return {"min": 1, "max": 5, "min_label": q.scale_min_label, "max_label": q.scale_max_label}


class InstrumentDimensionSerializer(StrictSerializer):
    id = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    description = serializers.CharField()
    weight = serializers.FloatField()
    questions = InstrumentQuestionSerializer(many=True)


class InstrumentFrameworkSerializer(StrictSerializer):
    name = serializers.CharField()
    url = serializers.CharField(required=False)
    note = serializers.CharField()


class InstrumentRecommendationSerializer(StrictSerializer):
    low = serializers.CharField(required=False)
    mid = serializers.CharField(required=False)
    high = serializers.CharField(required=False)


class InstrumentDetailSerializer(StrictSerializer):
    slug = serializers.CharField()
    version = serializers.IntegerField()
    area = serializers.ChoiceField(choices=Area.choices)
    title = serializers.CharField()
    title_en = serializers.CharField()
    description = serializers.CharField()
    estimated_minutes = serializers.IntegerField(allow_null=True)
    question_count = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    checksum = serializers.CharField()
    frameworks = InstrumentFrameworkSerializer(many=True)
    recommendations = serializers.DictField(
        child=InstrumentRecommendationSerializer(), help_text=gettext_lazy("Próximos pasos por dimensión y nivel")
    )
    dimensions = InstrumentDimensionSerializer(many=True)


def _instrument_detail(version: Any) -> dict[str, Any]:
    instrument = selectors.instrument_of(version)
    data = {
        "slug": version.slug,
        "version": version.version,
        "area": version.area,
        "title": instrument.title,
        "title_en": instrument.title_en,
        "description": instrument.description,
        "estimated_minutes": instrument.estimated_minutes,
        "question_count": version.question_count,
        "published_at": version.published_at,
        "checksum": version.checksum,
        "frameworks": list(instrument.frameworks),
        "recommendations": instrument.recommendations,
        "dimensions": instrument.dimensions,
    }
    return InstrumentDetailSerializer(data).data


class InstrumentListView(APIView):
    """Published questionnaires: every version, the latest of each marked."""

    permission_classes = [allow(can, Action.VIEW_INSTRUMENT)]

    @extend_schema(
        parameters=[OpenApiParameter("area", str, enum=Area.values, description=gettext_lazy("Área temática"))],
        responses={200: InstrumentVersionSerializer(many=True), **error_responses(400, 401)},
        summary=gettext_lazy("Listar instrumentos publicados"),
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        area = query_param(request, "area", 20)
        if area and area not in Area.values:
            raise exceptions.ValidationError(
                {"area": [_("Área desconocida. Valores: %(v)s.") % {"v": ", ".join(Area.values)}]}
            )
        versions = selectors.instrument_version_list(area=area)
        seen: set[str] = set()
        for v in versions:  # ordered by slug, newest version first
            v.latest = v.slug not in seen
            seen.add(v.slug)
        return Response(InstrumentVersionSerializer(versions, many=True).data)


class InstrumentDetailView(APIView):
    """One published version with its whole structure and scoring method (public methodology)."""

    permission_classes = [allow(can, Action.VIEW_INSTRUMENT)]

    @extend_schema(
        responses={200: InstrumentDetailSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Estructura de una versión de instrumento"),
        tags=[TAG],
    )
    def get(self, request: Request, slug: str, version: int) -> Response:
        iv = selectors.instrument_version_get(slug=slug, version=version) if version <= MAX_ID else None
        if iv is None:
            raise exceptions.NotFound(_("No existe esa versión del instrumento."))
        return Response(_instrument_detail(iv))


# --------------------------------------------------------------------------------- campaigns


class InstrumentRefSerializer(StrictSerializer):
    slug = serializers.CharField(max_length=80)
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class InstrumentSummarySerializer(StrictSerializer):
    slug = serializers.CharField()
    version = serializers.IntegerField()
    title = serializers.CharField()


class CampaignSerializer(StrictSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    instrument = InstrumentSummarySerializer(source="instrument_version")
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    is_open = serializers.SerializerMethodField()
    remind_after_days = serializers.IntegerField()
    escalate_admin_after_days = serializers.IntegerField()
    escalate_mayor_after_days = serializers.IntegerField()
    results_public = serializers.BooleanField()
    participant_count = serializers.IntegerField(source="n_participants")
    submitted_count = serializers.IntegerField(source="n_submitted")
    created_at = serializers.DateTimeField()

    def get_is_open(self, campaign: Campaign) -> bool:
        return campaign.opens_at <= timezone.now() <= campaign.closes_at


class CampaignCreateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200)
    instrument = InstrumentRefSerializer(help_text=gettext_lazy("Versión publicada del instrumento"))
    opens_at = AwareDateTimeField(help_text=gettext_lazy("ISO 8601 con zona horaria"))
    closes_at = AwareDateTimeField(help_text=gettext_lazy("ISO 8601 con zona horaria; posterior a la apertura"))
    communes = serializers.ListField(
        child=serializers.CharField(max_length=32),
        min_length=1,
        max_length=400,
        help_text=gettext_lazy("Códigos de las comunas cuyas municipalidades participan"),
    )
    remind_after_days = serializers.IntegerField(min_value=1, max_value=90, default=7)
    escalate_admin_after_days = serializers.IntegerField(min_value=2, max_value=120, default=14)
    escalate_mayor_after_days = serializers.IntegerField(min_value=3, max_value=180, default=21)
    results_public = serializers.BooleanField(default=True)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["closes_at"] <= data["opens_at"]:
            raise serializers.ValidationError({"closes_at": [_("El cierre debe ser posterior a la apertura.")]})
        return data


class CampaignListView(generics.ListAPIView):
    """Campaigns the account may see (see selectors.campaign_list_visible), newest first."""

    serializer_class = CampaignSerializer

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [allow(can, Action.MANAGE_CAMPAIGNS)()]
        return [allow(can, Action.VIEW_CAMPAIGNS)()]

    def get_queryset(self) -> Any:
        return selectors.campaign_list_visible(viewer=self.request.user)

    @extend_schema(
        responses={200: CampaignSerializer, **error_responses(400, 401, 404)},
        summary=gettext_lazy("Listar campañas de diagnóstico"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=CampaignCreateSerializer,
        responses={201: CampaignSerializer, **error_responses(400, 401, 403, 415)},
        summary=gettext_lazy("Lanzar una campaña de diagnóstico"),
        tags=[TAG],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = CampaignCreateSerializer(data=_body(request))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        ref = values["instrument"]
        version = selectors.instrument_version_get(slug=ref["slug"], version=ref["version"])
        if version is None:
            raise exceptions.ValidationError(
                {
                    "instrument": [
                        _("No hay una versión publicada %(slug)s v%(v)s.") % {"slug": ref["slug"], "v": ref["version"]}
                    ]
                }
            )
        codes = list(dict.fromkeys(c.strip() for c in values["communes"]))
        orgs = list(directory_selectors.municipalities(codes=codes))
        missing = [c for c in codes if c not in {o.commune.code for o in orgs}]
        if missing:
            raise exceptions.ValidationError(
                {"communes": [_("No hay municipalidad para estos códigos: %(c)s.") % {"c": ", ".join(missing)}]}
            )
        campaign = services.campaign_create(
            actor=request.user,
            name=values["name"],
            instrument_version=version,
            opens_at=values["opens_at"],
            closes_at=values["closes_at"],
            organizations=orgs,
            remind_after_days=values["remind_after_days"],
            escalate_admin_after_days=values["escalate_admin_after_days"],
            escalate_mayor_after_days=values["escalate_mayor_after_days"],
            results_public=values["results_public"],
        )
        created = selectors.campaign_get_visible(pk=campaign.pk, viewer=request.user)
        return Response(CampaignSerializer(created).data, status=status.HTTP_201_CREATED)


class CampaignDetailView(APIView):
    # Visibility per campaign is selectors.campaign_get_visible's rule.
    permission_classes = [allow(can, Action.VIEW_CAMPAIGNS)]

    @extend_schema(
        responses={200: CampaignSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de una campaña"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(CampaignSerializer(_visible_campaign(request, pk)).data)


def _visible_campaign(request: Request, pk: int) -> Campaign:
    campaign = selectors.campaign_get_visible(pk=pk, viewer=request.user) if pk <= MAX_ID else None
    if campaign is None:
        raise exceptions.NotFound(_("No existe esa campaña."))
    return campaign


# --------------------------------------------------------------------------------- participations


class ParticipantOrganizationSerializer(StrictSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class FocalPointSerializer(StrictSerializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class CampaignRefSerializer(StrictSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ParticipationEngagementSerializer(StrictSerializer):
    status = serializers.CharField(help_text=gettext_lazy("invited, confirmed, in_progress, done o silent"))
    status_label = serializers.CharField(source="get_status_display")
    silent = serializers.SerializerMethodField(help_text=gettext_lazy("Sin actividad más allá del plazo"))
    escalation_level = serializers.IntegerField(
        help_text=gettext_lazy("0 ninguno, 1 punto focal, 2 administrador, 3 alcaldía")
    )
    escalation_label = serializers.CharField(source="get_escalation_level_display")
    last_activity_at = serializers.DateTimeField(allow_null=True)
    inactive_days = serializers.SerializerMethodField()

    def get_silent(self, track: Any) -> bool:
        return bool(track.status == engagement_selectors.TrackStatus.SILENT)

    def get_inactive_days(self, track: Any) -> int:
        return int(track.inactive_days(timezone.now()))


class ParticipationRowSerializer(StrictSerializer):
    id = serializers.IntegerField()
    commune_code = serializers.CharField()
    commune_name = serializers.CharField()
    region_code = serializers.CharField()
    typology = serializers.CharField()
    organization = ParticipantOrganizationSerializer()
    status = serializers.CharField(help_text=gettext_lazy("invited, confirmed, in_progress o submitted"))
    status_label = serializers.CharField(source="get_status_display")
    focal_point = FocalPointSerializer(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    last_activity_at = serializers.DateTimeField(allow_null=True)
    extended_until = serializers.DateTimeField(allow_null=True)
    revision = serializers.IntegerField(help_text=gettext_lazy("Aumenta con cada respuesta guardada"))


class ParticipationTrackedSerializer(ParticipationRowSerializer):
    engagement = serializers.SerializerMethodField()

    @extend_schema_field(ParticipationEngagementSerializer(allow_null=True))
    def get_engagement(self, p: Participation) -> dict[str, Any] | None:
        track = self.context["tracks"].get(p.organization_id)
        return ParticipationEngagementSerializer(track).data if track is not None else None


class ParticipationSerializer(ParticipationRowSerializer):
    campaign = CampaignRefSerializer()
    instrument = InstrumentSummarySerializer(source="campaign.instrument_version")
    window_open = serializers.SerializerMethodField(help_text=gettext_lazy("Si aún se puede responder"))

    def get_window_open(self, p: Participation) -> bool:
        return selectors.window_open(p, timezone.now())


class CampaignParticipationListView(generics.ListAPIView):
    """The hub team sees every municipality of a campaign; an official sees their own row."""

    serializer_class = ParticipationTrackedSerializer
    permission_classes = [allow(can, Action.VIEW_CAMPAIGN_DASHBOARD) | allow(can, Action.VIEW_MY_DIAGNOSES)]

    def get_queryset(self) -> Any:
        campaign = _visible_campaign(self.request, self.kwargs["pk"])
        self.campaign = campaign
        if can(self.request.user, Action.VIEW_CAMPAIGN_DASHBOARD):
            return selectors.participation_list(campaign=campaign)
        return selectors.participation_list_of_organization(
            campaign=campaign, organization_id=organization_id(self.request.user) or 0
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "tracks": getattr(self, "tracks", {})}

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        if not can(self.request.user, Action.VIEW_CAMPAIGN_DASHBOARD):
            # Own rows only, re-checked with the object rule the web pages use.
            rows = [p for p in rows if can(self.request.user, Action.VIEW_PARTICIPATION, p)]
        tracks = engagement_selectors.track_list(
            process=services.PROCESS, subject_key=selectors.subject_key(self.campaign)
        ).filter(organization_id__in=[p.organization_id for p in rows])
        self.tracks = {t.organization_id: t for t in tracks}
        return rows

    @extend_schema(
        responses={200: ParticipationTrackedSerializer, **error_responses(400, 401, 403, 404)},
        summary=gettext_lazy("Participaciones de una campaña con su seguimiento"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


def _participation(request: Request, pk: int, action: Action | None = None) -> Participation:
    """The participation if the account may see it (else 404), and may do `action` (else 403)."""
    p = selectors.participation_get(pk=pk) if pk <= MAX_ID else None
    if p is None or not can(request.user, Action.VIEW_PARTICIPATION, p):
        raise exceptions.NotFound(_("No existe esa participación."))
    if action is not None and not can(request.user, action, p):
        raise exceptions.PermissionDenied(_("No tiene permiso para realizar esta acción."))
    return p


def _refused(exc: DjangoValidationError) -> Response:
    """A service's refusal as the API's error: field messages keep their fields; a message
    about the whole diagnosis (deadline, already submitted) becomes the detail itself."""
    if hasattr(exc, "error_dict"):
        raise exc
    return Response(
        {"detail": " ".join(exc.messages), "errors": {"non_field_errors": exc.messages}},
        status=status.HTTP_400_BAD_REQUEST,
    )


class ParticipationDetailView(APIView):
    permission_classes = [SignedIn]

    @extend_schema(
        responses={200: ParticipationSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de una participación"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(ParticipationSerializer(_participation(request, pk)).data)


class ConfirmSerializer(StrictSerializer):
    focal_point = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        allow_null=True,
        required=False,
        default=None,
        help_text=gettext_lazy("Persona de la municipalidad que será punto focal (null: no cambiarlo)"),
    )


class ParticipationConfirmView(APIView):
    permission_classes = [SignedIn]

    @extend_schema(
        request=ConfirmSerializer,
        responses={200: ParticipationSerializer, **error_responses(400, 401, 403, 404, 415)},
        summary=gettext_lazy("Confirmar la participación y nombrar el punto focal"),
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        p = _participation(request, pk, Action.CONFIRM)
        data = ConfirmSerializer(data=_body(request))
        data.is_valid(raise_exception=True)
        focal = None
        person_id = data.validated_data["focal_point"]
        if person_id is not None:
            focal = directory_selectors.person_get(pk=person_id)
            if focal is None:
                raise exceptions.ValidationError({"focal_point": [_("Persona desconocida.")]})
        try:
            services.participation_confirm(actor=request.user, participation=p, focal_point=focal)
        except DjangoValidationError as exc:
            return _refused(exc)
        return Response(ParticipationSerializer(selectors.participation_get(pk=p.pk)).data)


class ReopenSerializer(StrictSerializer):
    extended_until = AwareDateTimeField(
        allow_null=True,
        required=False,
        default=None,
        help_text=gettext_lazy("Nueva fecha límite para esta municipalidad (ISO 8601 con zona horaria)"),
    )


class ParticipationReopenView(APIView):
    permission_classes = [SignedIn]

    @extend_schema(
        request=ReopenSerializer,
        responses={200: ParticipationSerializer, **error_responses(400, 401, 403, 404, 415)},
        summary=gettext_lazy("Reabrir un diagnóstico enviado o extender su plazo"),
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        p = _participation(request, pk, Action.REOPEN)
        data = ReopenSerializer(data=_body(request))
        data.is_valid(raise_exception=True)
        try:
            services.participation_reopen(
                actor=request.user, participation=p, extended_until=data.validated_data["extended_until"]
            )
        except DjangoValidationError as exc:
            return _refused(exc)
        return Response(ParticipationSerializer(selectors.participation_get(pk=p.pk)).data)


# --------------------------------------------------------------------------------- answers


class AnswerStateSerializer(StrictSerializer):
    value = serializers.JSONField(help_text=gettext_lazy("Opción, lista de opciones, número, sí/no o texto"))
    version = serializers.IntegerField(help_text=gettext_lazy("Envíela al guardar: detecta ediciones simultáneas"))
    etag = serializers.CharField(
        help_text=gettext_lazy('ETag de la respuesta (su versión, p. ej. W/"3"), para trabajo sin conexión')
    )
    updated_by = serializers.CharField(allow_null=True)
    updated_at = serializers.DateTimeField()


class AnswersSerializer(StrictSerializer):
    answers = serializers.DictField(child=AnswerStateSerializer(), help_text=gettext_lazy("Por id de pregunta"))
    revision = serializers.IntegerField(help_text=gettext_lazy("Aumenta con cada respuesta guardada"))


class AnswerWriteSerializer(StrictSerializer):
    value = serializers.JSONField(allow_null=True, help_text=gettext_lazy('null o "" borra la respuesta'))
    version = serializers.IntegerField(
        min_value=0,
        help_text=gettext_lazy(
            "Obligatoria: versión de la respuesta que se editó (0: no había respuesta). Si otra persona guardó "
            "otro valor entretanto: 409 con lo guardado"
        ),
    )


class AnswersWriteSerializer(StrictSerializer):
    answers = serializers.DictField(child=AnswerWriteSerializer(), help_text=gettext_lazy("Por id de pregunta"))


class ConflictAnswerSerializer(StrictSerializer):
    value = serializers.JSONField(allow_null=True, help_text=gettext_lazy("null: la respuesta fue borrada"))
    version = serializers.IntegerField()
    updated_by = serializers.CharField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class ConflictSerializer(StrictSerializer):
    detail = serializers.CharField()
    errors = serializers.DictField()
    conflicts = serializers.DictField(
        child=ConflictAnswerSerializer(), help_text=gettext_lazy("Lo que hay guardado ahora, por id de pregunta")
    )


def _answers_payload(p: Participation) -> dict[str, Any]:
    saved = selectors.answers_of(participation=p)
    answers = {
        qid: {
            "value": a.value,
            "version": a.version,
            "etag": etag(a.version),
            "updated_by": a.updated_by.get_username() if a.updated_by else None,
            "updated_at": a.updated_at,
        }
        for qid, a in sorted(saved.items())
    }
    return AnswersSerializer({"answers": answers, "revision": p.revision}).data


def _value_problem(value: Any, depth: int = 0) -> str | None:
    """Why a JSON value cannot be an answer at all, before the question's own rules look at it:
    the database refuses NUL characters and lone surrogates, and floats overflow on huge ints."""
    if depth > MAX_VALUE_DEPTH:
        return _("Valor demasiado anidado.")
    if isinstance(value, str):
        if "\x00" in value:
            return _("El texto contiene caracteres no permitidos.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _("El texto contiene caracteres no permitidos.")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ABS_NUMBER:
        return _("Número fuera de rango.")
    elif isinstance(value, list):
        return next((m for m in (_value_problem(v, depth + 1) for v in value) if m), None)
    elif isinstance(value, dict):
        return _("Valor inválido: envíe una opción, una lista de opciones, un número, sí/no o un texto.")
    return None


def _parse_answers(body: Any) -> list[services.AnswerInput]:
    """The body {"answers": {qid: {"value": …, "version": n}}} as service inputs; the version is
    required (a missing one would overwrite a colleague's answer unseen).
    Raises ValidationError with messages per question id (or under "answers")."""
    if not isinstance(body, dict) or not isinstance(body.get("answers"), dict):
        raise exceptions.ValidationError(
            {"answers": [_('Envíe un objeto {"answers": {id de pregunta: {"value": …, "version": n}}}.')]}
        )
    raw = body["answers"]
    if not raw:
        raise exceptions.ValidationError({"answers": [_("No hay respuestas que guardar.")]})
    if len(raw) > MAX_ANSWERS:
        raise exceptions.ValidationError({"answers": [_("Máximo %(n)s respuestas por envío.") % {"n": MAX_ANSWERS}]})
    errors: dict[str, list[str]] = {}
    items: list[services.AnswerInput] = []
    for qid, item in raw.items():
        key = qid[:40]
        if _value_problem(qid):
            errors["answers"] = [_("Id de pregunta inválido.")]
            continue
        if not isinstance(item, dict) or "value" not in item:
            errors[key] = [_('Envíe un objeto {"value": …, "version": n}.')]
            continue
        version = item.get("version")
        if version is None:
            errors[key] = [
                _(
                    'Indique "version": la de la respuesta que editó (0 si no había respuesta), como la entregó '
                    "la lectura de las respuestas; así no se sobrescribe la de un colega."
                )
            ]
            continue
        if not isinstance(version, int) or isinstance(version, bool) or not 0 <= version <= 2**31 - 1:
            errors[key] = [_("La versión debe ser un entero mayor o igual que 0.")]
            continue
        problem = _value_problem(item["value"])
        if problem:
            errors[key] = [problem]
            continue
        items.append(services.AnswerInput(question_id=qid, value=item["value"], expected_version=version))
    if errors:
        raise exceptions.ValidationError(errors)
    return items


class AnswersView(APIView):
    """A participation's saved answers; PUT and PATCH save the answers sent (all or nothing)."""

    permission_classes = [SignedIn]

    @extend_schema(
        parameters=[ETAG_HEADER],
        responses={200: AnswersSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Respuestas guardadas de una participación"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        p = _participation(request, pk)
        if not can(request.user, Action.VIEW_ANSWERS, p):
            raise exceptions.NotFound(_("No existe esa participación."))
        # Answers are versioned one by one ("version"/"etag" of each); the header names the
        # participation's revision, which changes whenever any answer does.
        return with_etag(Response(_answers_payload(p)), p.revision)

    def _save(self, request: Request, pk: int) -> Response:
        p = _participation(request, pk, Action.ANSWER)
        items = _parse_answers(_body(request))
        try:
            services.answers_save(actor=request.user, participation=p, answers=items)
        except services.AnswerConflict as exc:
            # The service reports times as UTC strings; shown like every other time of the API.
            current = {
                qid: {**c, "updated_at": parse_datetime(c["updated_at"]) if c.get("updated_at") else None}
                for qid, c in exc.conflicts.items()
            }
            conflicts = ConflictSerializer({"detail": str(exc), "errors": {}, "conflicts": current}).data
            return Response(conflicts, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as exc:
            return _refused(exc)
        p.refresh_from_db(fields=["revision"])
        return Response(_answers_payload(p))

    _write_schema = {
        "request": AnswersWriteSerializer,
        "responses": {
            200: AnswersSerializer,
            409: OpenApiResponse(
                response=ConflictSerializer,
                description=gettext_lazy("Otra persona cambió alguna de estas respuestas; no se guardó nada"),
            ),
            **error_responses(400, 401, 403, 404, 415),
        },
        "tags": [TAG],
    }

    @extend_schema(summary=gettext_lazy("Guardar respuestas (todas o ninguna)"), **_write_schema)
    def put(self, request: Request, pk: int) -> Response:
        return self._save(request, pk)

    @extend_schema(summary=gettext_lazy("Guardar algunas respuestas (todas o ninguna)"), **_write_schema)
    def patch(self, request: Request, pk: int) -> Response:
        return self._save(request, pk)


# --------------------------------------------------------------------------------- results


class DimensionScoreSerializer(StrictSerializer):
    id = serializers.CharField()
    title = serializers.CharField()
    score = serializers.FloatField(allow_null=True)


class PeerDimensionSerializer(StrictSerializer):
    mean = serializers.FloatField(allow_null=True)
    percentile = serializers.FloatField(allow_null=True)
    gap = serializers.FloatField(allow_null=True, help_text=gettext_lazy("Puntaje propio menos el promedio"))


class PeerGroupSerializer(StrictSerializer):
    group = serializers.CharField(help_text=gettext_lazy("typology, region o nation"))
    key = serializers.CharField()
    size = serializers.IntegerField()
    shown = serializers.BooleanField(help_text=gettext_lazy("Grupos de menos de 3 municipios no se muestran"))
    overall_mean = serializers.FloatField(allow_null=True)
    overall_percentile = serializers.FloatField(allow_null=True)
    dimensions = serializers.DictField(child=PeerDimensionSerializer())


class ResultCommuneSerializer(StrictSerializer):
    code = serializers.CharField(source="commune_code")
    name = serializers.CharField(source="commune_name")


class ResultSerializer(StrictSerializer):
    instrument = InstrumentSummarySerializer(source="instrument_version")
    campaign = CampaignRefSerializer()
    commune = ResultCommuneSerializer(source="*")
    overall = serializers.FloatField(allow_null=True)
    level = serializers.IntegerField(allow_null=True)
    level_label = serializers.SerializerMethodField()
    dimensions = serializers.SerializerMethodField()
    computed_at = serializers.DateTimeField()
    peers = serializers.SerializerMethodField()

    def get_level_label(self, r: Result) -> str | None:
        label = LEVEL_LABELS.get(r.level) if r.level is not None else None
        return str(label) if label is not None else None

    @extend_schema_field(DimensionScoreSerializer(many=True))
    def get_dimensions(self, r: Result) -> list[dict[str, Any]]:
        instrument = selectors.instrument_of(r.instrument_version)
        scores = r.dimensions or {}
        return [{"id": d.id, "title": d.title, "score": scores.get(d.id)} for d in instrument.dimensions]

    @extend_schema_field(PeerGroupSerializer(many=True))
    def get_peers(self, r: Result) -> list[dict[str, Any]]:
        groups = selectors.peer_comparison(result=r)
        return PeerGroupSerializer(groups, many=True).data


class ParticipationResultView(APIView):
    # Published scores are open data: anyone may ask; the rule per participation is VIEW_RESULT.
    permission_classes = [allow(can, Action.VIEW_RESULT)]

    @extend_schema(
        responses={200: ResultSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Resultado de una participación, con sus pares"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        p = selectors.participation_get(pk=pk) if pk <= MAX_ID else None
        if p is None or not can(request.user, Action.VIEW_RESULT, p):
            raise exceptions.NotFound(_("No existe esa participación."))
        result = selectors.result_of(participation=p)
        if result is None:
            raise exceptions.NotFound(_("Esta participación aún no tiene resultados: no se ha enviado."))
        _attach(result, p)
        return Response(ResultSerializer(result).data)


def _attach(result: Result, p: Participation) -> None:
    # The participation already carries its campaign and version: reuse them, no extra queries.
    if result.campaign_id == p.campaign_id:
        result.campaign = p.campaign
        if result.instrument_version_id == p.campaign.instrument_version_id:
            result.instrument_version = p.campaign.instrument_version


class ParticipationSubmitView(APIView):
    permission_classes = [SignedIn]

    @extend_schema(
        request=None,
        responses={200: ResultSerializer, **error_responses(400, 401, 403, 404)},
        summary=gettext_lazy("Enviar el diagnóstico y calcular sus puntajes"),
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        p = _participation(request, pk, Action.SUBMIT)
        try:
            result = services.participation_submit(actor=request.user, participation=p)
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict"):
                missing = sorted(exc.message_dict)
                return Response(
                    {
                        "detail": _("Faltan %(n)s preguntas obligatorias: %(ids)s.")
                        % {"n": len(missing), "ids": ", ".join(missing)},
                        "errors": exc.message_dict,
                    },
                    status=status.HTTP_400_BAD_REQUEST,
                )
            return _refused(exc)
        _attach(result, p)
        return Response(ResultSerializer(result).data)


class CommuneScoresView(APIView):
    """Latest published scores of a commune, one per instrument, with its peers."""

    # Anonymous answers are cached whole, per data generation (core/page_cache.py).
    anonymous_page_namespaces = ("diagnosis", "territory")

    permission_classes = [allow(can, Action.VIEW_RESULT)]

    @extend_schema(
        responses={200: ResultSerializer(many=True), **error_responses(401, 404)},
        summary=gettext_lazy("Puntajes publicados de una comuna"),
        tags=[TAG],
    )
    def get(self, request: Request, code: str) -> Response:
        commune = territory_selectors.commune_get(code=code) if _plain(code, 32) else None
        if commune is None:
            raise exceptions.NotFound(_("Comuna desconocida."))
        results = selectors.latest_public_results_for_commune(commune_code=commune.code)
        return Response(ResultSerializer(results, many=True).data)


class RankingRowSerializer(StrictSerializer):
    position = serializers.IntegerField(help_text=gettext_lazy("Lugar en el ranking filtrado (empates: mismo lugar)"))
    commune_code = serializers.CharField()
    commune_name = serializers.CharField()
    region_code = serializers.CharField()
    typology = serializers.CharField()
    overall = serializers.FloatField()
    level = serializers.IntegerField(allow_null=True)
    level_label = serializers.SerializerMethodField()
    dimensions = serializers.DictField(child=serializers.FloatField(allow_null=True))

    def get_level_label(self, r: selectors.RankedRow) -> str | None:
        label = LEVEL_LABELS.get(r.level) if r.level is not None else None
        return str(label) if label is not None else None


class RankingView(generics.ListAPIView):
    """A campaign's municipalities by overall index, optionally within a region or typology.
    The count and each page (with its places) come from selectors.ranked, cached under the
    campaign's results version."""

    # Anonymous answers are cached whole, per data generation (core/page_cache.py).
    anonymous_page_namespaces = ("diagnosis", "directory", "territory")

    serializer_class = RankingRowSerializer
    permission_classes = [allow(can, Action.VIEW_RESULT)]

    def get_queryset(self) -> Any:
        raw = query_param(self.request, "campaign", 20)
        errors: dict[str, list[str]] = {}
        campaign = None
        if not raw:
            errors["campaign"] = [_("Indique la campaña (?campaign=id).")]
        elif not re.fullmatch(r"[0-9]{1,19}", raw) or not 1 <= int(raw) <= MAX_ID:
            errors["campaign"] = [_("Debe ser un número entero.")]
        else:
            # A published campaign, or the hub team, needs only the campaign's row. The full
            # visibility rule counts the campaign's participants (20,000+ at scale), so it is
            # asked only when refusing, to tell "unknown" from "not published".
            campaign = selectors.campaign_get_plain(pk=int(raw))
            if campaign is None or not (
                campaign.results_public or can(self.request.user, Action.VIEW_CAMPAIGN_DASHBOARD)
            ):
                if campaign is None or selectors.campaign_get_visible(pk=campaign.pk, viewer=self.request.user) is None:
                    errors["campaign"] = [_("Campaña desconocida.")]
                else:
                    errors["campaign"] = [_("Los puntajes de esta campaña no son públicos.")]
        region = query_param(self.request, "region", 2)
        if region and region not in {r.code for r in territory_selectors.region_list()}:
            errors["region"] = [_("Región desconocida: use el código CUT de dos dígitos, p. ej. 13.")]
        typology = query_param(self.request, "typology", 20)
        if typology and typology not in territory_selectors.Typology.values:
            errors["typology"] = [
                _("Tipología desconocida. Valores: %(v)s.") % {"v": ", ".join(territory_selectors.Typology.values)}
            ]
        if errors:
            raise exceptions.ValidationError(errors)
        # A lazy sequence the paginator counts and slices (ties share a place; see RankedResults),
        # cached under the results version read with the campaign just above.
        return selectors.ranked(
            campaign=campaign,  # type: ignore[arg-type]
            region=region,
            typology=typology,
            version=campaign.results_version,  # type: ignore[union-attr]
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("campaign", int, required=True, description=gettext_lazy("Id de la campaña")),
            OpenApiParameter("region", str, description=gettext_lazy("Código CUT de la región, p. ej. 13")),
            OpenApiParameter(
                "typology", str, enum=territory_selectors.Typology.values, description=gettext_lazy("Tipología comunal")
            ),
        ],
        responses={200: RankingRowSerializer, **error_responses(400, 401, 404)},
        summary=gettext_lazy("Ranking de municipios de una campaña"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


# --------------------------------------------------------------------------------- helpers


_PLAIN = re.compile(r"^[^\x00-\x1f\x7f]*$")


def _plain(value: str, max_length: int) -> bool:
    """A short identifier without control characters (PostgreSQL refuses NUL in any text)."""
    if len(value) > max_length or not _PLAIN.match(value):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _body(request: Request) -> Any:
    try:
        return request.data
    except RecursionError:
        # Python's JSON decoder gives up on absurdly nested input with RecursionError, which
        # DRF does not treat as a parse error.
        raise exceptions.ParseError() from None
