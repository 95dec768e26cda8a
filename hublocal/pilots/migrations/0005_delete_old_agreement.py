"""Pilot agreements as agreements of kind `pilot`, step 3 of 3: the old two-party table goes;
its data lives in agreements.Agreement + PilotAgreement since 0003.

Going back recreates the old table and fills it from PilotAgreement and its terms (same ids),
so 0004's reverse can point Pilot.agreement at it again and nothing is lost."""

from django.core.management.color import no_style
from django.db import migrations


def backwards(apps, schema_editor):
    Old = apps.get_model("pilots", "Agreement")
    PilotAgreement = apps.get_model("pilots", "PilotAgreement")
    Party = apps.get_model("agreements", "Party")
    signed = {}
    for agreement_id, signed_on in Party.objects.filter(agreement__pilot_agreement__isnull=False).values_list(
        "agreement_id", "signed_on"
    ):
        if signed_on and (agreement_id not in signed or signed_on > signed[agreement_id]):
            signed[agreement_id] = signed_on
    for pa in PilotAgreement.objects.select_related("terms").order_by("pk").iterator():
        t = pa.terms
        Old.objects.create(
            id=pa.pk,
            challenge_id=pa.challenge_id,
            proposal_id=pa.proposal_id,
            municipality_id=pa.municipality_id,
            startup_id=pa.startup_id,
            title=t.title,
            scope=t.object,
            starts_on=t.starts_on,
            ends_on=t.ends_on,
            value_clp=int(t.amount) if t.amount is not None and t.currency == "CLP" else 0,
            signed_on=signed.get(t.pk, t.starts_on),
            document=pa.document.name,
            document_name=pa.document_name,
            created_by_id=pa.created_by_id,
            is_demo=pa.is_demo,
            row_version=pa.row_version,
        )
        Old.objects.filter(pk=pa.pk).update(created_at=pa.created_at)
    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Old]):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("pilots", "0004_pilot_agreement_repoint"),
    ]

    operations = [
        # Forwards nothing to copy (0003 did); backwards this runs after the table is recreated.
        migrations.RunPython(migrations.RunPython.noop, backwards),
        migrations.DeleteModel(name="Agreement"),
    ]
