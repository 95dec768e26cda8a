"""Hub events (issue 14 item 9): congresses, demo days, workshops and award ceremonies with
registration (capacity, waitlist, fees per participant type), demo-day pitches of startups'
solutions, and awards with categories, nominations, a jury scoring against a versioned rubric
and published winners. Fees are recorded per registration so the finance work can count them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hublocal.core.locking import Versioned


class EventKind(models.TextChoices):
    CONGRESS = "congress", _("Congreso")
    DEMO_DAY = "demo_day", _("Demo day")
    WORKSHOP = "workshop", _("Taller / webinar")
    AWARD_CEREMONY = "award_ceremony", _("Ceremonia de premiación")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    PUBLISHED = "published", _("Publicado")
    CLOSED = "closed", _("Inscripciones cerradas")
    HELD = "held", _("Realizado")
    CANCELLED = "cancelled", _("Cancelado")


class ParticipantType(models.TextChoices):
    MUNICIPAL = "municipal", _("Funcionario/a municipal")
    STARTUP = "startup", _("Startup")
    PARTNER = "partner", _("Institución aliada")
    PUBLIC = "public", _("Público general")


class Event(Versioned):
    kind = models.CharField(_("tipo"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(_("descripción"), blank=True)  # markdown, sanitised on display
    starts_at = models.DateTimeField(_("inicio"))
    ends_at = models.DateTimeField(_("término"))
    timezone = models.CharField(_("zona horaria"), max_length=60, default="America/Santiago")
    place = models.CharField(_("lugar"), max_length=200, blank=True)
    # Shown only to people with a seat (see permissions.VIEW_LINK).
    online_url = models.URLField(_("enlace de conexión"), max_length=300, blank=True)
    organisers = models.ManyToManyField("directory.Organization", blank=True, related_name="+")
    capacity = models.PositiveIntegerField(_("cupos"))
    registration_opens_at = models.DateTimeField(_("apertura de inscripciones"))
    registration_closes_at = models.DateTimeField(_("cierre de inscripciones"))
    # Fees in CLP per participant type (0: free).
    fee_municipal = models.PositiveIntegerField(_("valor funcionario/a municipal (CLP)"), default=0)
    fee_startup = models.PositiveIntegerField(_("valor startup (CLP)"), default=0)
    fee_partner = models.PositiveIntegerField(_("valor institución aliada (CLP)"), default=0)
    fee_public = models.PositiveIntegerField(_("valor público general (CLP)"), default=0)
    status = models.CharField(_("estado"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"]), models.Index(fields=["kind"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="events_dates"),
            models.CheckConstraint(
                condition=models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="events_registration_window",
            ),
        ]
        verbose_name = _("evento")
        verbose_name_plural = _("eventos")

    def __str__(self) -> str:
        return self.title

    def fee_for(self, participant_type: str) -> int:
        return int(getattr(self, f"fee_{participant_type}", self.fee_public))


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Inscrita")
    WAITLISTED = "waitlisted", _("En lista de espera")
    CANCELLED = "cancelled", _("Cancelada")


class PaymentStatus(models.TextChoices):
    NOT_DUE = "not_due", _("Sin costo")
    PENDING = "pending", _("Pago pendiente")
    PAID = "paid", _("Pagado")
    WAIVED = "waived", _("Exento")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    full_name = models.CharField(_("nombre"), max_length=200)
    email = models.EmailField(_("correo"), blank=True)
    organization = models.ForeignKey(
        "directory.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    participant_type = models.CharField(_("tipo de participante"), max_length=20, choices=ParticipantType.choices)
    fee = models.PositiveIntegerField(_("valor (CLP)"), default=0)
    payment_status = models.CharField(
        _("pago"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.NOT_DUE
    )
    status = models.CharField(_("estado"), max_length=20, choices=RegistrationStatus.choices)
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    registered_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("asistió"), null=True, blank=True)

    class Meta:
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_one_registration_per_person"),
        ]
        indexes = [models.Index(fields=["event", "status"])]
        verbose_name = _("inscripción")
        verbose_name_plural = _("inscripciones")

    def __str__(self) -> str:
        return f"{self.full_name} · {self.event_id}"


class PitchStatus(models.TextChoices):
    APPLIED = "applied", _("Postulado")
    SELECTED = "selected", _("Seleccionado")
    REJECTED = "rejected", _("No seleccionado")
    WITHDRAWN = "withdrawn", _("Retirado")


class Pitch(Versioned):
    """A startup's application to present one of its solutions at a demo day."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="pitches")
    organization = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    solution_id = models.PositiveIntegerField()  # solutions.Solution, read through its selectors
    solution_name = models.CharField(max_length=200)
    summary = models.TextField(_("resumen del pitch"))
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("estado"), max_length=20, choices=PitchStatus.choices, default=PitchStatus.APPLIED)
    agenda_order = models.PositiveIntegerField(_("orden en la agenda"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agenda_order", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "solution_id"], name="events_one_pitch_per_solution"),
        ]
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")

    def __str__(self) -> str:
        return self.solution_name


class PitchInterest(models.Model):
    """A municipality attending the demo day marks interest in a selected pitch."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="interests")
    organization = models.ForeignKey("directory.Organization", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pitch", "organization"], name="events_one_interest_per_municipality"),
        ]


class AwardStatus(models.TextChoices):
    NOMINATING = "nominating", _("Recibiendo postulaciones")
    JUDGING = "judging", _("En evaluación del jurado")
    PUBLISHED = "published", _("Ganadores publicados")


class AwardEdition(Versioned):
    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    year = models.PositiveIntegerField(_("año"))
    description = models.TextField(_("descripción"), blank=True)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="awards", verbose_name=_("ceremonia")
    )
    rubric_slug = models.SlugField(_("rúbrica"), max_length=80)
    rubric_version = models.PositiveIntegerField(_("versión de la rúbrica"))
    status = models.CharField(_("estado"), max_length=20, choices=AwardStatus.choices, default=AwardStatus.NOMINATING)
    published_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("edición de premio")
        verbose_name_plural = _("ediciones de premio")

    def __str__(self) -> str:
        return self.title


class AwardCategory(models.Model):
    edition = models.ForeignKey(AwardEdition, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("nombre"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="events_category_name")]

    def __str__(self) -> str:
        return self.name


class Nomination(models.Model):
    category = models.ForeignKey(AwardCategory, on_delete=models.CASCADE, related_name="nominations")
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipio nominado")
    )
    title = models.CharField(_("innovación"), max_length=200)
    description = models.TextField(_("descripción"))
    evidence_url = models.URLField(_("enlace a evidencia"), max_length=300, blank=True)
    pilot_id = models.PositiveIntegerField(null=True, blank=True)
    resource_id = models.PositiveIntegerField(null=True, blank=True)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    is_winner = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category", "id"]
        verbose_name = _("nominación")
        verbose_name_plural = _("nominaciones")

    def __str__(self) -> str:
        return self.title


class Juror(models.Model):
    edition = models.ForeignKey(AwardEdition, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    full_name = models.CharField(_("nombre"), max_length=200)
    # The juror's organisation when appointed: a nomination of it is a conflict of interest.
    organization = models.ForeignKey(
        "directory.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appointed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name", "id"]
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="events_one_juror_seat")]

    def __str__(self) -> str:
        return self.full_name


class Score(models.Model):
    """One juror's scores of one nomination, per rubric criterion, with the conflict-of-interest
    declaration; a submitted score is final."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores")
    values = models.JSONField(default=dict)  # criterion id -> value on the rubric's scale
    weighted = models.DecimalField(max_digits=6, decimal_places=3)
    no_conflict_declared = models.BooleanField(default=False)
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["nomination", "juror"], name="events_one_score_per_juror")]
