"""The first published consent texts. Published texts never change: a new wording is a new
version (a new migration, or privacy.services.consent_text_publish)."""

from django.db import migrations
from django.utils import timezone

TEXTS = [
    {
        "purpose": "public_profile",
        "version": 1,
        "title": "Perfil público en el directorio",
        "text": (
            "Acepto que mi nombre, cargo y organización aparezcan en el directorio público de Hub Local, "
            "visible para cualquier persona. Mi correo y mi teléfono siguen reservados: solo los ven el "
            "equipo del Hub, mi organización y quienes trabajan conmigo en un proyecto concreto. Puedo "
            "retirar este consentimiento cuando quiera: desde ese momento mi ficha solo la ven mi "
            "organización y el equipo del Hub."
        ),
    },
    {
        "purpose": "newsletter",
        "version": 1,
        "title": "Noticias del Hub por correo",
        "text": (
            "Acepto recibir por correo noticias del Hub Nacional de Gobierno Local: convocatorias de "
            "innovación abierta, eventos y resultados de diagnósticos, como máximo dos veces al mes. "
            "Puedo retirar este consentimiento cuando quiera."
        ),
    },
]


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
