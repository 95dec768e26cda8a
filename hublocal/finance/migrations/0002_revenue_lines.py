"""The nine revenue lines of seed 002, as data staff edit afterwards (their notes and review
date). Reviewed on the day the migration runs: the notes are the institutional document's."""

from django.db import migrations


def forward(apps, schema_editor):
    from hublocal.finance.lines import ensure

    ensure(apps.get_model("finance", "RevenueLine"))


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
