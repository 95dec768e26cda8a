"""Startups' proposals to challenges, the committee's evaluation, feedback to every applicant,
and working sessions between a municipality and shortlisted startups."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hublocal.core.locking import Versioned


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Enviada")
    WITHDRAWN = "withdrawn", _("Retirada")
    SHORTLISTED = "shortlisted", _("Preseleccionada")
    NOT_SELECTED = "not_selected", _("No seleccionada")


class Proposal(Versioned):
    """One per startup per challenge (a database constraint, so concurrent submissions cannot
    create two). Visible only to the startup that wrote it, the hub and the committee."""

    challenge = models.ForeignKey("innovation.Challenge", on_delete=models.PROTECT, related_name="proposals")
    organization = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="proposals")
    solution = models.ForeignKey(
        "solutions.Solution", null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    approach = models.TextField(_("enfoque propuesto"))
    price_min = models.PositiveBigIntegerField(_("precio mínimo (CLP)"))
    price_max = models.PositiveBigIntegerField(_("precio máximo (CLP)"))
    timeline_weeks = models.PositiveSmallIntegerField(_("plazo de implementación (semanas)"))
    timeline = models.TextField(_("plan de trabajo"), blank=True)
    status = models.CharField(max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED)
    # Optimistic concurrency: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1)
    # Set (by pilots, through services.proposal_mark_contracted) when an agreement is signed on
    # this proposal: from then on its decision is final. A flag rather than a query because
    # proposals may not look into pilots (the layering runs the other way).
    has_agreement = models.BooleanField(default=False, editable=False)
    feedback = models.TextField(_("retroalimentación"), blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["challenge_id", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "organization"], name="one_proposal_per_startup_per_challenge"
            ),
            models.CheckConstraint(
                condition=models.Q(price_max__gte=models.F("price_min")), name="proposal_price_range"
            ),
        ]
        verbose_name = _("propuesta")
        verbose_name_plural = _("propuestas")

    def __str__(self) -> str:
        return f"{self.organization} → {self.challenge}"


class Attachment(models.Model):
    """A proposal's file. Stored under a random name outside the public media URL space and served
    only through a view that checks the proposal's permission."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="proposals/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal_id", "id"]


class CommitteeMember(models.Model):
    """Who evaluates a call's proposals: hub staff and officials of the call's municipalities."""

    call = models.ForeignKey("innovation.Call", on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="committee_member_unique")]


class Score(models.Model):
    """One evaluator's score of one proposal on one published criterion (0–5)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("innovation.Criterion", on_delete=models.PROTECT, related_name="+")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "criterion", "evaluator"], name="score_unique"),
            models.CheckConstraint(condition=models.Q(score__lte=5), name="score_range"),
        ]


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Agendada")
    HELD = "held", _("Realizada")
    CANCELLED = "cancelled", _("Cancelada")


class WorkingSession(Versioned):
    """A working session between a municipality and shortlisted startups on one challenge."""

    challenge = models.ForeignKey("innovation.Challenge", on_delete=models.PROTECT, related_name="sessions")
    municipality = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("fecha y hora"))
    place = models.CharField(_("lugar o enlace"), max_length=300)
    agenda = models.TextField(_("temario"), blank=True)
    status = models.CharField(max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    minutes = models.TextField(_("acta"), blank=True)
    next_steps = models.TextField(_("próximos pasos acordados"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("sesión de trabajo")
        verbose_name_plural = _("sesiones de trabajo")


class SessionParticipant(models.Model):
    session = models.ForeignKey(WorkingSession, on_delete=models.CASCADE, related_name="participants")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField(_("asistió"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "proposal"], name="session_participant_unique")]
