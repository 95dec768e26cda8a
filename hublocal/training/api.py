"""Training REST API: the public catalogue (programmes, cohorts) and the application, with the
same rules and messages as the pages (services.application_apply)."""

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
from .models import CohortStatus
from .permissions import Action, ProjectAction, can, can_project

TAG = "formacion"


class ModuleSerializer(StrictSerializer):
    order = serializers.IntegerField()
    title = serializers.CharField()
    mode = serializers.CharField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=True)
    assignment_required = serializers.BooleanField()


class TrainingProgrammeSerializer(StrictSerializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    areas = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())
    hours = serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=True)
    coverage = serializers.CharField()
    fee_clp = serializers.IntegerField(allow_null=True)
    modules = ModuleSerializer(many=True, source="modules.all")
    url = serializers.SerializerMethodField()

    def get_url(self, obj: Any) -> str:
        from django.urls import reverse

        return reverse("training:programme_detail", kwargs={"slug": obj.slug})


class CohortSerializer(StrictSerializer):
    id = serializers.IntegerField(source="pk")
    programme = serializers.CharField(source="programme.slug")
    name = serializers.CharField()
    status = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    capacity = serializers.IntegerField()
    seats_taken = serializers.IntegerField(source="seated")
    eligible_countries = serializers.ListField(child=serializers.CharField())
    applications_open_at = serializers.DateTimeField()
    applications_close_at = serializers.DateTimeField()


class ApplicationInputSerializer(StrictSerializer):
    motivation = serializers.CharField(max_length=4000)


class ApplicationSerializer(StrictSerializer):
    id = serializers.IntegerField(source="pk")
    cohort = serializers.IntegerField(source="cohort_id")
    status = serializers.CharField(help_text=gettext_lazy("applied o waitlisted"))
    waitlist_position = serializers.IntegerField(allow_null=True)
    applied_at = serializers.DateTimeField()


PROGRAMME_PARAM = OpenApiParameter("programme", str, description=gettext_lazy("Identificador (slug) del programa"))
STATUS_PARAM = OpenApiParameter("status", str, enum=[s for s in CohortStatus.values if s != "draft"])


