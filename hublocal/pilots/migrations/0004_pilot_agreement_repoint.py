"""Pilot agreements as agreements of kind `pilot`, step 2 of 3: Pilot.agreement now points at
PilotAgreement (same ids as the old rows, copied by 0003)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pilots", "0003_pilotagreement"),
    ]

    operations = [
        migrations.AlterField(
            model_name="pilot",
            name="agreement",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT, related_name="pilot", to="pilots.pilotagreement"
            ),
        ),
    ]
