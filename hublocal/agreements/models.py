"""One agreements model for the whole platform (convenios): kinds, parties of any organisation
kind with their signatories, obligations per party, milestones, links to the objects that fulfil
them (through core.registry's agreement link kinds), amendments as immutable versions, and fields
withheld from the public register with a legal reason of Ley 20.285 art. 21."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hublocal.core.locking import Versioned


class AgreementKind(models.TextChoices):
    FRAMEWORK = "framework", _("Convenio marco")
    SPECIFIC = "specific", _("Convenio específico de colaboración")
    PILOT = "pilot", _("Convenio de piloto")
    COMMERCIAL = "commercial", _("Contrato comercial")
    FUNDING = "funding", _("Convenio de financiamiento")
    DATA_SHARING = "data_sharing", _("Convenio de intercambio de datos")
    TRAINING = "training", _("Convenio de formación")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    SIGNING = "signing", _("En firma")
    IN_FORCE = "in_force", _("Vigente")
    EXPIRED = "expired", _("Vencido")
    TERMINATED = "terminated", _("Terminado")


class Currency(models.TextChoices):
    CLP = "CLP", _("Peso chileno (CLP)")
    UF = "UF", _("Unidad de fomento (UF)")
    USD = "USD", _("Dólar estadounidense (USD)")
    EUR = "EUR", _("Euro (EUR)")


class Agreement(Versioned):
    kind = models.CharField(_("tipo"), max_length=20, choices=AgreementKind.choices)
    title = models.CharField(_("título"), max_length=200)
    object = models.TextField(_("objeto"))
    starts_on = models.DateField(_("inicio de vigencia"))
    ends_on = models.DateField(_("término de vigencia"))
    status = models.CharField(
        _("estado"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    # An amount always carries its currency and a currency its amount (constraint below).
    amount = models.DecimalField(_("monto"), max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("moneda"), max_length=3, choices=Currency.choices, blank=True)
    # Transparencia activa (Ley 20.285 art. 7): public unless staff decide otherwise.
    is_public = models.BooleanField(_("público"), default=True)
    # The version of the terms in force: 1 at creation, +1 per amendment.
    version = models.PositiveIntegerField(default=1)
    termination_reason = models.TextField(_("motivo del término"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["status"]), models.Index(fields=["ends_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="agreements_dates"),
            models.CheckConstraint(
                condition=(models.Q(amount__isnull=True) & models.Q(currency=""))
                | (models.Q(amount__isnull=False) & ~models.Q(currency="")),
                name="agreements_amount_with_currency",
            ),
        ]
        verbose_name = _("convenio")
        verbose_name_plural = _("convenios")

    def __str__(self) -> str:
        return self.title


class PartyRole(models.TextChoices):
    PRINCIPAL = "principal", _("Mandante")
    EXECUTOR = "executor", _("Ejecutor")
    FUNDER = "funder", _("Financista")
    COUNTERPART = "counterpart", _("Contraparte")
    PROVIDER = "provider", _("Proveedor")


class SignatureStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    SIGNED = "signed", _("Firmado")


class Party(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("rol"), max_length=20, choices=PartyRole.choices)
    signatory_name = models.CharField(_("nombre de quien firma"), max_length=200, blank=True)
    signatory_position = models.CharField(_("cargo de quien firma"), max_length=200, blank=True)
    signature_status = models.CharField(
        _("firma"), max_length=20, choices=SignatureStatus.choices, default=SignatureStatus.PENDING
    )
    signed_on = models.DateField(_("fecha de firma"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["agreement_id", "order", "id"]
        constraints = [
            # A party signs once: the same organisation twice would double its obligations.
            models.UniqueConstraint(fields=["agreement", "organization"], name="agreements_party_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} ({self.role})"


class ObligationStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    DONE = "done", _("Cumplida")
    OVERDUE = "overdue", _("Vencida")


class Obligation(Versioned):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="obligations")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="obligations")
    description = models.TextField(_("obligación"))
    due_on = models.DateField(_("plazo"))
    status = models.CharField(
        _("estado"), max_length=20, choices=ObligationStatus.choices, default=ObligationStatus.PENDING
    )
    evidence = models.TextField(_("evidencia"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]


class Milestone(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("hito"), max_length=200)
    due_on = models.DateField(_("fecha"))
    reached_on = models.DateField(_("cumplido el"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]


class AgreementLink(models.Model):
    """An object of another app that the agreement covers (a pilot, a cohort, an engagement, a
    project), by the kind it registered in core.registry (register_agreement_link_kind): the
    agreements app never imports the apps above it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "object_id"]
        indexes = [models.Index(fields=["kind", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "kind", "object_id"], name="agreements_link_once"),
        ]


class Amendment(models.Model):
    """An immutable version of the terms: what changed (before and after), why, who and when.
    Written once by services.agreement_amend; never updated."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="amendments")
    version = models.PositiveIntegerField()
    changes = models.JSONField()  # {field: [before, after]} as text
    terms = models.JSONField()  # the whole terms after the amendment
    reason = models.TextField(_("motivo"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement_id", "version"]
        constraints = [models.UniqueConstraint(fields=["agreement", "version"], name="agreements_amendment_version")]


class WithheldField(models.TextChoices):
    AMOUNT = "amount", _("Monto")
    OBJECT = "object", _("Objeto")
    SIGNATORIES = "signatories", _("Firmantes")


class WithholdingReason(models.TextChoices):
    # The causales of Ley 20.285 art. 21, as a list: a withheld field always cites one.
    PUBLIC_FUNCTION = "public_function", _("Afecta el debido cumplimiento de las funciones del órgano (art. 21 N° 1)")
    PERSONAL_DATA = "personal_data", _("Datos personales: afecta derechos de las personas (art. 21 N° 2)")
    COMMERCIAL_SECRET = "commercial_secret", _("Secreto comercial o económico (art. 21 N° 2)")
    SECURITY = "security", _("Seguridad de la Nación (art. 21 N° 3)")
    NATIONAL_INTEREST = "national_interest", _("Interés nacional (art. 21 N° 4)")
    LEGAL_SECRET = "legal_secret", _("Secreto declarado por ley de quórum calificado (art. 21 N° 5)")


class Withholding(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="withholdings")
    field = models.CharField(max_length=20, choices=WithheldField.choices)
    reason = models.CharField(max_length=30, choices=WithholdingReason.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement_id", "field"]
        constraints = [models.UniqueConstraint(fields=["agreement", "field"], name="agreements_withhold_once")]


class DocumentKind(models.TextChoices):
    SIGNED = "signed", _("Texto firmado")
    ANNEX = "annex", _("Anexo")
    AMENDMENT = "amendment", _("Texto de una modificación")
    OTHER = "other", _("Otro documento")


class Document(models.Model):
    """A document of the agreement (the signed text, an annex): its content lives in versions,
    each immutable, so an earlier text stays downloadable after a new one is uploaded."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("tipo de documento"), max_length=12, choices=DocumentKind.choices)
    title = models.CharField(_("título"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement_id", "created_at", "id"]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One uploaded file of a document, never changed once written. `is_public_version` marks the
    redacted copy of an agreement with withheld parts (Ley 20.285 art. 21): the public is given
    that one; the parties and the hub get every version."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    is_public_version = models.BooleanField(_("versión pública (tachada)"), default=False)
    note = models.CharField(_("nota"), max_length=300, blank=True)
    file = models.FileField(upload_to="agreements/%Y/")
    file_name = models.CharField(max_length=200)
    file_fmt = models.CharField(max_length=8)
    file_size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="agreements_docversion_once")]
