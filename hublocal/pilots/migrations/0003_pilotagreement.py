"""Pilot agreements become agreements of kind `pilot` (issue 14, item 1), step 1 of 3.

Creates PilotAgreement (the pilot-specific part) and, for each row of the old pilots.Agreement,
an agreements.Agreement holding the common terms, its two parties (the municipality as
principal, the startup as provider, both signed on the old signature date) and the link to the
agreement's pilot. The PilotAgreement keeps the old row's id, so Pilot.agreement_id stays valid
when 0004 repoints the foreign key. Historical models only (apps.get_model)."""

import django.db.models.deletion
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models
from django.utils import timezone


def forwards(apps, schema_editor):
    Old = apps.get_model("pilots", "Agreement")
    PilotAgreement = apps.get_model("pilots", "PilotAgreement")
    Pilot = apps.get_model("pilots", "Pilot")
    Terms = apps.get_model("agreements", "Agreement")
    Party = apps.get_model("agreements", "Party")
    Link = apps.get_model("agreements", "AgreementLink")
    today = timezone.localdate()
    pilots = dict(Pilot.objects.values_list("agreement_id", "pk"))
    for old in Old.objects.order_by("pk").iterator():
        terms = Terms.objects.create(
            kind="pilot",
            title=old.title,
            object=old.scope,
            starts_on=old.starts_on,
            ends_on=old.ends_on,
            # In force until its end date, then expired, like every agreement of the register.
            status="in_force" if old.ends_on >= today else "expired",
            amount=old.value_clp if old.value_clp else None,
            currency="CLP" if old.value_clp else "",
            is_public=True,
            created_by_id=old.created_by_id,
            is_demo=old.is_demo,
        )
        # auto_now_add ignores a value given to create(): keep the original date with an update.
        Terms.objects.filter(pk=terms.pk).update(created_at=old.created_at)
        Party.objects.create(
            agreement=terms, organization_id=old.municipality_id, role="principal",
            signature_status="signed", signed_on=old.signed_on, order=0,
        )
        Party.objects.create(
            agreement=terms, organization_id=old.startup_id, role="provider",
            signature_status="signed", signed_on=old.signed_on, order=1,
        )
        PilotAgreement.objects.create(
            id=old.pk,
            terms=terms,
            challenge_id=old.challenge_id,
            proposal_id=old.proposal_id,
            municipality_id=old.municipality_id,
            startup_id=old.startup_id,
            document=old.document.name,
            document_name=old.document_name,
            created_by_id=old.created_by_id,
            is_demo=old.is_demo,
            row_version=old.row_version,
        )
        PilotAgreement.objects.filter(pk=old.pk).update(created_at=old.created_at)
        if old.pk in pilots:
            Link.objects.create(agreement=terms, kind="pilots.pilot", object_id=pilots[old.pk])
    # Explicit ids leave PostgreSQL's sequence behind: the next agreement must not collide.
    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [PilotAgreement]):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    # Going back: 0005's reverse has already copied the rows back into the old table; the
    # PilotAgreement rows and their terms (with parties and links) go before the table does.
    PilotAgreement = apps.get_model("pilots", "PilotAgreement")
    Terms = apps.get_model("agreements", "Agreement")
    ids = list(PilotAgreement.objects.values_list("terms_id", flat=True))
    PilotAgreement.objects.all().delete()
    Terms.objects.filter(pk__in=ids).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0001_initial"),
        ("directory", "0001_initial"),
        ("innovation", "0001_initial"),
        ("proposals", "0002_initial"),
        ("pilots", "0002_row_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PilotAgreement",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("row_version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "document",
                    models.FileField(blank=True, upload_to="agreements/%Y/", verbose_name="documento firmado"),
                ),
                ("document_name", models.CharField(blank=True, max_length=200)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("is_demo", models.BooleanField(default=False)),
                (
                    "challenge",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pilot_agreements",
                        to="innovation.challenge",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="directory.organization"
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pilot_agreements",
                        to="proposals.proposal",
                    ),
                ),
                (
                    "startup",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="directory.organization"
                    ),
                ),
                (
                    "terms",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pilot_agreement",
                        to="agreements.agreement",
                    ),
                ),
            ],
            options={
                "verbose_name": "convenio de colaboración",
                "verbose_name_plural": "convenios de colaboración",
                "ordering": ["-terms__starts_on", "-id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("proposal", "municipality"), name="pilotagreement_one_per_proposal_municipality"
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