class ProgrammeListView(generics.ListAPIView):
    """Published programmes with their modules."""

    permission_classes = [allow(can, Action.VIEW_PROGRAMME)]
    serializer_class = TrainingProgrammeSerializer

    def get_queryset(self) -> Any:
        return selectors.public_programmes().prefetch_related("modules")

    @extend_schema(
        responses={200: TrainingProgrammeSerializer(many=True), **error_responses(400)},
        summary=gettext_lazy("Listar programas de formación"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class CohortListView(generics.ListAPIView):
    """Cohorts of published programmes (not drafts), newest first."""

    permission_classes = [allow(can, Action.VIEW_PROGRAMME)]
    serializer_class = CohortSerializer

    def get_queryset(self) -> Any:
        qs = selectors.public_cohorts()
        programme = query_param(self.request, "programme", 120)
        state = query_param(self.request, "status", 20)
        if state:
            if state not in CohortStatus.values or state == "draft":
                raise exceptions.ValidationError({"status": [_("Estado de cohorte desconocido.")]})
            qs = qs.filter(status=state)
        if programme:
            qs = qs.filter(programme__slug=programme)
        return qs

    @extend_schema(
        parameters=[PROGRAMME_PARAM, STATUS_PARAM],
        responses={200: CohortSerializer(many=True), **error_responses(400)},
        summary=gettext_lazy("Listar cohortes de formación"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class CohortApplicationsView(APIView):
    permission_classes = [allow(can, Action.APPLY)]

    @extend_schema(
        request=ApplicationInputSerializer,
        responses={201: ApplicationSerializer, **error_responses(400, 401, 404, 415)},
        summary=gettext_lazy("Postular a una cohorte"),
        description=gettext_lazy(
            "Las mismas reglas que la página: fuera de plazo, sin elegibilidad o una segunda postulación "
            "responden 400 con el motivo. Sin cupos libres la postulación queda en lista de espera "
            "(201, status=waitlisted)."
        ),
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        cohort = selectors.cohort_get(pk=pk)
        if cohort is None or not can(request.user, Action.VIEW_PROGRAMME, cohort):
            raise Http404
        data = ApplicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.application_apply(
            actor=request.user, cohort=cohort, motivation=data.validated_data["motivation"]
        )
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


# --- Evaluation: the cohort report's figures ----------------------------------------------------


class CohortReportTallySerializer(StrictSerializer):
    code = serializers.CharField()
    label = serializers.CharField()
    n = serializers.IntegerField()


class CohortReportEnrolmentSerializer(StrictSerializer):
    total = serializers.IntegerField()
    seated = serializers.IntegerField()
    by_status = CohortReportTallySerializer(many=True)
    by_country = CohortReportTallySerializer(many=True)
    by_typology = CohortReportTallySerializer(many=True)


class CohortReportSessionSerializer(StrictSerializer):
    label = serializers.CharField()
    starts_at = serializers.CharField()
    present = serializers.IntegerField()
    seated = serializers.IntegerField()
    pct = serializers.FloatField(allow_null=True)


class CohortReportAttendanceSerializer(StrictSerializer):
    sessions = CohortReportSessionSerializer(many=True)
    distribution = CohortReportTallySerializer(many=True)
    mean_pct = serializers.FloatField(allow_null=True)


class CohortReportCompletionSerializer(StrictSerializer):
    seated = serializers.IntegerField()
    completed = serializers.IntegerField()
    not_completed = serializers.IntegerField()
    failures = CohortReportTallySerializer(many=True)
    most_failed = serializers.CharField()


class CohortReportItemSerializer(StrictSerializer):
    id = serializers.CharField()
    text = serializers.CharField()
    n = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    distribution = serializers.ListField(child=serializers.IntegerField(), help_text=gettext_lazy("Respuestas 1 a 5"))


class CohortReportModuleSerializer(StrictSerializer):
    module_id = serializers.IntegerField()
    title = serializers.CharField()
    n = serializers.IntegerField()
    suppressed = serializers.BooleanField(help_text=gettext_lazy("Menos de 3 respuestas: sin detalle (privacidad)."))
    items = CohortReportItemSerializer(many=True)
    comments = serializers.ListField(child=serializers.CharField())


class CohortReportGainSerializer(StrictSerializer):
    id = serializers.CharField()
    text = serializers.CharField()
    pre_n = serializers.IntegerField()
    pre_mean = serializers.FloatField(allow_null=True)
    post_n = serializers.IntegerField()
    post_mean = serializers.FloatField(allow_null=True)
    paired_n = serializers.IntegerField()
    paired_gain = serializers.FloatField(allow_null=True)


class CohortReportLearningSerializer(StrictSerializer):
    pre_n = serializers.IntegerField()
    post_n = serializers.IntegerField()
    paired_n = serializers.IntegerField()
    suppressed = serializers.BooleanField()
    items = CohortReportGainSerializer(many=True)


class CohortReportProjectsSerializer(StrictSerializer):
    rule_project_presented = serializers.BooleanField()
    deliveries = CohortReportTallySerializer(many=True)
    projects = serializers.ListField(child=serializers.DictField())


class CohortReportSerializer(StrictSerializer):
    cohort = serializers.IntegerField()
    min_n = serializers.IntegerField()
    enrolment = CohortReportEnrolmentSerializer()
    attendance = CohortReportAttendanceSerializer()
    completion = CohortReportCompletionSerializer()
    satisfaction = CohortReportModuleSerializer(many=True)
    learning = CohortReportLearningSerializer()
    projects = CohortReportProjectsSerializer()


class CohortReportView(APIView):
    permission_classes = [allow(can, Action.VIEW_EVALUATION, on_object=True)]

    @extend_schema(
        responses={200: CohortReportSerializer, **error_responses(401, 403, 404)},
        summary=gettext_lazy("Informe de evaluación de una cohorte"),
        description=gettext_lazy(
            "Cifras del informe (inscripción, asistencia, aprobación, satisfacción, aprendizaje, entregas). "
            "Solo para el equipo del Hub y los docentes del programa; anónimo: sin nombres, y sin detalle "
            "cuando un grupo tiene menos de 3 respuestas."
        ),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        cohort = selectors.cohort_get(pk=pk)
        if cohort is None:
            raise Http404
        self.check_object_permissions(request, cohort)
        report = selectors.cohort_report(cohort=cohort)
        return Response(CohortReportSerializer({"cohort": cohort.pk, **report.as_dict()}).data)


# --------------------------------------------------------------------------- Group projects


class ProjectMemberSerializer(StrictSerializer):
    name = serializers.CharField(source="application.full_name")
    country = serializers.CharField(source="application.country_code")


class GroupProjectSerializer(StrictSerializer):
    id = serializers.IntegerField(source="pk")
    cohort = serializers.IntegerField(source="group.cohort_id")
    group = serializers.CharField(source="group.name")
    title = serializers.CharField()
    stage = serializers.CharField(help_text=gettext_lazy("idea, concept, prototype o tested"))
    members = ProjectMemberSerializer(many=True, source="group.members.all")
    presented_on = serializers.DateField(allow_null=True)
    is_public = serializers.BooleanField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj: Any) -> str:
        from django.urls import reverse

        return reverse("training:project_detail", kwargs={"pk": obj.pk})


class PrototypeVersionSerializer(StrictSerializer):
    number = serializers.IntegerField()
    text = serializers.CharField()
    file_name = serializers.CharField()
    submitted_at = serializers.DateTimeField()


class ProjectFeedbackSerializer(StrictSerializer):
    stage = serializers.CharField()
    version = serializers.IntegerField(source="version.number", allow_null=True)
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class GroupProjectDetailSerializer(GroupProjectSerializer):
    problem = serializers.CharField()
    local_context = serializers.CharField()
    concept = serializers.CharField()
    prototype = serializers.CharField()
    test_findings = serializers.CharField()
    versions = PrototypeVersionSerializer(many=True, source="versions.all")
    feedback = ProjectFeedbackSerializer(many=True, source="feedback.all")
    challenge_id = serializers.IntegerField(allow_null=True)
    resource_id = serializers.IntegerField(allow_null=True)


class CohortProjectsView(APIView):
    """The projects of a cohort that the caller may read (the same rule as the page)."""

    permission_classes = [allow(can_project, ProjectAction.VIEW_PROJECTS, on_object=True)]

    @extend_schema(
        responses={200: GroupProjectSerializer(many=True), **error_responses(404)},
        summary=gettext_lazy("Listar los proyectos grupales de una cohorte"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        cohort = selectors.cohort_get(pk=pk)
        if cohort is None or not can(request.user, Action.VIEW_PROGRAMME, cohort):
            raise Http404
        projects = selectors.cohort_projects(cohort=cohort, viewer=request.user)
        return Response(GroupProjectSerializer(projects, many=True).data)


class ProjectDetailView(APIView):
    """One group project with its prototype versions and mentor feedback."""

    permission_classes = [allow(can_project, ProjectAction.VIEW_PROJECT, on_object=True)]

    @extend_schema(
        responses={200: GroupProjectDetailSerializer, **error_responses(404)},
        summary=gettext_lazy("Ver un proyecto grupal"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        project = selectors.project_get(pk=pk)
        if project is None or not can_project(request.user, ProjectAction.VIEW_PROJECT, project):
            raise Http404  # not readable: its existence is private, as on the page
        return Response(GroupProjectDetailSerializer(project).data)
