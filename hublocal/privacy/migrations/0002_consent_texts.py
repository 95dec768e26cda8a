"""The first published consent texts. Published texts never change: a new wording is a new
version (a new migration, or privacy.services.consent_text_publish)."""

from django.db import migrations
from django.utils import timezone

from hublocal.privacy.consent_texts import TEXTS


def publish(apps, schema_editor):
    ConsentText = apps.get_model("privacy", "ConsentText")
    for text in TEXTS:
        ConsentText.objects.get_or_create(
            purpose=text["purpose"],
            version=text["version"],
            defaults={"title": text["title"], "text": text["text"], "published_at": timezone.now()},
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
