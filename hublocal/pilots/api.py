"""Pilots REST API: pilots with indicators, versions and measurements, agreements, the
supplier-performance record and the programme funnel.

Thin views over the same services and selectors as the web pages. Pilots and agreements are
public; writes follow permissions.py (measurements: the parties and the hub team; the
pilot's course: the municipality and the hub's administrators). Serializer names carry a
"Pilot" prefix and generic fields are documented strings, not enums, so the OpenAPI
components never clash with another app's."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
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
from hublocal.directory import selectors as directory_selectors
from hublocal.innovation import selectors as innovation_selectors

from . import selectors, services
from .models import PilotStatus
from .permissions import Action, can

TAG = "pilotos"
# Largest primary key the database stores: larger ids are refused, not looked up.
MAX_ID = 2**63 - 1
MAX_OVERRIDES = 100


def _body(request: Request) -> Any:
    try:
        return request.data
    except RecursionError:
        raise exceptions.ParseError() from None


def _refused(exc: DjangoValidationError) -> Response:
    """A service's refusal: field messages keep their fields; a message about the whole pilot
    (its status, the lock) becomes the detail itself."""
    if hasattr(exc, "error_dict"):
        raise exc
    return Response(
        {"detail": " ".join(exc.messages), "errors": {"non_field_errors": exc.messages}},
        status=status.HTTP_400_BAD_REQUEST,
    )


# --------------------------------------------------------------------------------- serializers


class PilotPartySerializer(StrictSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class PilotChallengeRefSerializer(StrictSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    area = serializers.CharField(
        help_text=gettext_lazy("Área prioritaria: seguridad, aps, capital_humano, ambiente o digital")
    )
    call_id = serializers.IntegerField(allow_null=True)


class PilotSummarySerializer(StrictSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField(help_text=gettext_lazy("planned, running, paused, finished o cancelled"))
    status_label = serializers.CharField(source="get_status_display")
    agreement_id = serializers.IntegerField()
    municipality = PilotPartySerializer(source="agreement.municipality")
    commune_code = serializers.SerializerMethodField()
    startup = PilotPartySerializer(source="agreement.startup")
    challenge = PilotChallengeRefSerializer(source="agreement.challenge")
    started_at = serializers.DateTimeField(allow_null=True)
    indicators_locked_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    indicator_count = serializers.IntegerField(source="n_indicators")
    indicators_met = serializers.SerializerMethodField(
        help_text=gettext_lazy("Indicadores cumplidos; null hasta que el piloto finaliza")
    )
    rating_average = serializers.SerializerMethodField(
        help_text=gettext_lazy("Calificación promedio 1–5 del proveedor")
    )

    def get_commune_code(self, pilot: Any) -> str | None:
        commune = pilot.agreement.municipality.commune
        return commune.code if commune else None

    def get_indicators_met(self, pilot: Any) -> int | None:
        return pilot.n_met if pilot.status == PilotStatus.FINISHED else None

    def get_rating_average(self, pilot: Any) -> float | None:
        rating = getattr(pilot, "rating", None)
        return rating.average if rating else None


class PilotIndicatorVersionSerializer(StrictSerializer):
    version = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()
    baseline = serializers.FloatField()
    target = serializers.FloatField()
    direction = serializers.CharField(help_text=gettext_lazy("increase (mayor es mejor) o decrease (menor es mejor)"))
    method = serializers.CharField()
    frequency = serializers.CharField(help_text=gettext_lazy("weekly, monthly, quarterly o end"))
    justification = serializers.CharField(help_text=gettext_lazy("Por qué cambió (vacío en la versión 1)"))
    created_at = serializers.DateTimeField()


class PilotMeasurementSerializer(StrictSerializer):
    id = serializers.IntegerField()
    indicator_id = serializers.IntegerField()
    measured_on = serializers.DateField()
    value = serializers.FloatField()
    note = serializers.CharField()


class PilotIndicatorSerializer(StrictSerializer):
    id = serializers.IntegerField(source="indicator.pk")
    current_version = serializers.IntegerField(source="indicator.current_version")
    met = serializers.BooleanField(source="indicator.met", allow_null=True)
    final_value = serializers.FloatField(source="indicator.final_value", allow_null=True)
    met_overridden = serializers.BooleanField(source="indicator.met_overridden")
    judgement_note = serializers.CharField(source="indicator.judgement_note")
    current = PilotIndicatorVersionSerializer()
    versions = PilotIndicatorVersionSerializer(many=True)
    measurements = PilotMeasurementSerializer(many=True)


class PilotRatingSerializer(StrictSerializer):
    average = serializers.FloatField()
    rubric_version = serializers.IntegerField()
    rated_at = serializers.DateTimeField()
    scores = serializers.DictField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text=gettext_lazy("Por criterio (1–5); solo para municipalidades, el Hub y la startup"),
    )
    comment = serializers.CharField(allow_null=True)


class PilotDetailSerializer(PilotSummarySerializer):
    result_summary = serializers.CharField()
    indicators = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()

    @extend_schema_field(PilotIndicatorSerializer(many=True))
    def get_indicators(self, pilot: Any) -> Any:
        return PilotIndicatorSerializer(self.context["detail"].indicators, many=True).data

    @extend_schema_field(PilotRatingSerializer(allow_null=True))
    def get_rating(self, pilot: Any) -> Any:
        rating = self.context["detail"].rating
        if rating is None:
            return None
        details = self.context["details"]
        return {
            "average": rating.average,
            "rubric_version": rating.rubric_version,
            "rated_at": rating.rated_at,
            "scores": rating.scores if details else None,
            "comment": rating.comment if details else None,
        }


def _pilot_detail(request: Request, pk: int) -> Any:
    detail = selectors.pilot_detail(pk=pk) if pk <= MAX_ID else None
    if detail is None:
        raise exceptions.NotFound(_("No existe ese piloto."))
    return detail


def _detail_response(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    detail = _pilot_detail(request, pk)
    # The summary's counts come from the list selector's annotations.
    summary = selectors.pilot_list().filter(pk=pk).first()
    context = {
        "detail": detail,
        "details": can(request.user, Action.VIEW_SUPPLIER_DETAILS, detail.pilot.agreement.startup),
    }
    return Response(PilotDetailSerializer(summary, context=context).data, status=code)


# --------------------------------------------------------------------------------- pilots

STATUS_PARAM = OpenApiParameter("status", str, enum=PilotStatus.values, description=gettext_lazy("Estado del piloto"))
AREA_PARAM = OpenApiParameter("area", str, enum=Area.values, description=gettext_lazy("Área del desafío"))
REGION_PARAM = OpenApiParameter(
    "region", str, description=gettext_lazy("Código de región de la municipalidad (p. ej. 13)")
)
STARTUP_PARAM = OpenApiParameter("startup", str, description=gettext_lazy("Identificador (slug) de la startup"))


class PilotListView(generics.ListAPIView):
    """Every pilot (all are public), newest first."""

    permission_classes = [allow(can, Action.VIEW_PILOTS)]
    serializer_class = PilotSummarySerializer

    def get_queryset(self) -> Any:
        params = {k: query_param(self.request, k, 100) for k in ("status", "area", "region", "startup")}
        if params["status"] and params["status"] not in PilotStatus.values:
            raise exceptions.ValidationError(
                {"status": [_("Estado desconocido. Valores: %(v)s.") % {"v": ", ".join(PilotStatus.values)}]}
            )
        if params["area"] and params["area"] not in Area.values:
            raise exceptions.ValidationError(
                {"area": [_("Área desconocida. Valores: %(v)s.") % {"v": ", ".join(Area.values)}]}
            )
        return selectors.pilot_list(**params)

    @extend_schema(
        parameters=[STATUS_PARAM, AREA_PARAM, REGION_PARAM, STARTUP_PARAM],
        responses={200: PilotSummarySerializer(many=True), **error_responses(400, 401, 404)},
        summary=gettext_lazy("Listar pilotos"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class PilotDetailView(APIView):
    permission_classes = [allow(can, Action.VIEW_PILOTS)]

    @extend_schema(
        responses={200: PilotDetailSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de un piloto: indicadores, versiones y mediciones"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail_response(request, pk)


class MeasurementInputSerializer(StrictSerializer):
    indicator = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=gettext_lazy("Id del indicador"))
    measured_on = serializers.DateField(help_text=gettext_lazy("AAAA-MM-DD; no futura ni anterior al inicio"))
    value = serializers.FloatField(min_value=-1e12, max_value=1e12)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PilotMeasurementsView(APIView):
    """A pilot's measurements (public) and recording a new one (the parties and the hub team)."""

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [allow(can, Action.RECORD_MEASUREMENT, on_object=True)()]
        return [allow(can, Action.VIEW_PILOTS)()]

    @extend_schema(
        responses={200: PilotMeasurementSerializer(many=True), **error_responses(401, 404)},
        summary=gettext_lazy("Mediciones de un piloto"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        detail = _pilot_detail(request, pk)
        rows = [m for iv in detail.indicators for m in iv.measurements]
        return Response(PilotMeasurementSerializer(rows, many=True).data)

    @extend_schema(
        request=MeasurementInputSerializer,
        responses={201: PilotMeasurementSerializer, **error_responses(400, 401, 403, 404, 415)},
        summary=gettext_lazy("Registrar una medición"),
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        detail = _pilot_detail(request, pk)
        self.check_object_permissions(request, detail.pilot)
        data = MeasurementInputSerializer(data=_body(request))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        indicator = next((iv.indicator for iv in detail.indicators if iv.indicator.pk == values["indicator"]), None)
        if indicator is None:
            raise exceptions.ValidationError({"indicator": [_("Ese indicador no es de este piloto.")]})
        try:
            m = services.measurement_record(
                actor=request.user,
                indicator=indicator,
                measured_on=values["measured_on"],
                value=values["value"],
                note=values["note"],
            )
        except DjangoValidationError as exc:
            return _refused(exc)
        return Response(PilotMeasurementSerializer(m).data, status=status.HTTP_201_CREATED)


class OverrideInputSerializer(StrictSerializer):
    indicator = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    met = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000, help_text=gettext_lazy("Por qué se corrige (≥ 10 caracteres)"))


class TransitionInputSerializer(StrictSerializer):
    action = serializers.ChoiceField(
        choices=["start", "pause", "resume", "cancel", "finish"],
        help_text=gettext_lazy("start, pause, resume, cancel (con reason) o finish (con summary y overrides)"),
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    overrides = OverrideInputSerializer(many=True, required=False, default=list, max_length=MAX_OVERRIDES)


class PilotTransitionView(APIView):
    """Move the pilot along its course: the municipality and the hub's administrators."""

    permission_classes = [allow(can, Action.MANAGE_PILOT, on_object=True)]

    @extend_schema(
        request=TransitionInputSerializer,
        responses={200: PilotDetailSerializer, **error_responses(400, 401, 403, 404, 415)},
        summary=gettext_lazy("Iniciar, pausar, reanudar, cancelar o finalizar un piloto"),
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        detail = _pilot_detail(request, pk)
        pilot = detail.pilot
        self.check_object_permissions(request, pilot)
        data = TransitionInputSerializer(data=_body(request))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        action = values["action"]
        try:
            if action == "start":
                services.pilot_start(actor=request.user, pilot=pilot)
            elif action == "finish":
                overrides = {
                    o["indicator"]: services.Override(met=o["met"], reason=o["reason"]) for o in values["overrides"]
                }
                services.pilot_finish(actor=request.user, pilot=pilot, overrides=overrides, summary=values["summary"])
            else:
                services.pilot_transition(actor=request.user, pilot=pilot, action=action, reason=values["reason"])
        except DjangoValidationError as exc:
            return _refused(exc)
        return _detail_response(request, pk)


# --------------------------------------------------------------------------------- agreements


class PilotAgreementSerializer(StrictSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    scope = serializers.CharField()
    municipality = PilotPartySerializer()
    startup = PilotPartySerializer()
    challenge = PilotChallengeRefSerializer()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    signed_on = serializers.DateField()
    value_clp = serializers.IntegerField()
    pilot_id = serializers.SerializerMethodField()
    document_url = serializers.SerializerMethodField(help_text=gettext_lazy("Descarga del convenio firmado (PDF)"))

    def get_pilot_id(self, agreement: Any) -> int | None:
        pilot = getattr(agreement, "pilot", None)
        return pilot.pk if pilot else None

    def get_document_url(self, agreement: Any) -> str | None:
        if not agreement.document:
            return None
        return reverse("pilots:agreement_document", kwargs={"pk": agreement.pk})


class AgreementListView(generics.ListAPIView):
    """Every collaboration agreement (all are public), newest first."""

    permission_classes = [allow(can, Action.VIEW_AGREEMENT)]
    serializer_class = PilotAgreementSerializer

    def get_queryset(self) -> Any:
        return selectors.agreement_list(startup=query_param(self.request, "startup", 120))

    @extend_schema(
        parameters=[STARTUP_PARAM],
        responses={200: PilotAgreementSerializer(many=True), **error_responses(400, 401, 404)},
        summary=gettext_lazy("Listar convenios de colaboración"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class AgreementDetailView(APIView):
    permission_classes = [allow(can, Action.VIEW_AGREEMENT)]

    @extend_schema(
        responses={200: PilotAgreementSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de un convenio"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        agreement = selectors.agreement_get(pk=pk) if pk <= MAX_ID else None
        if agreement is None:
            raise exceptions.NotFound(_("No existe ese convenio."))
        return Response(PilotAgreementSerializer(agreement).data)


# --------------------------------------------------------------------------------- suppliers


class SupplierIndicatorResultSerializer(StrictSerializer):
    pilot_id = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()
    target = serializers.FloatField()
    final_value = serializers.FloatField(allow_null=True)
    met = serializers.BooleanField(allow_null=True)
    met_overridden = serializers.BooleanField()


class SupplierRatingSerializer(StrictSerializer):
    pilot_id = serializers.IntegerField()
    municipality = serializers.CharField()
    average = serializers.FloatField()
    scores = serializers.DictField(child=serializers.IntegerField())
    comment = serializers.CharField()
    rated_at = serializers.DateTimeField()


class SupplierDetailsSerializer(StrictSerializer):
    criterion_averages = serializers.DictField(child=serializers.FloatField())
    ratings = SupplierRatingSerializer(many=True)
    indicator_results = SupplierIndicatorResultSerializer(many=True)


class SupplierSerializer(StrictSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    pilots_by_status = serializers.DictField(child=serializers.IntegerField())
    pilots_total = serializers.IntegerField()
    indicators_met = serializers.IntegerField()
    indicators_total = serializers.IntegerField()
    rating_average = serializers.FloatField(allow_null=True)
    rating_count = serializers.IntegerField()
    pilots = PilotSummarySerializer(many=True)
    details = SupplierDetailsSerializer(
        allow_null=True, help_text=gettext_lazy("Solo para municipalidades, el equipo del Hub y la propia startup")
    )


class SupplierDetailView(APIView):
    """A startup's supplier-performance record: public summary; details by permission."""

    permission_classes = [allow(can, Action.VIEW_SUPPLIERS)]

    @extend_schema(
        responses={200: SupplierSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Registro de desempeño de un proveedor"),
        tags=[TAG],
    )
    def get(self, request: Request, slug: str) -> Response:
        org = directory_selectors.organization_get(slug=slug[:120])
        if org is None or org.kind != "startup":
            raise exceptions.NotFound(_("No existe esa startup."))
        record = selectors.supplier_record(organization=org)
        s = record.summary
        data: dict[str, Any] = {
            "slug": org.slug,
            "name": org.name,
            "pilots_by_status": s.pilots_by_status,
            "pilots_total": s.pilots_total,
            "indicators_met": s.indicators_met,
            "indicators_total": s.indicators_total,
            "rating_average": s.rating_average,
            "rating_count": s.rating_count,
            "pilots": record.pilots,
            "details": None,
        }
        if can(request.user, Action.VIEW_SUPPLIER_DETAILS, org):
            data["details"] = {
                "criterion_averages": s.criterion_averages,
                "ratings": [
                    {
                        "pilot_id": r.pilot_id,
                        "municipality": r.pilot.agreement.municipality.name,
                        "average": r.average,
                        "scores": r.scores,
                        "comment": r.comment,
                        "rated_at": r.rated_at,
                    }
                    for r in record.ratings
                ],
                "indicator_results": [
                    {
                        "pilot_id": pilot_id,
                        "name": i.current.name if i.current else "",
                        "unit": i.current.unit if i.current else "",
                        "target": i.current.target if i.current else 0.0,
                        "final_value": i.indicator.final_value,
                        "met": i.indicator.met,
                        "met_overridden": i.indicator.met_overridden,
                    }
                    for pilot_id, inds in record.indicators.items()
                    for i in inds
                ],
            }
        return Response(SupplierSerializer(data).data)


# --------------------------------------------------------------------------------- programme


class ProgrammeFunnelSerializer(StrictSerializer):
    challenges = serializers.IntegerField(help_text=gettext_lazy("Desafíos publicados (o en etapas posteriores)"))
    proposals = serializers.IntegerField(
        allow_null=True,
        help_text=gettext_lazy(
            "Propuestas recibidas. Fuera del equipo del Hub: null para una convocatoria aún abierta, y el "
            "total del programa cuenta solo las convocatorias ya cerradas"
        ),
    )
    sessions = serializers.IntegerField(
        allow_null=True,
        help_text=gettext_lazy("Sesiones de trabajo realizadas (null como «proposals», por la misma razón)"),
    )
    agreements = serializers.IntegerField()
    pilots = serializers.IntegerField(help_text=gettext_lazy("Pilotos iniciados"))
    pilots_met = serializers.IntegerField(
        help_text=gettext_lazy("Pilotos finalizados con al menos un indicador cumplido")
    )


class ProgrammeMunicipalitySerializer(StrictSerializer):
    slug = serializers.CharField(source="organization.slug")
    name = serializers.CharField(source="organization.name")
    challenges = serializers.IntegerField()
    proposals = serializers.IntegerField()
    pilots = serializers.IntegerField()
    implemented = serializers.BooleanField(help_text=gettext_lazy("Tiene al menos un piloto implementado"))
    shared = serializers.IntegerField(
        help_text=gettext_lazy("De sus desafíos, cuántos comparte con otros municipios (cada uno lo cuenta)")
    )


class ProgrammeTotalsSerializer(StrictSerializer):
    challenges = serializers.IntegerField(
        help_text=gettext_lazy("Desafíos distintos: un desafío compartido por varios municipios cuenta una vez")
    )
    proposals = serializers.IntegerField(help_text=gettext_lazy("Propuestas distintas (no retiradas)"))
    pilots = serializers.IntegerField(help_text=gettext_lazy("Pilotos iniciados"))
    municipalities = serializers.IntegerField(help_text=gettext_lazy("Municipios de la tabla"))
    implemented = serializers.IntegerField(help_text=gettext_lazy("Municipios con al menos un piloto implementado"))
    shared = serializers.IntegerField(help_text=gettext_lazy("Desafíos compartidos por más de un municipio"))


class ProgrammeSerializer(StrictSerializer):
    call_id = serializers.IntegerField(allow_null=True)
    funnel = ProgrammeFunnelSerializer(
        help_text=gettext_lazy("Cada desafío, propuesta y piloto cuenta una vez, aunque lo compartan varios municipios")
    )
    municipalities = ProgrammeMunicipalitySerializer(
        many=True,
        allow_null=True,
        help_text=gettext_lazy(
            "Solo para el equipo del Hub. Un desafío compartido aparece en cada uno de sus municipios, con sus "
            "propuestas: la suma de las filas puede superar «municipality_totals»"
        ),
    )
    municipality_totals = ProgrammeTotalsSerializer(
        allow_null=True,
        help_text=gettext_lazy(
            "Totales de la tabla por municipio, cada objeto contado una vez (solo el equipo del Hub)"
        ),
    )


class ProgrammeView(APIView):
    """The programme funnel, overall or for one call (?call=<id>)."""

    permission_classes = [allow(can, Action.VIEW_PROGRAMME)]

    @extend_schema(
        parameters=[OpenApiParameter("call", int, description=gettext_lazy("Id de la convocatoria"))],
        responses={200: ProgrammeSerializer, **error_responses(400, 401, 404)},
        summary=gettext_lazy("Embudo del programa"),
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        raw = query_param(request, "call", 20)
        call, call_id = None, None
        if raw:
            # ASCII digits only: str.isdigit() accepts "²", which int() refuses.
            if not re.fullmatch(r"[0-9]{1,19}", raw) or int(raw) > MAX_ID:
                raise exceptions.ValidationError({"call": [_("Debe ser el id numérico de una convocatoria.")]})
            # A draft call does not exist for those who may not see it.
            call = innovation_selectors.call_get_visible(pk=int(raw), viewer=request.user)
            if call is None:
                raise exceptions.NotFound(_("No existe esa convocatoria."))
            call_id = call.pk
        open_figures = can(request.user, Action.VIEW_OPEN_CALL_FIGURES)
        data: dict[str, Any] = {
            "call_id": call_id,
            "funnel": selectors.programme_funnel(call=call, open_figures=open_figures),
            "municipalities": None,
            "municipality_totals": None,
        }
        if can(request.user, Action.VIEW_PROGRAMME_MUNICIPALITIES):
            table = selectors.programme_table(viewer=request.user, call_id=call_id)
            data["municipalities"] = table.rows
            data["municipality_totals"] = table.totals
        return Response(ProgrammeSerializer(data).data)
