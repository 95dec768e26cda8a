"""The nine revenue lines of seed 002 ("Las nueve líneas de ingreso del Hub"), as the data
migration first writes them; staff edit the notes afterwards (services.line_update)."""

from __future__ import annotations

from typing import Any

# code, name, client type, modality, commercial (an income needs a public agreement),
# mission-coherence note, subsidiarity note.
LINES: list[tuple[str, str, str, str, bool, str, str]] = [
    (
        "memberships",
        "Membresías y aportes asociativos",
        "Municipios asociados",
        "Anual recurrente",
        False,
        "Financia el trabajo común de los municipios asociados, que son la razón de ser del Hub.",
        "Es un aporte asociativo, no el pago de un servicio que el Estado deba prestar.",
    ),
    (
        "training",
        "Formación y certificación",
        "Funcionarios y autoridades",
        "Matrícula / convenio",
        True,
        "Fortalece capacidades de los equipos municipales, objetivo central del Hub.",
        "Complementa la oferta pública de capacitación; no reemplaza la formación obligatoria del Estado.",
    ),
    (
        "technical_assistance",
        "Asistencia técnica especializada",
        "Municipios, regiones, ministerios",
        "Tarifa por proyecto",
        True,
        "Asiste a los gobiernos locales en soluciones especializadas.",
        "Solo cuando se requiere especialización que el municipio o el Estado no tienen.",
    ),
    (
        "studies",
        "Estudios e inteligencia aplicada",
        "Estado, cooperación, privados",
        "Licitación / suscripción",
        True,
        "Produce conocimiento para la política pública local.",
        "No sustituye los estudios que los órganos del Estado deben encargar por ley.",
    ),
    (
        "saas",
        "Plataformas tecnológicas (SaaS)",
        "Municipios usuarios",
        "Licenciamiento anual",
        True,
        "Pone herramientas digitales al alcance de municipios con menos recursos.",
        "Complementa; el municipio conserva sus datos y puede migrar.",
    ),
    (
        "cooperation",
        "Cooperación internacional",
        "BID, GIZ, UE, fundaciones",
        "Subvención / convenio",
        False,
        "Trae experiencias y recursos internacionales al gobierno local.",
        "Financia proyectos adicionales, no funciones permanentes del Estado.",
    ),
    (
        "sponsorships",
        "Auspicios y patrocinios",
        "Sector privado, fundaciones",
        "Auspicio plurianual",
        True,
        "Solo auspiciadores compatibles con la vocación pública e independencia de AMUCH.",
        "Un auspicio no da derecho a influir en decisiones municipales.",
    ),
    (
        "events",
        "Eventos, congresos y premios",
        "Municipios, privados, academia",
        "Inscripciones / stands",
        True,
        "Reúne al ecosistema de gobierno local para aprender y reconocer buenas prácticas.",
        "Actividades complementarias, abiertas a todos los municipios.",
    ),
    (
        "publications",
        "Publicaciones y contenidos premium",
        "Profesionales, autoridades",
        "Venta / suscripción",
        True,
        "Difunde conocimiento aplicado sobre gestión municipal.",
        "Los contenidos básicos siguen siendo abiertos; lo premium es un complemento.",
    ),
]


def ensure(model: Any) -> None:
    """Create the lines that are missing, never touching existing ones (staff edit them). `model`
    is RevenueLine: the historical one in the data migration, the current one in the demo."""
    from django.utils import timezone

    today = timezone.localdate()
    for order, (code, name, client_type, modality, commercial, mission, subsidiarity) in enumerate(LINES, start=1):
        model.objects.get_or_create(
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
