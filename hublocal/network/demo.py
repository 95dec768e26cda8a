"""Demo units and the roadmap for `make run`. The eight stages use the words of AMUCH's 2026
document (seed 002); their statuses and evidence are demo values. Idempotent: existing rows are
left as they are (staff may have edited them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .models import Stage, Unit

UNITS = [
    (
        "observatorio-seguridad",
        "Observatorio de Seguridad",
        "observatory",
        "Producir datos y estudios comparables sobre seguridad municipal para orientar la gestión local.",
        [("dataset", "Indicadores comunales de seguridad", "/territorio/"), ("resource", "Estudios de seguridad municipal", "/biblioteca/")],
    ),
    (
        "observatorio-aps",
        "Observatorio de APS",
        "observatory",
        "Seguir la atención primaria de salud municipal: cobertura, dotación y financiamiento.",
        [("dataset", "Tablero de atención primaria municipal", "/territorio/"), ("resource", "Reportes de APS", "/biblioteca/")],
    ),
    (
        "centro-riesgos",
        "Centro de Riesgos",
        "centre",
        "Apoyar a los municipios en la gestión de riesgos de desastres y la continuidad de sus servicios.",
        [("programme", "Formación en gestión de riesgos", "/formacion/"), ("tool", "Protocolo de continuidad operativa", "")],
    ),
    (
        "centro-innovacion-local",
        "Centro de Innovación Local",
        "centre",
        "Prototipar y escalar soluciones organizacionales y tecnológicas con municipios y startups GovTech.",
        [("tool", "Catálogo de soluciones GovTech", "/soluciones/"), ("programme", "Programa de innovación pública", "/formacion/")],
    ),
]
RELATIONS = [
    ("observatorio-seguridad", "centro-riesgos", "data", "Datos de incidentes para los mapas de riesgo."),
    ("observatorio-aps", "centro-innovacion-local", "joint", "Soluciones digitales para la atención primaria."),
    ("centro-innovacion-local", "observatorio-seguridad", "support", "Tableros y prototipos para el observatorio."),
    ("centro-riesgos", "centro-innovacion-local", "joint", "Pilotos de alerta temprana."),
]

# (title, purpose, components "Título: texto" per line, expected result) from seed 002.
STAGES = [
    (
        "Definición estratégica",
        "Construir el documento fundacional que define qué es el Hub, para qué existe y a qué valor público apunta.",
        "Definición de propósito: El Hub como plataforma de innovación, transferencia de capacidades y articulación institucional al servicio del sistema municipal chileno.\n"
        "Alineamiento con visión institucional: Inserción del Hub en la vocación de AMUCH como think tank y plataforma de liderazgo en la modernización del Estado local.\n"
        "Identificación de problemas estructurales: Seguridad, APS, capital humano, sostenibilidad ambiental, transformación digital.",
        "Documento marco del Hub que define su figura institucional, objetivos, alcance temático-territorial y propuesta de valor.",
    ),
    (
        "Integración del ecosistema existente",
        "Ordenar y consolidar las capacidades que AMUCH ya ha desarrollado, hoy operando de manera fragmentada.",
        "Levantamiento de activos institucionales: Observatorio de Seguridad, de APS, Centro de Riesgos, Centro de Innovación Local y otros centros temáticos vigentes.\n"
        "Definición de gobernanza del ecosistema: Articulación funcional bajo marco común con reglas claras de decisión, priorización y coordinación.\n"
        "Eliminación de duplicidades: Corrección de duplicidades funcionales, vacíos temáticos y oportunidades de sinergia entre unidades existentes.",
        "Arquitectura institucional del Hub formalizada en mapa de unidades integradas, con sus misiones, productos y relaciones.",
    ),
    (
        "Diseño del modelo operativo",
        "Cinco líneas de trabajo que articulan investigación, formación y acción.",
        "Producción de conocimiento: Estudios aplicados, diagnósticos territoriales, reportes sectoriales y análisis comparados.\n"
        "Transferencia mediante formación: Programas estructurados de capacitación, especialización y actualización profesional.\n"
        "Innovación pública municipal: Desarrollo y prototipado de soluciones organizacionales, metodológicas y tecnológicas.\n"
        "Asistencia técnica directa: Acompañamiento profesional sostenido a procesos de transformación municipal.\n"
        "Incidencia en política pública: Articulación de evidencia con procesos legislativos y reglamentarios nacionales.",
        "Modelo operativo del Hub con cinco líneas de trabajo, modelos de servicio diferenciados y cartera de programas evaluable.",
    ),
    (
        "Articulación multiactor",
        "Posicionar al Hub como plataforma nacional, no como iniciativa interna de AMUCH.",
        "Estado central: SUBDERE, ministerios sectoriales, servicios públicos: articulación normativa, financiamiento y agendas.\n"
        "Municipios: Asociados de AMUCH y otros gobiernos locales: usuarios y co-creadores de los servicios del Hub.\n"
        "Academia: Universidades, centros de investigación, postgrados: producción de conocimiento y validación.\n"
        "Sector privado y cooperación internacional: OCDE, BID, GIZ, UE, fundaciones empresariales, consultoras: recursos, tecnología, experiencia comparada.",
        "Red de colaboración activa, formalizada en convenios, mesas técnicas y proyectos colaborativos con actores comprometidos.",
    ),
    (
        "Desarrollo de soluciones y programas",
        "Traducir capacidades y articulaciones en productos concretos que generen valor para los municipios.",
        "Diagnósticos aplicados: A problemas específicos de gestión municipal o territorial, basados en evidencia.\n"
        "Protocolos de gestión municipal: Sistematización de buenas prácticas para hacerlas replicables entre comunas.\n"
        "Modelos replicables: Validados en otros contextos municipales, escalables según tipología comunal.\n"
        "Programas de capacitación: Seguridad municipal, IA aplicada, ciberseguridad, gestión digital y otras áreas prioritarias.\n"
        "Herramientas tecnológicas: Plataformas SaaS, observatorios de datos, tableros de gestión para soporte cotidiano.",
        "Portafolio de soluciones organizado por línea de trabajo y temática prioritaria, con criterios de calidad transversales.",
    ),
    (
        "Implementación piloto",
        "Validar el modelo en terreno con un conjunto acotado de municipios antes de escalar a nivel nacional.",
        "Selección de municipios piloto: Que refleje la heterogeneidad del sistema: metropolitanas, mayores, urbanas medianas, rurales/semiurbanas.\n"
        "Aplicación de programas: En terreno, con protocolos claros, equipos asignados y compromisos formales con municipios participantes.\n"
        "Medición de resultados: Indicadores de proceso y de resultado, diseñados previamente a la implementación.\n"
        "Ajustes metodológicos: Derivados del aprendizaje real, incorporados al diseño de los productos definitivos.",
        "Casos de éxito documentados y aprendizaje institucional sistematizado, base para calibrar el modelo antes del escalamiento.",
    ),
    (
        "Escalamiento nacional",
        "Consolidar al Hub como política institucional permanente de AMUCH y plataforma de referencia nacional.",
        "Replicación en municipios asociados: Con la gradualidad y los apoyos que la diversidad del sistema municipal requiere.\n"
        "Red de municipios usuarios: Intercambio de experiencias y aprendizaje colectivo: la red es en sí misma un activo institucional.\n"
        "Difusión al ecosistema: Parlamentarios, autoridades sectoriales, academia, prensa especializada y sociedad civil.\n"
        "Posicionamiento público: Presencia en debates de política pública, participación internacional, publicaciones y vínculos académicos.",
        "Hub consolidado como plataforma nacional de referencia, con presencia activa en municipios, política pública y debate sectorial.",
    ),
    (
        "Evaluación y mejora continua",
        "Asegurar sostenibilidad e impacto del Hub en el tiempo. La evaluación no cierra el proceso: lo retroalimenta.",
        "Indicador 1 — Cobertura: Número de municipios beneficiados, desagregado por tipología comunal.\n"
        "Indicador 2 — Cartera: Número y diversidad de programas implementados, con metas anuales de crecimiento.\n"
        "Indicador 3 — Impacto: Mejoras en procesos municipales, ahorros, calidad de servicio, reducción de brechas territoriales.\n"
        "Indicador 4 — Articulación: Cantidad y calidad de convenios, proyectos colaborativos y participación en agendas públicas.",
        "Sistema de mejora continua basado en evidencia, con indicadores claros, herramientas robustas y procesos institucionalizados de revisión.",
    ),
]
# Demo statuses (months before today it started, months it lasted or None) and evidence per stage.
DEMO_STATUS = {1: ("done", 18, 4), 2: ("done", 14, 5), 3: ("in_progress", 9, None), 4: ("in_progress", 6, None), 5: ("in_progress", 5, None), 6: ("in_progress", 3, None)}
EVIDENCE = {
    1: [("document", "Documento marco del Hub Nacional de Gobierno Local (AMUCH, 2026)", "/acerca/")],
    2: [("page", "Mapa de unidades integradas", "/red/unidades/")],
    3: [("page", "Biblioteca de conocimiento aplicado", "/biblioteca/"), ("page", "Programas de formación", "/formacion/")],
    4: [("page", "Proyectos colaborativos", "/proyectos/")],
    5: [("page", "Catálogo de soluciones", "/soluciones/")],
    6: [("page", "Pilotos en curso", "/pilotos/"), ("indicator", "Municipios con piloto iniciado", "")],
    8: [("indicator", "Indicador 1 — Cobertura: municipios beneficiados por tipología", "")],
}


def seed(write: Callable[[str], None]) -> None:
    staff = get_user_model().objects.filter(username="staff").first()
    if staff is None:
        write("Falta la cuenta demo staff; se omiten las unidades y la hoja de ruta demo.")
        return
    if not Unit.objects.exists():
        units = {}
        for i, (slug, name, kind, mission, products) in enumerate(UNITS):
            units[slug] = services.unit_upsert(
                actor=staff, slug=slug, name=name, kind=kind, mission=mission, order=i, products=products, is_demo=True
            )
        for source, target, kind, description in RELATIONS:
            services.relation_add(actor=staff, source=units[source], target=units[target], kind=kind, description=description)
        write("Unidades demo del Hub creadas.")
    if not Stage.objects.exists():
        today = timezone.localdate()
        for number, (title, purpose, components, result) in enumerate(STAGES, start=1):
            stage = services.stage_upsert(
                actor=staff, number=number, title=title, purpose=purpose, components=components, expected_result=result
            )
            if number in DEMO_STATUS:
                status, ago, months = DEMO_STATUS[number]
                starts = today - timedelta(days=30 * ago)
                ends = starts + timedelta(days=30 * months) if months else None
                services.stage_update(actor=staff, stage=stage, status=status, starts_on=starts, ends_on=ends)
            for kind, ev_title, url in EVIDENCE.get(number, []):
                services.evidence_add(actor=staff, stage=stage, kind=kind, title=ev_title, url=url)
        write("Hoja de ruta demo (ocho etapas) creada.")
