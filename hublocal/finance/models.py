"""The hub's finances (seed 002, "Cinco principios rectores del modelo financiero" and "Las nueve
líneas de ingreso"): revenue lines with their mission-coherence and subsidiarity notes, income
records converted to CLP at the rate of their date, exchange rates imported from a file,
memberships of municipalities, budgets per line and year, and the alerts already sent when a
line went above 35% (so each is sent once).

Nothing here stores a principle's status: finance.principles computes it from the income."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hublocal.core.locking import Versioned


class Currency(models.TextChoices):
    CLP = "CLP", _("Peso chileno (CLP)")
    UF = "UF", _("Unidad de fomento (UF)")
    USD = "USD", _("Dólar estadounidense (USD)")
    EUR = "EUR", _("Euro (EUR)")


class IncomeKind(models.TextChoices):
    RECURRENT = "recurrent", _("Recurrente")
    ONE_OFF = "one_off", _("Puntual")


class RevenueLine(Versioned):
    code = models.SlugField(_("código"), max_length=40, unique=True)
    name = models.CharField(_("nombre"), max_length=120)
    client_type = models.CharField(_("tipo de cliente"), max_length=200)
    modality = models.CharField(_("modalidad"), max_length=200)
    # Commercial lines sell a service: each of their incomes must rest on a public agreement
    # (principle "Transparencia"). Memberships and grants are not sales.
    is_commercial = models.BooleanField(_("línea comercial"), default=True)
    mission_note = models.TextField(_("coherencia con la misión"), blank=True)
    subsidiarity_note = models.TextField(_("subsidiariedad"), blank=True)
    reviewed_on = models.DateField(_("notas revisadas el"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("línea de ingreso")
        verbose_name_plural = _("líneas de ingreso")

    def __str__(self) -> str:
        return self.name


class ExchangeRate(models.Model):
    currency = models.CharField(_("moneda"), max_length=3, choices=Currency.choices)
    date = models.DateField(_("fecha"))
    value = models.DecimalField(_("valor en CLP"), max_digits=14, decimal_places=4)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="finance_rate_once"),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="finance_rate_positive"),
            models.CheckConstraint(condition=~models.Q(currency="CLP"), name="finance_rate_not_clp"),
        ]
        verbose_name = _("tipo de cambio")
        verbose_name_plural = _("tipos de cambio")

    def __str__(self) -> str:
        return f"{self.currency} {self.date}: {self.value}"


class MembershipFee(Versioned):
    """A municipality's annual membership (line "memberships"). Its status (paid, pending,
    overdue) is computed from the due date and the income linked to it, never stored."""

    organization = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    annual_fee = models.DecimalField(_("cuota anual (CLP)"), max_digits=18, decimal_places=2)
    period_start = models.DateField(_("inicio del periodo"))
    period_end = models.DateField(_("término del periodo"))
    due_on = models.DateField(_("fecha de pago"))
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="finance_membership_dates"
            ),
            models.CheckConstraint(condition=models.Q(annual_fee__gt=0), name="finance_membership_fee"),
            models.UniqueConstraint(fields=["organization", "period_start"], name="finance_membership_once"),
        ]
        verbose_name = _("membresía")
        verbose_name_plural = _("membresías")

    def __str__(self) -> str:
        return f"{self.organization_id} {self.period_start:%Y}"


class Income(Versioned):
    date = models.DateField(_("fecha"))
    amount = models.DecimalField(_("monto"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("moneda"), max_length=3, choices=Currency.choices)
    # The rate used (CLP per unit, 1 for CLP) is kept with the income: a later correction of the
    # rates table must not silently change what was reported.
    rate = models.DecimalField(_("tipo de cambio"), max_digits=14, decimal_places=4)
    amount_clp = models.DecimalField(_("monto en CLP"), max_digits=20, decimal_places=0)
    kind = models.CharField(_("tipo de ingreso"), max_length=10, choices=IncomeKind.choices)
    line = models.ForeignKey(RevenueLine, on_delete=models.PROTECT, related_name="incomes")
    client = models.ForeignKey(
        "directory.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    client_contact_name = models.CharField(_("nombre del contacto"), max_length=200, blank=True)
    client_contact_email = models.EmailField(_("correo del contacto"), blank=True)
    client_contact_phone = models.CharField(_("teléfono del contacto"), max_length=30, blank=True)
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    membership = models.ForeignKey(
        MembershipFee, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    invoice_ref = models.CharField(_("referencia de factura"), max_length=60, blank=True)
    description = models.TextField(_("descripción"), blank=True)
    is_void = models.BooleanField(_("anulado"), default=False)
    void_reason = models.TextField(_("motivo de la anulación"), blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-date", "-id"]
        # The staff list reads the newest first across every income: without its own index
        # PostgreSQL sorts all of them (0.5 s at 200,000) for each page.
        indexes = [
            models.Index(fields=["is_void", "date"]),
            models.Index(fields=["line", "date"]),
            models.Index(fields=["-date", "-id"], name="finance_income_newest"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="finance_income_positive"),
        ]
        verbose_name = _("ingreso")
        verbose_name_plural = _("ingresos")

    def __str__(self) -> str:
        return f"{self.date} {self.amount} {self.currency}"


class Budget(Versioned):
    line = models.ForeignKey(RevenueLine, on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("año"))
    amount_clp = models.DecimalField(_("presupuesto (CLP)"), max_digits=20, decimal_places=0)

    class Meta:
        ordering = ["year", "line__order"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="finance_budget_once"),
            models.CheckConstraint(condition=models.Q(amount_clp__gte=0), name="finance_budget_positive"),
        ]


class BreachAlert(models.Model):
    """A line went above 35% of a period's income and the staff were told. The alert stays open
    while the line is above; when the line falls back to 35% or less (more income in other lines,
    an income voided or moved to another year) it is closed, and a later breach of the same line
    and period opens a new one and tells the staff again. At most one open alert per line and
    period, however many incomes follow."""

    line = models.ForeignKey(RevenueLine, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=20)  # "2026" (fiscal year)
    share = models.DecimalField(max_digits=7, decimal_places=4)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_share = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "period"], condition=models.Q(resolved_at__isnull=True), name="finance_breach_open_once"
            )
        ]

    @property
    def share_percent(self) -> float:
        return float(self.share) * 100

    @property
    def resolved_percent(self) -> float | None:
        return None if self.resolved_share is None else float(self.resolved_share) * 100
