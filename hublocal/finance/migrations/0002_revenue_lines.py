"""The nine revenue lines of seed 002, as data staff edit afterwards (their notes and review
date). Reviewed on the day the migration runs: the notes are the institutional document's."""

from django.db import migrations
from django.utils import timezone


def forward(apps, schema_editor):
    from hublocal.finance.lines import LINES

    RevenueLine = apps.get_model("finance", "RevenueLine")
    today = timezone.localdate()
    for order, (code, name, client_type, modality, commercial, mission, subsidiarity) in enumerate(LINES, start=1):
        RevenueLine.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "client_type": client_type,
                "modality": modality,
                "is_commercial": commercial,
                "mission_note": mission,
                "subsidiarity_note": subsidiarity,
                "reviewed_on": today,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
