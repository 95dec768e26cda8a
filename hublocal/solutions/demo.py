"""Demo catalogue: startup profiles and about fifty realistic GovTech solutions across the
hub's five priority areas, written as startups describe them (varied words for the same
things, so search and matching have something to do). Every row is created through the
services (terms, audit and catalogue version included) and marked is_demo. Idempotent:
each startup, profile and solution is created only if missing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from hublocal.directory import selectors as directory_selectors
from hublocal.directory import services as directory_services

from . import selectors, services
from .models import Solution

ALL: list[str] = []
METRO = ["metropolitana", "mayor"]
CITY = ["metropolitana", "mayor", "urbana_mediana"]
SMALL = ["urbana_mediana", "rural_semiurbana"]
RURAL = ["rural_semiurbana"]

# New demo startups: (name, RUT with a valid check digit, description, website)
NEW_STARTUPS = [
    (
        "Salud Cercana SpA (demo)",
        "76.845.123-0",
        "Telemedicina y gestión de visitas domiciliarias para la atención primaria en comunas rurales.",
        "https://saludcercana.demo.hublocal.cl",
    ),
    (
        "Vigía Comunal SpA (demo)",
        "77.310.456-5",
        "Analítica de cámaras, botones de pánico y coordinación de patrullaje preventivo municipal.",
        "https://vigiacomunal.demo.hublocal.cl",
    ),
    (
        "Talento Municipal SpA (demo)",
        "76.992.347-0",
        "Gestión de personas para municipios: reclutamiento, desempeño, capacitación y clima laboral.",
        "https://talentomunicipal.demo.hublocal.cl",
    ),
    (
        "Ciudad Circular SpA (demo)",
        "77.450.981-K",
        "Economía circular a escala comunal: compostaje, reciclaje de orgánicos y control de microbasurales.",
        "https://ciudadcircular.demo.hublocal.cl",
    ),
    (
        "GeoComuna SpA (demo)",
        "76.618.254-2",
        "Sistemas de información geográfica para Direcciones de Obras y catastro municipal.",
        "https://geocomuna.demo.hublocal.cl",
    ),
    (
        "Participa Vecinos SpA (demo)",
        "77.089.632-0",
        "Participación ciudadana digital: presupuestos participativos, consultas y juntas de vecinos.",
        "https://participavecinos.demo.hublocal.cl",
    ),
    (
        "Energía Local SpA (demo)",
        "76.523.418-2",
        "Eficiencia energética municipal: telegestión de alumbrado público y energía solar en edificios.",
        "https://energialocal.demo.hublocal.cl",
    ),
    (
        "Aula Pública SpA (demo)",
        "77.201.549-6",
        "Formación en línea para funcionarios municipales: inducción, probidad y competencias digitales.",
        "https://aulapublica.demo.hublocal.cl",
    ),
]

# Profiles, by organisation slug (existing demo startups) or by RUT (the new ones above).
PROFILES: dict[str, dict[str, Any]] = {
    "datamuni-spa": {
        "stage": "scaling",
        "team_size": 18,
        "founded_year": 2019,
        "team": "Valentina Muñoz (CEO, ex SECPLA), Diego Araya (CTO), equipo de 6 desarrolladores y 4 consultores.",
        "references": "Municipalidad de Providencia (Dirección de Rentas), Municipalidad de La Florida (OIRS).",
        "public_sector_experience": "Siete municipios con patentes en línea; convenio marco de ChileCompra desde 2022.",
    },
    "tramite-facil-spa": {
        "stage": "early",
        "team_size": 9,
        "founded_year": 2021,
        "team": "Ignacio Pérez (CEO), Carolina Díaz (producto), cinco ingenieros de software.",
        "references": "Municipalidad de Viña del Mar, Municipalidad de Quilpué.",
        "public_sector_experience": "Digitalización de permisos de circulación y certificados DOM en tres comunas.",
    },
    "cesfam-conecta": {
        "stage": "mvp",
        "team_size": 5,
        "founded_year": 2023,
        "team": "Médica de familia, dos ingenieros y una diseñadora de servicios.",
        "references": "CESFAM Lorenzo Arenas (Concepción).",
        "public_sector_experience": "Piloto de agenda de horas con un Departamento de Salud Municipal.",
    },
    "reciclapp": {
        "stage": "early",
        "team_size": 7,
        "founded_year": 2020,
        "team": "Ingeniería ambiental y logística; equipo en Temuco.",
        "references": "Municipalidad de Padre Las Casas.",
        "public_sector_experience": "Rutas de recolección y puntos limpios en dos municipios de La Araucanía.",
    },
    "barrio-seguro-tech": {
        "stage": "scaling",
        "team_size": 22,
        "founded_year": 2018,
        "team": "Exfuncionarios de seguridad pública municipal, científicos de datos y desarrolladores.",
        "references": "Municipalidad de Maipú, Municipalidad de Puente Alto.",
        "public_sector_experience": "Observatorios comunales de seguridad en cinco municipios metropolitanos.",
    },
    "76.845.123-0": {
        "stage": "early",
        "team_size": 11,
        "founded_year": 2020,
        "team": "Dos médicos, una enfermera de salud rural y un equipo técnico de seis personas.",
        "references": "Departamento de Salud de Curacaví.",
        "public_sector_experience": "Telemedicina en postas rurales de la Región de O'Higgins.",
    },
    "77.310.456-5": {
        "stage": "consolidated",
        "team_size": 40,
        "founded_year": 2015,
        "team": "Ingenieros en videovigilancia y analistas delictuales.",
        "references": "Municipalidad de Las Condes, Municipalidad de Antofagasta.",
        "public_sector_experience": "Centrales de monitoreo municipales en ocho comunas.",
    },
    "76.992.347-0": {
        "stage": "mvp",
        "team_size": 4,
        "founded_year": 2024,
        "team": "Psicóloga organizacional, abogado laboral y dos desarrolladores.",
        "references": "Asociación de funcionarios municipales de Rancagua.",
        "public_sector_experience": "Piloto de evaluación de desempeño con una municipalidad de tamaño medio.",
    },
    "77.450.981-K": {
        "stage": "early",
        "team_size": 8,
        "founded_year": 2021,
        "team": "Ingenieras ambientales y un equipo de terreno.",
        "references": "Municipalidad de La Pintana (programa de compostaje).",
        "public_sector_experience": "Programas de compostaje domiciliario con tres municipios.",
    },
    "76.618.254-2": {
        "stage": "scaling",
        "team_size": 15,
        "founded_year": 2017,
        "team": "Geógrafos, arquitectos y desarrolladores SIG.",
        "references": "Dirección de Obras de Ñuñoa, SECPLA de Temuco.",
        "public_sector_experience": "Catastros y expedientes digitales de edificación en seis comunas.",
    },
    "77.089.632-0": {
        "stage": "mvp",
        "team_size": 6,
        "founded_year": 2022,
        "team": "Cientista político, diseñadora y cuatro desarrolladores.",
        "references": "Fundación Ciudad Abierta.",
        "public_sector_experience": "Presupuesto participativo digital en una comuna de la Región de Valparaíso.",
    },
    "76.523.418-2": {
        "stage": "consolidated",
        "team_size": 30,
        "founded_year": 2014,
        "team": "Ingenieros eléctricos y especialistas en eficiencia energética.",
        "references": "Agencia de Sostenibilidad Energética; municipios de la Región del Biobío.",
        "public_sector_experience": "Recambio y telegestión de luminarias en doce comunas.",
    },
    "77.201.549-6": {
        "stage": "idea",
        "team_size": 3,
        "founded_year": 2025,
        "team": "Dos profesoras y un desarrollador de plataformas de aprendizaje.",
        "references": "",
        "public_sector_experience": "",
    },
}


def _s(
    owner: str,
    name: str,
    summary: str,
    problem: str,
    area: str,
    deployment: str,
    pricing_model: str,
    *,
    description: str = "",
    price_range: str = "",
    typologies: list[str] = ALL,
    pilots_done: int = 0,
    evidence: str = "",
    keywords: str = "",
) -> dict[str, Any]:
    return {
        "owner": owner,
        "name": name,
        "summary": summary,
        "problem": problem,
        "area": area,
        "deployment": deployment,
        "pricing_model": pricing_model,
        "description": description,
        "price_range": price_range,
        "typologies": list(typologies),
        "pilots_done": pilots_done,
        "evidence": evidence,
        "keywords": keywords,
    }


DM, TF, CC, RA, BS = "datamuni-spa", "tramite-facil-spa", "cesfam-conecta", "reciclapp", "barrio-seguro-tech"
SC, VC, TM, CI, GC, PV, EL, AP = (r for _n, r, _d, _w in NEW_STARTUPS)

SOLUTIONS = [
    # --- transformación digital -------------------------------------------------------------
    _s(
        DM,
        "Patentes en Línea",
        "Solicitud, renovación y pago de patentes comerciales sin ir al municipio.",
        "Los contribuyentes hacen filas en la Dirección de Rentas para obtener o renovar su patente "
        "comercial, alcoholes o profesional, y el papeleo retrasa el inicio de actividades de los negocios.",
        "digital",
        "cloud",
        "subscription",
        description="Formulario en línea con validación de RUT, carga de documentos, revisión por la "
        "Dirección de Rentas y Finanzas, pago con tarjeta y emisión del rol de patente. Se integra con "
        "el sistema contable municipal.",
        price_range="25 a 70 UF al mes según tamaño de la comuna",
        typologies=CITY,
        pilots_done=4,
        evidence="En Providencia el tiempo de otorgamiento bajó de 21 a 6 días hábiles y 78% de las "
        "renovaciones se hicieron en línea durante el primer año.",
        keywords="patentes comerciales, rentas, licencias, emprendedores, pago en línea",
    ),
    _s(
        DM,
        "Tablero de Gestión Municipal",
        "Indicadores de gestión en un solo tablero para alcaldía, administración y concejo.",
        "La información de recaudación, atención y obras está dispersa en planillas y los equipos "
        "directivos deciden sin datos actualizados.",
        "digital",
        "cloud",
        "subscription",
        description="Conectores a sistemas de rentas, tesorería, OIRS y DOM; tableros por dirección; "
        "publicación automática de datos abiertos.",
        price_range="15 a 40 UF mensuales",
        typologies=CITY,
        pilots_done=3,
        evidence="Tres municipios usan el tablero en sus comités de gestión semanales.",
        keywords="datos, indicadores, transparencia, inteligencia de negocios",
    ),
    _s(
        DM,
        "OIRS Digital",
        "Reclamos, sugerencias y solicitudes ciudadanas con seguimiento y plazos.",
        "Las solicitudes de la Oficina de Informaciones, Reclamos y Sugerencias llegan por papel, "
        "correo y teléfono; se pierden, y los vecinos no saben en qué estado están.",
        "digital",
        "cloud",
        "per_user",
        description="Ingreso multicanal (web, WhatsApp, presencial), derivación a cada dirección, "
        "alertas de vencimiento de plazos de la Ley 19.880 y encuesta de satisfacción.",
        price_range="0,5 UF por funcionario al mes",
        pilots_done=2,
        evidence="Tiempo medio de respuesta de 18 a 7 días en La Florida.",
        keywords="atención ciudadana, reclamos, solicitudes, seguimiento",
    ),
    _s(
        TF,
        "Trámite Fácil Municipal",
        "Ventanilla única en línea para los trámites municipales más pedidos.",
        "Vecinas y vecinos deben ir en horario de oficina para trámites simples: certificados, "
        "permisos, solicitudes a la OIRS; las filas colapsan la atención presencial.",
        "digital",
        "cloud",
        "subscription",
        description="Catálogo de trámites configurables sin programar, clave única, firma electrónica "
        "avanzada, pagos en línea y bandeja interna para funcionarios.",
        price_range="20 a 55 UF al mes",
        typologies=CITY,
        pilots_done=3,
        evidence="En Quilpué 62% de los certificados se emiten en línea; las filas del hall bajaron a la mitad.",
        keywords="trámites en línea, ventanilla única, OIRS, clave única, certificados",
    ),
    _s(
        TF,
        "Permiso de Circulación Express",
        "Pago del permiso de circulación en línea con validación automática de documentos.",
        "En marzo se forman largas filas para pagar el permiso de circulación y revisar revisión "
        "técnica, SOAP y multas impagas.",
        "digital",
        "cloud",
        "per_transaction",
        description="Consulta automática al Registro de Multas y a plantas de revisión técnica; "
        "comprobante digital y envío del sello.",
        price_range="Comisión por permiso pagado",
        typologies=CITY,
        pilots_done=2,
        keywords="permisos de circulación, vehículos, tránsito, pagos",
    ),
    _s(
        TF,
        "Certificados DOM al Instante",
        "Certificados de número, informaciones previas y recepción emitidos en línea.",
        "La Dirección de Obras Municipales tarda semanas en emitir certificados simples que hoy "
        "se piden en papel y se firman a mano.",
        "digital",
        "cloud",
        "subscription",
        price_range="10 a 25 UF mensuales",
        pilots_done=1,
        keywords="DOM, obras, certificados, firma electrónica",
    ),
    _s(
        GC,
        "Expediente Digital de Edificación",
        "Permisos de edificación tramitados en línea, con revisión de planos y observaciones.",
        "Los arquitectos entregan carpetas físicas a la DOM y cada observación obliga a reimprimir; "
        "los plazos legales de revisión se vencen.",
        "digital",
        "hybrid",
        "license",
        description="Ingreso de expedientes, revisión colaborativa de planos, control de plazos de la "
        "Ley General de Urbanismo y Construcciones y archivo digital.",
        price_range="Licencia anual desde 300 UF",
        typologies=METRO,
        pilots_done=5,
        evidence="Ñuñoa redujo de 60 a 28 días el tiempo de revisión de permisos de obra menor.",
        keywords="permisos de edificación, obras municipales, arquitectos, planos",
    ),
    _s(
        GC,
        "Catastro Territorial SIG",
        "Mapa comunal con predios, patentes, permisos y equipamiento en capas.",
        "Cada dirección mantiene su propio registro de direcciones y predios; no hay un mapa común "
        "para planificar ni para fiscalizar.",
        "digital",
        "cloud",
        "subscription",
        price_range="12 a 30 UF al mes",
        pilots_done=4,
        keywords="SIG, geografía, catastro, predios, SECPLA, planificación",
    ),
    _s(
        PV,
        "Presupuesto Participativo Digital",
        "Votación en línea y presencial de proyectos vecinales con resultados auditables.",
        "Los procesos de presupuesto participativo convocan poca gente y el conteo manual de votos "
        "genera desconfianza.",
        "digital",
        "cloud",
        "project",
        description="Postulación de proyectos, validación de identidad, votación híbrida con "
        "puntos de votación asistida y publicación de resultados.",
        price_range="150 a 400 UF por proceso",
        pilots_done=2,
        evidence="La participación subió de 3% a 9% del padrón en la comuna piloto.",
        keywords="participación ciudadana, votación, DIDECO, organizaciones comunitarias",
    ),
    _s(
        PV,
        "Consultas Ciudadanas en Línea",
        "Encuestas y consultas vinculantes con padrón comunal verificado.",
        "Los municipios deben consultar a la comunidad sobre ordenanzas y planes, pero las "
        "consultas presenciales son caras y de baja participación.",
        "digital",
        "cloud",
        "per_transaction",
        typologies=SMALL,
        keywords="plebiscito comunal, consulta, participación, encuestas",
    ),
    _s(
        PV,
        "Juntas de Vecinos Conectadas",
        "Registro de organizaciones comunitarias, vigencias y subvenciones en línea.",
        "DIDECO lleva en papel las directivas de juntas de vecinos y organizaciones funcionales; "
        "las vigencias vencen sin aviso y las subvenciones se atrasan.",
        "digital",
        "mobile",
        "free",
        description="Aplicación de código abierto para el registro de organizaciones, sus directivas "
        "y la rendición de subvenciones.",
        typologies=SMALL,
        pilots_done=1,
        keywords="DIDECO, organizaciones comunitarias, subvenciones, código abierto",
    ),
    _s(
        DM,
        "Transparencia Activa Automática",
        "Publicación mensual de la transparencia activa a partir de los sistemas municipales.",
        "Cumplir la Ley de Transparencia consume días de trabajo manual cada mes y las "
        "fiscalizaciones del Consejo para la Transparencia detectan omisiones.",
        "digital",
        "cloud",
        "subscription",
        price_range="8 a 15 UF al mes",
        typologies=SMALL,
        pilots_done=1,
        keywords="ley de transparencia, datos abiertos, cumplimiento",
    ),
    _s(
        TF,
        "Agenda Municipal de Atención",
        "Reserva de horas para atención presencial en departamentos municipales.",
        "La atención presencial en tránsito, DOM o DIDECO se organiza por orden de llegada y la "
        "gente pierde mañanas enteras esperando.",
        "digital",
        "cloud",
        "per_user",
        price_range="3 UF por módulo al mes",
        keywords="agenda, horas, atención presencial, filas",
    ),
    # --- atención primaria de salud ---------------------------------------------------------
    _s(
        CC,
        "Agenda CESFAM",
        "Reserva de horas médicas y recordatorios por SMS y WhatsApp para centros de salud familiar.",
        "Pacientes hacen fila de madrugada para conseguir hora en el CESFAM y un quinto de las "
        "horas se pierde porque la gente no asiste.",
        "aps",
        "cloud",
        "subscription",
        description="Agenda web, telefónica y por WhatsApp; confirmación automática; lista de espera "
        "que reasigna las horas liberadas; funciona con conectividad intermitente.",
        price_range="10 a 20 UF por establecimiento al mes",
        typologies=ALL,
        pilots_done=2,
        evidence="Inasistencia de 21% a 11% en el CESFAM piloto en seis meses.",
        keywords="horas médicas, agenda, inasistencia, recordatorios, CESFAM, APS",
    ),
    _s(
        CC,
        "Lista de Espera Transparente",
        "Seguimiento de interconsultas y lista de espera de especialidades para pacientes de APS.",
        "Los pacientes derivados a especialista no saben cuánto esperarán y los equipos de APS "
        "no tienen visibilidad de las interconsultas pendientes.",
        "aps",
        "cloud",
        "subscription",
        typologies=CITY,
        pilots_done=1,
        keywords="lista de espera, interconsultas, especialidades, derivación",
    ),
    _s(
        SC,
        "Telemedicina Rural",
        "Teleconsultas desde postas rurales con especialistas y médicos del CESFAM.",
        "En las postas rurales no hay médico todos los días; los pacientes viajan horas para un "
        "control que podría hacerse a distancia.",
        "aps",
        "hybrid",
        "project",
        description="Equipamiento de teleconsulta para postas, agenda compartida y registro en la "
        "ficha clínica; opera con conexión satelital o 4G de baja velocidad.",
        price_range="200 a 500 UF por posta, instalación y un año de soporte",
        typologies=RURAL,
        pilots_done=3,
        evidence="1.200 teleconsultas en un año en cuatro postas; 40% menos traslados a la ciudad.",
        keywords="telemedicina, postas rurales, teleconsulta, conectividad, salud rural",
    ),
    _s(
        SC,
        "Visitas Domiciliarias Integrales",
        "Planificación y registro de visitas domiciliarias a postrados y adultos mayores.",
        "Los equipos de atención domiciliaria planifican en papel, repiten rutas y no registran a "
        "tiempo las prestaciones que el Servicio de Salud les paga.",
        "aps",
        "mobile",
        "per_user",
        description="Aplicación móvil sin conexión que sincroniza al volver a la red; rutas óptimas y "
        "registro de prestaciones.",
        price_range="1 UF por profesional al mes",
        typologies=SMALL,
        pilots_done=2,
        keywords="atención domiciliaria, postrados, adultos mayores, rutas, sin conexión",
    ),
    _s(
        SC,
        "Farmacia Comunitaria Digital",
        "Inventario, dispensación y reserva de medicamentos de la farmacia municipal.",
        "Las farmacias comunales se quedan sin stock de medicamentos crónicos y los vecinos hacen viajes inútiles.",
        "aps",
        "cloud",
        "subscription",
        price_range="6 a 12 UF mensuales",
        typologies=CITY,
        keywords="farmacia popular, medicamentos, inventario, crónicos",
    ),
    _s(
        CC,
        "Triage Digital de Urgencia SAPU",
        "Clasificación de pacientes y tiempos de espera visibles en el SAPU.",
        "Los servicios de atención primaria de urgencia se saturan por consultas que podrían "
        "resolverse en el CESFAM y los pacientes no saben cuánto esperarán.",
        "aps",
        "on_premise",
        "license",
        price_range="Licencia de 180 UF por SAPU",
        typologies=METRO,
        keywords="urgencia, SAPU, SAR, triage, tiempos de espera",
    ),
    _s(
        SC,
        "Salud Mental en Línea",
        "Primera acogida y seguimiento psicológico remoto para usuarios de APS.",
        "Las listas de espera de salud mental en APS superan los tres meses y no hay seguimiento entre sesiones.",
        "aps",
        "mobile",
        "per_user",
        pilots_done=1,
        keywords="salud mental, psicología, telepsicología, seguimiento",
    ),
    _s(
        CC,
        "Programa Cardiovascular Conectado",
        "Control remoto de pacientes hipertensos y diabéticos con tomas de presión en casa.",
        "Los pacientes crónicos del programa de salud cardiovascular faltan a sus controles y se "
        "descompensan sin que el equipo lo sepa.",
        "aps",
        "hardware",
        "project",
        price_range="Desde 350 UF por 200 pacientes",
        typologies=SMALL,
        keywords="hipertensión, diabetes, enfermedades crónicas, PSCV, monitoreo",
    ),
    # --- seguridad pública municipal --------------------------------------------------------
    _s(
        BS,
        "Observatorio Comunal de Seguridad",
        "Mapa de delitos, incivilidades y denuncias para focalizar la prevención.",
        "La Dirección de Seguridad Pública no cruza los datos de Carabineros, PDI, fiscalía y "
        "llamados vecinales, y planifica el patrullaje sin evidencia.",
        "seguridad",
        "cloud",
        "subscription",
        description="Integra denuncias georreferenciadas, llamados al fono seguridad, datos de "
        "Carabineros y del Centro de Estudios y Análisis del Delito; mapas de calor y reportes al "
        "Consejo Comunal de Seguridad Pública.",
        price_range="30 a 80 UF al mes",
        typologies=METRO,
        pilots_done=5,
        evidence="En Maipú los puntos críticos priorizados bajaron 17% sus delitos de mayor connotación "
        "social en un año.",
        keywords="delitos, prevención, mapa de calor, denuncias, consejo de seguridad",
    ),
    _s(
        BS,
        "Botón de Pánico Vecinal",
        "Alarma comunitaria desde el teléfono conectada a la central municipal.",
        "Los vecinos de barrios con alta victimización no tienen cómo pedir ayuda rápida ni coordinarse entre ellos.",
        "seguridad",
        "mobile",
        "per_user",
        price_range="0,02 UF por vecino inscrito al mes",
        typologies=CITY,
        pilots_done=3,
        keywords="alarma comunitaria, emergencias, vecinos, central de monitoreo",
    ),
    _s(
        VC,
        "Videovigilancia con Analítica",
        "Cámaras municipales que alertan a los operadores ante situaciones de riesgo.",
        "Las centrales de monitoreo tienen cientos de cámaras y pocos operadores: los incidentes "
        "pasan sin que nadie los vea.",
        "seguridad",
        "hardware",
        "project",
        description="Analítica de video en el borde: aglomeraciones, vehículos detenidos, personas "
        "caídas; sin reconocimiento facial.",
        price_range="Proyectos desde 1.500 UF",
        typologies=METRO,
        pilots_done=8,
        evidence="Tiempo de detección de incidentes de 9 a 2 minutos en la central de Antofagasta.",
        keywords="cámaras, CCTV, central de monitoreo, alertas",
    ),
    _s(
        VC,
        "Patrullaje Preventivo Inteligente",
        "Rutas de patrullaje municipal según riesgo, con registro de cada ronda.",
        "Los inspectores y guardias municipales patrullan siempre las mismas calles, sin relación "
        "con dónde ocurren los delitos.",
        "seguridad",
        "mobile",
        "subscription",
        price_range="20 UF al mes por flota",
        typologies=CITY,
        pilots_done=2,
        keywords="patrullaje, seguridad municipal, inspectores, rutas",
    ),
    _s(
        EL,
        "Alumbrado Seguro",
        "Detección de luminarias apagadas en zonas de riesgo y reparación priorizada.",
        "Calles oscuras por luminarias quemadas aumentan la sensación de inseguridad y los "
        "reclamos tardan semanas en atenderse.",
        "seguridad",
        "hardware",
        "project",
        typologies=CITY,
        pilots_done=4,
        keywords="luminarias, prevención situacional, alumbrado público, espacios públicos",
    ),
    _s(
        BS,
        "Mediación Vecinal en Línea",
        "Gestión de conflictos entre vecinos con mediadores municipales.",
        "Los conflictos vecinales por ruidos, deslindes o mascotas escalan a violencia y llegan "
        "al juzgado de policía local por falta de mediación temprana.",
        "seguridad",
        "cloud",
        "subscription",
        typologies=SMALL,
        pilots_done=1,
        keywords="mediación, convivencia, conflictos, juzgado de policía local",
    ),
    _s(
        VC,
        "Fiscalización Digital de Comercio Ambulante",
        "Registro georreferenciado de fiscalizaciones y permisos de comercio en la vía pública.",
        "Los inspectores municipales no saben qué puestos tienen permiso y las infracciones se "
        "registran en talonarios de papel.",
        "seguridad",
        "mobile",
        "per_user",
        typologies=METRO,
        pilots_done=1,
        keywords="inspección, comercio ambulante, infracciones, bien nacional de uso público",
    ),
    _s(
        BS,
        "Recuperación de Espacios Públicos",
        "Diagnóstico participativo y seguimiento de intervenciones en plazas y sitios eriazos.",
        "Plazas abandonadas y sitios eriazos se vuelven focos de incivilidades y los proyectos de "
        "recuperación no miden su efecto.",
        "seguridad",
        "cloud",
        "project",
        typologies=ALL,
        keywords="prevención situacional, plazas, barrios, espacios públicos",
    ),
    # --- capital humano municipal -----------------------------------------------------------
    _s(
        TM,
        "Evaluación de Desempeño Municipal",
        "Calificaciones del personal en línea, conforme al Estatuto Administrativo municipal.",
        "El proceso de calificaciones se hace en papel, se atrasa todos los años y no sirve para "
        "planificar la capacitación.",
        "capital_humano",
        "cloud",
        "per_user",
        description="Precalificaciones, juntas calificadoras, apelaciones y reportes; vincula "
        "brechas con el plan anual de capacitación.",
        price_range="0,3 UF por funcionario al año",
        typologies=CITY,
        pilots_done=1,
        keywords="calificaciones, desempeño, funcionarios, estatuto, recursos humanos",
    ),
    _s(
        TM,
        "Reclutamiento Transparente",
        "Concursos públicos municipales en línea con bases, postulación y actas.",
        "Los concursos para cargos de planta se publican en papel, reciben pocas postulaciones y "
        "sus actas generan reclamos ante Contraloría.",
        "capital_humano",
        "cloud",
        "per_transaction",
        price_range="8 UF por concurso",
        pilots_done=2,
        keywords="concursos públicos, selección, planta municipal, contrata",
    ),
    _s(
        AP,
        "Aula Municipal",
        "Cursos en línea para funcionarios: inducción, probidad, atención de público y herramientas digitales.",
        "Los funcionarios de comunas pequeñas casi no acceden a capacitación: los cursos son en "
        "Santiago y no hay reemplazos.",
        "capital_humano",
        "cloud",
        "per_user",
        description="Cursos breves, certificados y reportes de avance por dirección; contenidos "
        "descargables para conexiones lentas.",
        price_range="0,2 UF por funcionario al mes",
        typologies=SMALL,
        keywords="capacitación, formación, e-learning, inducción, probidad, competencias digitales",
    ),
    _s(
        TM,
        "Clima Laboral y Bienestar",
        "Encuestas de clima, riesgos psicosociales y planes de acción por dirección.",
        "El ausentismo y las licencias médicas son altos y el municipio no mide el clima laboral "
        "ni los riesgos psicosociales que exige el protocolo del Ministerio de Salud.",
        "capital_humano",
        "cloud",
        "subscription",
        price_range="5 a 12 UF al mes",
        pilots_done=1,
        keywords="clima laboral, ausentismo, riesgos psicosociales, ISTAS, bienestar",
    ),
    _s(
        AP,
        "Mentorías entre Municipios",
        "Red de mentorías para directivos municipales de distintas comunas.",
        "Los directivos nuevos aprenden solos; las buenas prácticas de una municipalidad no llegan a las demás.",
        "capital_humano",
        "cloud",
        "free",
        typologies=ALL,
        keywords="mentoría, directivos, buenas prácticas, aprendizaje entre pares",
    ),
    _s(
        TM,
        "Control de Asistencia sin Papel",
        "Marcación biométrica o móvil con cálculo de horas extraordinarias.",
        "El cálculo de horas extraordinarias se hace a mano a partir de libros de asistencia, con "
        "errores y observaciones de Contraloría.",
        "capital_humano",
        "hardware",
        "license",
        price_range="Licencia de 90 UF anuales más relojes",
        typologies=CITY,
        pilots_done=3,
        keywords="asistencia, horas extraordinarias, remuneraciones, reloj control",
    ),
    _s(
        AP,
        "Gestión del Conocimiento Municipal",
        "Manuales de procedimientos vivos y traspaso de conocimiento ante jubilaciones.",
        "Cuando un funcionario con décadas de experiencia se jubila, se va con él cómo se hacen "
        "los procesos del municipio.",
        "capital_humano",
        "cloud",
        "subscription",
        typologies=SMALL,
        keywords="manuales, procedimientos, jubilación, continuidad operacional",
    ),
    _s(
        TM,
        "Reemplazos y Turnos de Salud",
        "Programación de turnos y reemplazos del personal de salud municipal.",
        "Los departamentos de salud municipal cubren ausencias a última hora por teléfono y los "
        "CESFAM quedan sin profesionales.",
        "capital_humano",
        "mobile",
        "per_user",
        typologies=CITY,
        keywords="turnos, reemplazos, personal de salud, dotación",
    ),
    # --- sostenibilidad ambiental -----------------------------------------------------------
    _s(
        RA,
        "Rutas Inteligentes de Recolección",
        "Optimización de rutas de camiones recolectores de residuos domiciliarios.",
        "Los camiones recolectores recorren rutas fijas aunque muchos contenedores estén vacíos; "
        "el costo del contrato de aseo crece cada año.",
        "ambiente",
        "cloud",
        "subscription",
        description="GPS en camiones, sensores de llenado opcionales y replanificación diaria de rutas.",
        price_range="18 a 45 UF al mes",
        typologies=CITY,
        pilots_done=3,
        evidence="12% menos kilómetros recorridos en Padre Las Casas en seis meses.",
        keywords="residuos sólidos domiciliarios, basura, camiones, aseo, recolección",
    ),
    _s(
        RA,
        "Puntos Limpios Conectados",
        "Red de puntos limpios con sensores de llenado e información a vecinos.",
        "Los puntos limpios rebalsan y se convierten en basurales; los vecinos no saben qué "
        "materiales reciben ni cuándo se vacían.",
        "ambiente",
        "hardware",
        "project",
        price_range="40 UF por punto limpio",
        pilots_done=2,
        keywords="reciclaje, puntos limpios, sensores, Ley REP",
    ),
    _s(
        CI,
        "Compostaje Domiciliario Acompañado",
        "Entrega de composteras con seguimiento y medición de residuos orgánicos desviados.",
        "Más de la mitad de la basura domiciliaria es orgánica y termina en el relleno sanitario, "
        "con un costo de disposición creciente para el municipio.",
        "ambiente",
        "mobile",
        "project",
        description="Capacitación a vecinos, aplicación para registrar el uso de composteras y "
        "estimación de toneladas desviadas del relleno.",
        price_range="1,5 UF por hogar participante",
        typologies=ALL,
        pilots_done=3,
        evidence="220 toneladas de orgánicos desviadas en un año en La Pintana.",
        keywords="orgánicos, compost, relleno sanitario, residuos, educación ambiental",
    ),
    _s(
        CI,
        "Alerta de Microbasurales",
        "Denuncia ciudadana con foto y ubicación de basurales ilegales, y seguimiento de su retiro.",
        "Los microbasurales en sitios eriazos y quebradas se multiplican y el municipio se entera "
        "tarde; los escombros y residuos voluminosos quedan meses en la calle.",
        "ambiente",
        "mobile",
        "subscription",
        description="Reportes georreferenciados, asignación a cuadrillas, priorización por riesgo de "
        "incendio y publicación de zonas recuperadas.",
        price_range="10 UF mensuales",
        typologies=CITY,
        pilots_done=2,
        evidence="Tiempo de retiro de 35 a 9 días en el piloto de Valparaíso.",
        keywords="basurales, voluminosos, escombros, cerros, quebradas, incendios",
    ),
    _s(
        EL,
        "Telegestión de Alumbrado Público",
        "Luminarias LED con control remoto de encendido, atenuación y fallas.",
        "El alumbrado público es uno de los mayores gastos de electricidad del municipio y las "
        "fallas se conocen solo cuando los vecinos reclaman.",
        "ambiente",
        "hardware",
        "project",
        price_range="Financiable con ahorro energético (ESCO)",
        typologies=CITY,
        pilots_done=12,
        evidence="Ahorro de 55% en consumo eléctrico de alumbrado en las comunas intervenidas.",
        keywords="eficiencia energética, LED, luminarias, consumo eléctrico",
    ),
    _s(
        EL,
        "Techos Solares Municipales",
        "Paneles fotovoltaicos en escuelas, CESFAM y edificios consistoriales con monitoreo.",
        "Las cuentas de electricidad de los edificios municipales crecen y los municipios tienen "
        "compromisos de carbono neutralidad sin medir su consumo.",
        "ambiente",
        "hardware",
        "project",
        typologies=ALL,
        pilots_done=6,
        keywords="energía solar, fotovoltaica, autoconsumo, net billing",
    ),
    _s(
        CI,
        "Huella de Carbono Comunal",
        "Inventario de emisiones del municipio y de la comuna con plan de acción climática.",
        "La Ley Marco de Cambio Climático exige planes de acción comunal y los municipios no "
        "tienen datos de sus emisiones.",
        "ambiente",
        "cloud",
        "subscription",
        price_range="8 a 20 UF al mes",
        typologies=CITY,
        pilots_done=1,
        keywords="cambio climático, emisiones, plan de acción, carbono neutralidad",
    ),
    _s(
        RA,
        "Control de Riego de Áreas Verdes",
        "Riego automatizado de plazas y bandejones según humedad del suelo y clima.",
        "La sequía obliga a reducir el consumo de agua, pero las áreas verdes municipales se "
        "riegan con horarios fijos y fugas que nadie detecta.",
        "ambiente",
        "hardware",
        "project",
        typologies=SMALL,
        pilots_done=2,
        keywords="agua, sequía, riego, áreas verdes, sensores de humedad",
    ),
    _s(
        CI,
        "Educación Ambiental en Escuelas",
        "Programa de reciclaje y huertos escolares con medición de resultados.",
        "Las campañas ambientales municipales no llegan a las familias y no se sabe si cambian hábitos.",
        "ambiente",
        "cloud",
        "free",
        typologies=RURAL,
        keywords="educación ambiental, escuelas, reciclaje, huertos",
    ),
    _s(
        GC,
        "Monitoreo de Calidad del Aire",
        "Sensores de bajo costo y alertas por episodios críticos de contaminación.",
        "En comunas con planes de descontaminación por leña no hay mediciones barrio a barrio y "
        "las alertas llegan tarde.",
        "ambiente",
        "hardware",
        "subscription",
        typologies=SMALL,
        pilots_done=2,
        keywords="calidad del aire, leña, material particulado, contaminación, episodios críticos",
    ),
]


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


@transaction.atomic
def seed(write: Callable[[str], None]) -> None:
    staff = _user("staff")
    actors = {"datamuni-spa": _user("startup-a"), "tramite-facil-spa": _user("startup-b")}
    orgs: dict[str, Any] = {}
    for slug in ("datamuni-spa", "tramite-facil-spa", "cesfam-conecta", "reciclapp", "barrio-seguro-tech"):
        org = directory_selectors.organization_get(slug=slug)
        if org is not None:
            orgs[slug] = org
    new_orgs = 0
    for name, rut, description, website in NEW_STARTUPS:
        org = directory_selectors.organization_list(kind="startup", q=rut).first()
        if org is None:
            org = directory_services.organization_create(
                actor=staff,
                name=name,
                kind="startup",
                rut=rut,
                description=description,
                website=website,
                is_demo=True,
            )
            new_orgs += 1
        orgs[rut] = org
    profiles = 0
    for key, data in PROFILES.items():
        org = orgs.get(key)
        if org is None or selectors.startup_profile_of(organization_id=org.pk) is not None:
            continue
        services.startup_profile_update(
            actor=actors.get(key, staff), organization=org, data=data, expected_version=None
        )
        profiles += 1
    created = 0
    existing = set(Solution.objects.values_list("name", "organization_id"))
    for item in SOLUTIONS:
        data = dict(item)
        org = orgs.get(data.pop("owner"))
        if org is None or (data["name"], org.pk) in existing:
            continue
        services.solution_create(
            actor=actors.get(org.slug, staff), organization=org, is_published=True, is_demo=True, **data
        )
        created += 1
    write(f"Catálogo demo: {new_orgs} startups nuevas, {profiles} perfiles, {created} soluciones.")
