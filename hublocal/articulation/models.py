"""Institutional articulation (issue 14): technical round tables (mesas técnicas) with their
members, meetings and tracked commitments, and the hub's policy-influence records (a bill, a
regulation or a public policy; the position taken, the evidence used, the activities and the
outcome)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hublocal.core.areas import Area
from hublocal.core.locking import Versioned


class TableStatus(models.TextChoices):
    ACTIVE = "active", _("Activa")
    PAUSED = "paused", _("En pausa")
    CLOSED = "closed", _("Cerrada")


class RoundTable(Versioned):
    slug = models.SlugField(_("identificador"), max_length=120, unique=True)
    theme = models.CharField(_("tema"), max_length=200)
    area = models.CharField(_("área prioritaria"), max_length=20, choices=Area.choices)
    description = models.TextField(_("descripción"))
    status = models.CharField(_("estado"), max_length=10, choices=TableStatus.choices, default=TableStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["theme", "id"]
        verbose_name = _("mesa técnica")
        verbose_name_plural = _("mesas técnicas")

    def __str__(self) -> str:
        return self.theme


class MemberRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinación")
    MEMBER = "member", _("Integrante")
    OBSERVER = "observer", _("Observador/a")


class Member(models.Model):
    """An organisation at the table, optionally through one person; from any country of the
    network (ISO 3166 code), which the directory does not record for organisations."""

    table = models.ForeignKey(RoundTable, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("directory.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(_("rol"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    country = models.CharField(_("país"), max_length=2, default="CL")
    joined_on = models.DateField(_("desde"))

    class Meta:
        ordering = ["table_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["table", "organization"], name="articulation_member_once"),
        ]


class MinutesStatus(models.TextChoices):
    NONE = "none", _("Sin acta")
    DRAFT = "draft", _("Acta en borrador")
    APPROVED = "approved", _("Acta aprobada")


class Meeting(Versioned):
    table = models.ForeignKey(RoundTable, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("fecha y hora"))
    # The zone the meeting is held in (members may be abroad): shown beside the hub's own time.
    time_zone = models.CharField(_("zona horaria"), max_length=60, default="America/Santiago")
    place = models.CharField(_("lugar"), max_length=200, blank=True)
    link = models.URLField(_("enlace de conexión"), blank=True)
    agenda = models.TextField(_("tabla (agenda)"))
    minutes = models.TextField(_("acta"), blank=True)
    minutes_status = models.CharField(max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.NONE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["table", "starts_at"])]


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="articulation_attendance_once")]


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("título"), max_length=200)
    # Internal documents are for the table's members only (drafts, working papers).
    internal = models.BooleanField(_("solo para integrantes"), default=False)
    file = models.FileField(upload_to="articulation/%Y/")
    file_name = models.CharField(max_length=200)
    file_fmt = models.CharField(max_length=8)
    file_size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["meeting_id", "id"]


class CommitmentStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    KEPT = "kept", _("Cumplido")
    OVERDUE = "overdue", _("Atrasado")
    DROPPED = "dropped", _("Desistido")


class Commitment(Versioned):
    table = models.ForeignKey(RoundTable, on_delete=models.CASCADE, related_name="commitments")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments")
    what = models.CharField(_("compromiso"), max_length=500)
    owner = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="commitments")
    owner_person = models.ForeignKey(
        "directory.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("fecha comprometida"))
    status = models.CharField(_("estado"), max_length=10, choices=CommitmentStatus.choices, default="pending")
    status_reason = models.CharField(_("motivo"), max_length=500, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"]), models.Index(fields=["table", "status"])]

    def __str__(self) -> str:
        return self.what


class PolicyKind(models.TextChoices):
    BILL = "bill", _("Proyecto de ley")
    REGULATION = "regulation", _("Reglamento o norma")
    POLICY = "policy", _("Política pública")


class PolicyOutcome(models.TextChoices):
    OPEN = "open", _("En curso")
    ADOPTED = "adopted", _("Acogida")
    PARTIAL = "partial", _("Acogida en parte")
    REJECTED = "rejected", _("No acogida")
    WITHDRAWN = "withdrawn", _("Retirada o archivada")


class PolicyItem(Versioned):
    slug = models.SlugField(_("identificador"), max_length=120, unique=True)
    kind = models.CharField(_("tipo"), max_length=12, choices=PolicyKind.choices)
    title = models.CharField(_("título"), max_length=250)
    # Congress's bill identifier ("12345-06": number and committee/subject code).
    boletin = models.CharField(_("boletín"), max_length=12, blank=True)
    area = models.CharField(_("área prioritaria"), max_length=20, choices=Area.choices)
    summary = models.TextField(_("resumen"))
    position = models.TextField(_("posición del Hub"))
    outcome = models.CharField(_("resultado"), max_length=10, choices=PolicyOutcome.choices, default="open")
    outcome_note = models.TextField(_("detalle del resultado"), blank=True)
    published = models.BooleanField(_("publicada"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["published", "area"])]
        verbose_name = _("incidencia en política pública")
        verbose_name_plural = _("incidencia en política pública")

    def __str__(self) -> str:
        return self.title


class EvidenceKind(models.TextChoices):
    RESOURCE = "resource", _("Recurso de la biblioteca")
    DIAGNOSIS = "diagnosis", _("Cifra nacional del diagnóstico")
    PILOT = "pilot", _("Resultado de un piloto")


class Evidence(models.Model):
    """Evidence from the platform behind a position. The title (and, for the diagnosis, the
    national figure) is kept as it was when the hub used it: a later recomputation must not
    change what the position rested on."""

    item = models.ForeignKey(PolicyItem, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    resource = models.ForeignKey("library.Resource", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    pilot = models.ForeignKey("pilots.Pilot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    campaign = models.ForeignKey(
        "diagnosis.Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dimension = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=250)
    figure = models.FloatField(null=True, blank=True)
    n = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["item_id", "id"]


class ActivityKind(models.TextChoices):
    HEARING = "hearing", _("Audiencia en comisión")
    MEETING = "meeting", _("Reunión con autoridades")
    DOCUMENT = "document", _("Documento presentado")


class Activity(models.Model):
    item = models.ForeignKey(PolicyItem, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("tipo"), max_length=10, choices=ActivityKind.choices)
    happened_on = models.DateField(_("fecha"))
    description = models.CharField(_("descripción"), max_length=500)
    link = models.URLField(_("enlace"), blank=True)

    class Meta:
        ordering = ["item_id", "happened_on", "id"]
