"""Technical assistance: a municipality's request, the engagement the hub scopes from it (team,
plan of deliverables, hours, fee), each deliverable's submitted versions and their review, and
the municipality's satisfaction rating at the close."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hublocal.core.areas import Area
from hublocal.core.locking import Versioned


class Urgency(models.TextChoices):
    LOW = "low", _("Baja: puede esperar unos meses")
    MEDIUM = "medium", _("Media: en las próximas semanas")
    HIGH = "high", _("Alta: afecta hoy un servicio a la comunidad")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Recibida, por revisar")
    SCOPING = "scoping", _("Aceptada, en definición")
    DECLINED = "declined", _("No aceptada")
    SCOPED = "scoped", _("Convertida en asistencia")


class AssistanceRequest(Versioned):
    organization = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("título"), max_length=200)
    problem = models.TextField(_("problema"))
    area = models.CharField(_("área"), max_length=20, choices=Area.choices)
    # The diagnosis gap the request comes from (optional): its dimension and the participation
    # whose results showed it, with the score at the time (results can be recomputed later).
    dimension = models.CharField(_("dimensión"), max_length=40, blank=True)
    dimension_title = models.CharField(max_length=200, blank=True)
    participation_id = models.PositiveIntegerField(null=True, blank=True)
    gap_score = models.FloatField(null=True, blank=True)
    urgency = models.CharField(_("urgencia"), max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED)
    decision_reason = models.TextField(_("motivo"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["organization", "status"])]
        verbose_name = _("solicitud de asistencia técnica")
        verbose_name_plural = _("solicitudes de asistencia técnica")

    def __str__(self) -> str:
        return self.title


class EngagementStatus(models.TextChoices):
    AGREED = "agreed", _("Acordada")
    IN_PROGRESS = "in_progress", _("En curso")
    DELIVERED = "delivered", _("Entregada")
    CLOSED = "closed", _("Cerrada")


class Engagement(Versioned):
    request = models.OneToOneField(AssistanceRequest, on_delete=models.PROTECT, related_name="engagement")
    organization = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("título"), max_length=200)
    objective = models.TextField(_("objetivo y alcance"))
    area = models.CharField(_("área"), max_length=20, choices=Area.choices)
    hours = models.PositiveIntegerField(_("horas comprometidas"))
    fee_clp = models.PositiveBigIntegerField(_("arancel (CLP)"), default=0)
    status = models.CharField(max_length=12, choices=EngagementStatus.choices, default=EngagementStatus.AGREED)
    # The library resource drafted from the outputs ("Publicar en la biblioteca"): an id, not a
    # foreign key, because the library is a lower app that knows nothing of assistance.
    library_resource_id = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["organization", "status"])]
        verbose_name = _("asistencia técnica")
        verbose_name_plural = _("asistencias técnicas")

    def __str__(self) -> str:
        return self.title


class TeamRole(models.TextChoices):
    STAFF = "staff", _("Equipo del Hub")
    EXPERT = "expert", _("Experto/a de institución asociada")


class TeamMember(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, choices=TeamRole.choices)

    class Meta:
        ordering = ["engagement_id", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["engagement", "user"], name="assistance_team_once")]


class DeliverableStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    SUBMITTED = "submitted", _("En revisión del municipio")
    RETURNED = "returned", _("Devuelto con comentarios")
    ACCEPTED = "accepted", _("Aceptado")


class Deliverable(Versioned):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="deliverables")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    due_on = models.DateField(_("fecha comprometida"))
    status = models.CharField(max_length=10, choices=DeliverableStatus.choices, default=DeliverableStatus.PENDING)
    current_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["engagement_id", "order", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Aceptado")
    RETURNED = "returned", _("Devuelto con comentarios")


class DeliverableVersion(models.Model):
    """One submission of a deliverable; a returned one is answered with a new version, so the
    history of what was sent and what the municipality said stays readable."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(_("presentación del entregable"))
    file = models.FileField(upload_to="assistance/%Y/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_fmt = models.CharField(max_length=8, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    review_comment = models.TextField(_("comentarios"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deliverable_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["deliverable", "number"], name="assistance_version_once")]


class Rating(models.Model):
    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="rating")
    scores = models.JSONField(default=dict)
    average = models.FloatField()
    comment = models.TextField(_("comentario"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    rated_at = models.DateTimeField()
