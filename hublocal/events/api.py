"""Events API: GET /api/v1/hub-events/ (+detail), POST/DELETE /api/v1/hub-events/{id}/registration/ and
GET /api/v1/awards/{id}/results/, with the pages' permissions and services."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hublocal.core.api import allow, error_responses, query_param
from hublocal.core.api_strict import StrictSerializer

from . import selectors, services
from .models import EventKind, RegistrationStatus
from .permissions import Action, can

TAG = "eventos"
MAX_ID = 2**31 - 1
KIND_PARAM = OpenApiParameter("kind", str, enum=EventKind.values, description=gettext_lazy("Tipo de evento"))
WHEN_PARAM = OpenApiParameter(
    "when", str, enum=["upcoming", "past"], description=gettext_lazy("Próximos (por omisión) o pasados")
)
YEAR_PARAM = OpenApiParameter("year", int, description=gettext_lazy("Año de inicio (2000 a 2100)"))


class HubEventOrganiserSerializer(StrictSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class HubEventSerializer(StrictSerializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    kind = serializers.ChoiceField(choices=EventKind.choices)
    title = serializers.CharField()
    status = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    timezone = serializers.CharField()
    place = serializers.CharField()
    capacity = serializers.IntegerField()
    seats_taken = serializers.IntegerField()
    waitlisted = serializers.IntegerField()
    registration_opens_at = serializers.DateTimeField()
    registration_closes_at = serializers.DateTimeField()
    fee_municipal = serializers.IntegerField(help_text=gettext_lazy("CLP"))
    fee_startup = serializers.IntegerField(help_text=gettext_lazy("CLP"))
    fee_partner = serializers.IntegerField(help_text=gettext_lazy("CLP"))
    fee_public = serializers.IntegerField(help_text=gettext_lazy("CLP"))
    organisers = HubEventOrganiserSerializer(many=True, source="organisers.all")


class HubEventDetailSerializer(HubEventSerializer):
    description = serializers.CharField()


class HubEventRegistrationSerializer(StrictSerializer):
    id = serializers.IntegerField()
    event = serializers.IntegerField(source="event_id")
    status = serializers.ChoiceField(choices=RegistrationStatus.choices)
    waitlist_position = serializers.IntegerField(allow_null=True)
    participant_type = serializers.CharField()
    fee = serializers.IntegerField(help_text=gettext_lazy("CLP"))
    payment_status = serializers.CharField()


class AwardResultRowSerializer(StrictSerializer):
    nomination = serializers.IntegerField()
    title = serializers.CharField()
    organization = serializers.CharField()
    mean = serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    scores = serializers.IntegerField()
    winner = serializers.BooleanField()


class AwardResultCategorySerializer(StrictSerializer):
    category = serializers.CharField()
    rows = AwardResultRowSerializer(many=True)


class AwardResultsSerializer(StrictSerializer):
    edition = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    status = serializers.CharField()
    categories = AwardResultCategorySerializer(many=True)


def _year(request: Any) -> int | None:
    raw = query_param(request, "year", 4)
    if not raw:
        return None
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise exceptions.ValidationError({"year": [_("Indique un año entre 2000 y 2100.")]})
    return int(raw)


def _visible_event(request: Any, pk: int) -> Any:
    if not 0 < pk <= MAX_ID:
        raise Http404
    event = selectors.event_get_by_pk(pk=pk)
    if event is None or not can(request.user, Action.VIEW_EVENT, event):
        raise Http404
    return event


class EventListView(generics.ListAPIView):
    """Events the caller may open (drafts only for the hub)."""

    permission_classes = [allow(can, Action.LIST_EVENTS)]
    serializer_class = HubEventSerializer

    def get_queryset(self) -> Any:
        kind = query_param(self.request, "kind", 20)
        if kind and kind not in EventKind.values:
            raise exceptions.ValidationError(
                {"kind": [_("Tipo desconocido. Valores: %(v)s.") % {"v": ", ".join(EventKind.values)}]}
            )
        when = query_param(self.request, "when", 10) or "upcoming"
        if when not in ("upcoming", "past"):
            raise exceptions.ValidationError({"when": [_("Use upcoming o past.")]})
        return selectors.event_list(viewer=self.request.user, when=when, kind=kind, year=_year(self.request))

    @extend_schema(
        parameters=[KIND_PARAM, WHEN_PARAM, YEAR_PARAM],
        responses={200: HubEventSerializer(many=True), **error_responses(400)},
        summary=gettext_lazy("Listar eventos"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class EventDetailView(APIView):
    permission_classes = [allow(can, Action.LIST_EVENTS)]

    @extend_schema(
        responses={200: HubEventDetailSerializer, **error_responses(404)},
        summary=gettext_lazy("Ver un evento"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(HubEventDetailSerializer(_visible_event(request, pk)).data)


class EventRegistrationView(APIView):
    permission_classes = [allow(can, Action.REGISTER)]

    @extend_schema(
        request=None,
        responses={201: HubEventRegistrationSerializer, **error_responses(400, 401, 404)},
        summary=gettext_lazy("Inscribirme en un evento"),
        description=gettext_lazy(
            "Las mismas reglas que la página: fuera de plazo o una segunda inscripción responden 400. Sin cupos "
            "libres la inscripción queda en lista de espera (201, status=waitlisted)."
        ),
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        event = _visible_event(request, pk)
        registration = services.registration_create(actor=request.user, event=event)
        return Response(HubEventRegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: HubEventRegistrationSerializer, **error_responses(400, 401, 404)},
        summary=gettext_lazy("Cancelar mi inscripción"),
        description=gettext_lazy("El cupo liberado pasa a la primera persona de la lista de espera."),
        tags=[TAG],
    )
    def delete(self, request: Request, pk: int) -> Response:
        event = _visible_event(request, pk)
        registration = selectors.registration_of(event=event, user=request.user)
        if registration is None:
            raise Http404
        registration = services.registration_cancel(actor=request.user, registration=registration)
        return Response(HubEventRegistrationSerializer(registration).data)


class AwardResultsView(APIView):
    permission_classes = [allow(can, Action.LIST_AWARDS)]

    @extend_schema(
        responses={200: AwardResultsSerializer, **error_responses(404)},
        summary=gettext_lazy("Resultados de una edición de premio"),
        description=gettext_lazy("Públicos cuando el Hub publica a los ganadores; antes, solo para el Hub (404)."),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        edition = selectors.edition_get_by_pk(pk=pk) if 0 < pk <= MAX_ID else None
        if edition is None or not can(request.user, Action.VIEW_RESULTS, edition):
            raise Http404
        results = selectors.results(edition=edition)
        categories = [
            {
                "category": c.name,
                "rows": [
                    {
                        "nomination": r.nomination.pk,
                        "title": r.nomination.title,
                        "organization": r.nomination.organization.name,
                        "mean": r.mean,
                        "scores": r.n_scores,
                        "winner": r.nomination.is_winner,
                    }
                    for r in results.get(c.pk, [])
                ],
            }
            for c in edition.categories.all()
        ]
        data = {
            "edition": edition.pk,
            "title": edition.title,
            "year": edition.year,
            "status": edition.status,
            "categories": categories,
        }
        return Response(AwardResultsSerializer(data).data)
