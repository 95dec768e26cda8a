#!/usr/bin/env python
"""Fill hublocal/locale/en/LC_MESSAGES/django.po from the reviewed English glossary below.

The translations are hand-written; this script only keeps them in one reviewable
place so that `makemessages` can regenerate the catalogue without losing them.
It refuses to write a translation whose %-placeholders differ from the msgid, and
lists every entry it has no translation for (exit status 1) so a person adds it here.

Usage: .venv/bin/python scripts/translate_catalogue.py && make messages
(or: makemessages -l en ..., this script, then compilemessages).

Entries live in TRANSLATIONS below and in the modules of scripts/glossary/, each
exporting its own TRANSLATIONS dict (one module per area keeps this file from
growing without end). A msgid given two different translations is rejected.

Conventions: American spelling; Chilean terms kept where they have no English
equivalent (commune, RUT, CUT, DPA, SECPLA, DIDECO, DOM, APS); «» becomes “”.
Careful: the typology "Mayor" means *large*, while "Alcalde/sa" is the mayor.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = ROOT / "hublocal" / "locale" / "en" / "LC_MESSAGES" / "django.po"
GLOSSARY_DIR = Path(__file__).resolve().parent / "glossary"

# msgid -> msgstr, or msgid -> (singular, plural) for ngettext / blocktranslate count entries.
TRANSLATIONS: dict[str, str | tuple[str, str]] = {
    # --- accounts -----------------------------------------------------------------
    "Obtener un token de API": "Get an API token",
    "Mi cuenta": "My account",
    "Cuentas y permisos": "Accounts and permissions",
    "Cabecera Authorization inválida: use 'Bearer <token>'.": "Invalid Authorization header: use 'Bearer <token>'.",
    "El token contiene caracteres inválidos.": "The token contains invalid characters.",
    "Token inválido o revocado.": "Invalid or revoked token.",
    "Usuario o contraseña incorrectos. Revise mayúsculas y minúsculas.": (
        "Incorrect username or password. Check upper- and lower-case letters."
    ),
    "Esta cuenta está desactivada. Contacte al equipo del Hub.": "This account is deactivated. Contact the Hub team.",
    "Nombre de usuario": "Username",
    "Use solo letras, números y los signos . @ + - _": "Use only letters, numbers and the characters . @ + - _",
    "Correo": "Email",
    "Nombre": "Name",
    "Apellido": "Last name",
    "Rol": "Role",
    "Organización (identificador)": "Organization (identifier)",
    "Obligatorio salvo para el equipo del Hub. Ej.: municipalidad-santiago": (
        "Required except for the Hub team. E.g.: municipalidad-santiago"
    ),
    "Contraseña inicial": "Initial password",
    "Opcional; al menos 10 caracteres. Si la deja vacía, la persona no podrá ingresar hasta que se le asigne una.": (
        "Optional; at least 10 characters. If you leave it blank, the person will not be able to sign in "
        "until one is assigned."
    ),
    "No existe una organización con ese identificador.": "There is no organization with that identifier.",
    "Equipo Hub · administración": "Hub team · administration",
    "Equipo Hub · análisis": "Hub team · analysis",
    "Funcionario/a municipal": "Municipal official",
    "Integrante de startup": "Startup member",
    "Integrante de institución aliada": "Partner institution member",
    "rol": "role",
    "usuario": "user",
    "usuarios": "users",
    "token de API": "API token",
    "tokens de API": "API tokens",
    "Las cuentas que no son del Hub deben pertenecer a una organización.": (
        "Accounts outside the Hub team must belong to an organization."
    ),
    "La organización no corresponde al rol elegido.": "The organization does not match the selected role.",
    "No puede desactivar su propia cuenta.": "You cannot deactivate your own account.",
    "Usuario o contraseña incorrectos.": "Incorrect username or password.",
    "Datos": "Details",
    "Usuario": "User",
    "Organización": "Organization",
    "Equipo del Hub": "Hub team",
    "Tokens de API": "API tokens",
    "Para usar la API desde un script, pida un token con POST /api/v1/auth/token/. "
    "Aquí puede ver y revocar los tokens emitidos.": (
        "To use the API from a script, request a token with POST /api/v1/auth/token/. "
        "Here you can see and revoke the tokens issued."
    ),
    "creado": "created",
    "Revocar todos": "Revoke all",
    "No hay tokens activos.": "No active tokens.",
    "Registro de auditoría": "Audit log",
    "Ruta": "Breadcrumb",
    "Gestión": "Management",
    "Auditoría": "Audit",
    "%(n)s evento": ("%(n)s event", "%(n)s events"),
    "Cuándo": "When",
    "Quién": "Who",
    "Acción": "Action",
    "Objeto": "Object",
    "Cambio": "Change",
    "Gestión del Hub": "Hub management",
    "Usuarios": "Users",
    "Nueva organización": "New organization",
    "Cifras": "Key figures",
    "Cuentas activas": "Active accounts",
    "Comunas por tipología": "Communes by typology",
    "Organizaciones por tipo": "Organizations by type",
    "Actividad reciente": "Recent activity",
    "Sin actividad.": "No activity.",
    "Ingresar": "Sign in",
    "¿Su municipio u organización aún no tiene cuenta? Escriba al equipo del Hub.": (
        "Doesn't your municipality or organization have an account yet? Write to the Hub team."
    ),
    "Nueva cuenta": "New account",
    "Crear cuenta": "Create account",
    "Buscar": "Search",
    "Todos": "All",
    "Todas": "All",
    "Filtrar": "Filter",
    "Estado": "Status",
    "Activa": "Active",
    "Desactivada": "Deactivated",
    "Desactivar": "Deactivate",
    "Activar": "Activate",
    # Not pluralised in the source; this wording reads correctly for any n.
    "Se revocaron %(n)s tokens.": "Tokens revoked: %(n)s.",
    "Cuenta «%(u)s» creada.": "Account “%(u)s” created.",
    "Cuenta actualizada.": "Account updated.",
    # --- audit ----------------------------------------------------------------------
    "acción": "action",
    "evento de auditoría": "audit event",
    "eventos de auditoría": "audit events",
    # --- core -----------------------------------------------------------------------
    "Debe ser un número entero.": "Must be a whole number.",
    "Debe ser 1 o mayor.": "Must be 1 or greater.",
    "Esa página no existe.": "That page does not exist.",
    "No encontrado.": "Not found.",
    "No tiene permiso para realizar esta acción.": "You do not have permission to perform this action.",
    "Error interno. El equipo del Hub fue notificado.": "Internal error. The Hub team has been notified.",
    "Los datos enviados no son válidos.": "The data submitted is not valid.",
    "Debe iniciar sesión o enviar un token válido.": "You must sign in or send a valid token.",
    "El cuerpo de la solicitud no es JSON válido.": "The request body is not valid JSON.",
    "El JSON enviado está anidado demasiado profundo.": "The JSON sent is nested too deeply.",
    "El texto contiene caracteres no válidos.": "The text contains invalid characters.",
    "Núcleo": "Core",
    "Seguridad pública municipal": "Municipal public safety",
    "Coordinación con autoridades, observatorios territoriales y prevención local.": (
        "Coordination with authorities, territorial observatories and local prevention."
    ),
    "Atención primaria de salud": "Primary health care",
    "Gestión sanitaria local, capital humano clínico e infraestructura APS.": (
        "Local health management, clinical workforce and primary health care (APS) infrastructure."
    ),
    "Capital humano municipal": "Municipal human capital",
    "Modernización de la gestión, retención y atracción de talento público.": (
        "Modernizing management, and retaining and attracting public-sector talent."
    ),
    "Sostenibilidad ambiental": "Environmental sustainability",
    "Gestión territorial, cambio climático local, residuos y conservación.": (
        "Territorial management, local climate change, waste and conservation."
    ),
    "Transformación digital": "Digital transformation",
    "Modernización tecnológica, ciberseguridad municipal y datos abiertos.": (
        "Technological modernization, municipal cybersecurity and open data."
    ),
    "Definición estratégica": "Strategic definition",
    "Integración del ecosistema": "Ecosystem integration",
    "Modelo operativo": "Operating model",
    "Articulación multiactor": "Multi-stakeholder coordination",
    "Desarrollo de soluciones": "Solution development",
    "Implementación piloto": "Pilot implementation",
    "Escalamiento nacional": "National scale-up",
    "Evaluación y mejora continua": "Evaluation and continuous improvement",
    "Producción de conocimiento": "Knowledge production",
    "Estudios aplicados, diagnósticos territoriales y análisis comparados.": (
        "Applied studies, territorial assessments and comparative analyses."
    ),
    "Transferencia mediante formación": "Transfer through training",
    "Programas de capacitación, especialización y actualización.": ("Training, specialization and refresher programs."),
    "Innovación pública municipal": "Municipal public innovation",
    "Prototipado de soluciones organizacionales y tecnológicas.": (
        "Prototyping of organizational and technological solutions."
    ),
    "Asistencia técnica directa": "Direct technical assistance",
    "Acompañamiento sostenido a procesos de transformación municipal.": (
        "Sustained support for municipal transformation processes."
    ),
    "Incidencia en política pública": "Public policy influence",
    "Evidencia al servicio de procesos legislativos y reglamentarios.": (
        "Evidence in support of legislative and regulatory processes."
    ),
    "Solicitud inválida": "Bad request",
    "No pudimos entender la solicitud. Revise los datos e intente de nuevo.": (
        "We could not understand the request. Check the data and try again."
    ),
    "Acceso restringido": "Access restricted",
    "No tiene permiso para ver esta página con su cuenta.": "Your account does not have permission to view this page.",
    "Página no encontrada": "Page not found",
    "La página que busca no existe o fue movida.": "The page you are looking for does not exist or has been moved.",
    "Error interno": "Internal error",
    "Ocurrió un error inesperado. El equipo del Hub fue notificado.": (
        "An unexpected error occurred. The Hub team has been notified."
    ),
    # --- directory: API -------------------------------------------------------------
    "Código de la comuna donde opera": "Code of the commune where it operates",
    "Comuna desconocida.": "Unknown commune.",
    "Máximo %(n)s caracteres.": "Maximum %(n)s characters.",
    "Tipo desconocido. Valores: %(v)s.": "Unknown type. Allowed values: %(v)s.",
    "Tipo de organización": "Organization type",
    "Nombre (sin distinguir tildes) o RUT": "Name (accent-insensitive) or RUT",
    "Código CUT de la región": "Region CUT code",
    "Listar organizaciones": "List organizations",
    "Crear una organización": "Create an organization",
    "Este campo es obligatorio.": "This field is required.",
    "Detalle de una organización": "Organization detail",
    "Actualizar el perfil de una organización": "Update an organization's profile",
    "El tipo de una organización no se puede cambiar.": "An organization's type cannot be changed.",
    "Cargo desconocido.": "Unknown position.",
    "Nombre (sin distinguir tildes)": "Name (accent-insensitive)",
    "Identificador de la organización": "Organization identifier",
    "Cargo": "Position",
    "Listar personas": "List people",
    "Detalle de una persona": "Person detail",
    "Directorio": "Directory",
    "Organizaciones en la red": "Organizations in the network",
    "Personas en la red": "People in the network",
    # --- directory: forms and models ------------------------------------------------
    "RUT": "RUT",
    "Formato 76.123.456-7. Opcional.": "Format 76.123.456-7. Optional.",
    "Descripción": "Description",
    "Sitio web": "Website",
    "Ingrese una dirección completa, p. ej. https://ejemplo.cl": "Enter a full address, e.g. https://example.cl",
    "Correo de contacto": "Contact email",
    "Dirección web, o vacío": "Web address, or empty",
    "Correo de contacto, o vacío": "Contact email, or empty",
    "Tipo": "Type",
    "Nombre completo": "Full name",
    "Teléfono": "Phone",
    "Mostrar en el directorio público": "Show in the public directory",
    "Cargo (texto libre)": "Position (free text)",
    "Persona": "Person",
    "Elija una persona": "Choose a person",
    "Municipalidad": "Municipality",
    "Startup / empresa": "Startup / company",
    "Universidad / centro de investigación": "University / research center",
    "Organismo del Estado central": "Central government agency",
    "Cooperación internacional": "International cooperation",
    "Sociedad civil": "Civil society",
    "Hub Nacional de Gobierno Local": "National Local Government Hub",
    "Alcalde/sa": "Mayor",
    "Administrador/a municipal": "Municipal administrator",
    "Secretaría Comunal de Planificación (SECPLA)": "Communal Planning Secretariat (SECPLA)",
    "Dirección de Desarrollo Comunitario (DIDECO)": "Community Development Department (DIDECO)",
    "Dirección de Obras Municipales (DOM)": "Municipal Works Department (DOM)",
    "Encargado/a de informática (TI)": "IT manager",
    "Dirección de Salud / APS": "Health Department / primary health care (APS)",
    "Dirección de Seguridad Pública": "Public Safety Department",
    "Dirección de Medio Ambiente": "Environment Department",
    "Recursos humanos / personal": "Human resources / personnel",
    "Concejal/a": "Council member",
    "Fundador/a o gerente": "Founder or manager",
    "Investigador/a o académico/a": "Researcher or academic",
    "Profesional": "Professional",
    "Otro cargo": "Other position",
    "tipo": "type",
    "nombre": "name",
    "identificador": "identifier",
    "Formato 76.123.456-7.": "Format 76.123.456-7.",
    "descripción": "description",
    "sitio web": "website",
    "correo de contacto": "contact email",
    "dato de demostración": "demo data",
    "organización": "organization",
    "organizaciones": "organizations",
    "nombre completo": "full name",
    "correo": "email",
    "teléfono": "phone",
    "perfil público": "public profile",
    "Si es falso, solo miembros de su organización y el Hub lo ven.": (
        "If false, only members of their organization and the Hub can see it."
    ),
    "persona": "person",
    "personas": "people",
    "cargo": "position",
    "cargo (texto libre)": "position (free text)",
    "vigente": "current",
    "membresía": "membership",
    "membresías": "memberships",
    "Punto focal": "Focal point",
    "designación municipal": "municipal designation",
    "designaciones municipales": "municipal designations",
    # --- directory: services --------------------------------------------------------
    "El dígito verificador del RUT no es correcto.": "The RUT check digit is incorrect.",
    "El RUT no tiene un formato válido (ej.: 76.123.456-7).": "The RUT is not in a valid format (e.g. 76.123.456-7).",
    "Ya existe una organización registrada con ese RUT.": "An organization with that RUT is already registered.",
    "Ya existe una organización con ese RUT o esa comuna.": "An organization with that RUT or commune already exists.",
    "Municipalidad de %(name)s": "Municipality of %(name)s",
    "Municipalidades": "Municipalities",
    "Las municipalidades se crean automáticamente, una por comuna.": (
        "Municipalities are created automatically, one per commune."
    ),
    "Este campo no se puede modificar.": "This field cannot be changed.",
    "El nombre es obligatorio.": "The name is required.",
    "Solo las municipalidades designan estos roles.": "Only municipalities designate these roles.",
    "Rol desconocido.": "Unknown role.",
    "La persona debe pertenecer a esta municipalidad.": "The person must belong to this municipality.",
    "La persona designada necesita un correo para recibir avisos.": (
        "The designated person needs an email address to receive notifications."
    ),
    # --- directory: templates -------------------------------------------------------
    "%(n)s comuna": ("%(n)s commune", "%(n)s communes"),
    "Comunas": "Communes",
    "Comuna": "Commune",
    "Código": "Code",
    "Región": "Region",
    "Provincia": "Province",
    "Tipología": "Typology",
    "No hay comunas que coincidan con los filtros.": "No communes match the filters.",
    "%(n)s organización": ("%(n)s organization", "%(n)s organizations"),
    "demo": "demo",
    "No hay organizaciones que coincidan con los filtros.": "No organizations match the filters.",
    "%(n)s persona": ("%(n)s person", "%(n)s people"),
    "No hay personas que coincidan con los filtros.": "No people match the filters.",
    "Designar contactos": "Designate contacts",
    "Designaciones": "Designations",
    "El punto focal coordina la participación del municipio. Si no responde, el Hub escribe al "
    "administrador municipal y luego al alcalde o alcaldesa.": (
        "The focal point coordinates the municipality's participation. If they do not respond, the Hub "
        "writes to the municipal administrator and then to the mayor."
    ),
    "Guardar designación": "Save designation",
    "Cancelar": "Cancel",
    "Municipios": "Municipalities",
    "Datos de la comuna": "Commune details",
    "División": "Administrative division",
    "País": "Country",
    "Superficie": "Area",
    "Editar perfil": "Edit profile",
    "Contactos designados": "Designated contacts",
    "A quiénes escribe el Hub, en este orden, cuando un proceso se detiene.": (
        "Who the Hub writes to, in this order, when a process stalls."
    ),
    "Aún no hay contactos designados.": "No contacts have been designated yet.",
    "Equipo municipal en la red": "Municipal team in the network",
    "Aún no hay personas registradas.": "No people registered yet.",
    "Agregar persona": "Add person",
    "Ubicación": "Location",
    "Mapa de Chile con la comuna de %(name)s destacada en rojo.": (
        "Map of Chile with the commune of %(name)s highlighted in red."
    ),
    "Municipios de Chile": "Municipalities of Chile",
    "Las 345 comunas del país con su región, provincia y tipología. Filtre la lista o explore el mapa.": (
        "The country's 345 communes with their region, province and typology. Filter the list or explore the map."
    ),
    "Filtrar municipios": "Filter municipalities",
    "Nombre o código": "Name or code",
    "Cargando…": "Loading…",
    "Mapa por tipología": "Map by typology",
    "Mapa de Chile con sus 345 comunas coloreadas según tipología. Los mismos datos están en la lista.": (
        "Map of Chile with its 345 communes colored by typology. The same data is in the list."
    ),
    "Organizaciones": "Organizations",
    "Personas": "People",
    "Editar": "Edit",
    "Nueva": "New",
    "Guardar": "Save",
    "Organizaciones de la red": "Organizations in the network",
    "Municipalidades, startups, universidades, organismos del Estado, cooperación internacional y "
    "sociedad civil que trabajan con el Hub.": (
        "Municipalities, startups, universities, government agencies, international cooperation and "
        "civil society working with the Hub."
    ),
    "Filtrar organizaciones": "Filter organizations",
    "Nombre o RUT": "Name or RUT",
    "Cargos": "Positions",
    "Sin cargos vigentes.": "No current positions.",
    "Contacto": "Contact",
    "Ingrese con su cuenta de la red para ver los datos de contacto.": (
        "Sign in with your network account to see contact details."
    ),
    "Editar persona": "Edit person",
    "Agregar persona a %(org)s": "Add person to %(org)s",
    "Personas de la red": "People in the network",
    "Filtrar personas": "Filter people",
    "Organización creada.": "Organization created.",
    "Cambios guardados.": "Changes saved.",
    "Designación guardada.": "Designation saved.",
    "Persona agregada.": "Person added.",
    # --- settings, base layout and static pages -------------------------------------
    "Español": "Spanish",
    "English": "English",
    "Plataforma de innovación, transferencia de capacidades y articulación institucional para los 345 "
    "municipios de Chile.": (
        "A platform for innovation, capacity transfer and institutional coordination for Chile's 345 municipalities."
    ),
    "Saltar al contenido": "Skip to content",
    "Versión de demostración: los datos de personas, organizaciones y resultados marcados como demo son ficticios.": (
        "Demo version: data on people, organizations and results marked as demo is fictitious."
    ),
    "Principal": "Main",
    "Inicio": "Home",
    "Qué es el Hub": "About the Hub",
    "Salir": "Sign out",
    "Idioma": "Language",
    "Cambiar": "Change",
    "Hub Nacional de Gobierno Local · AMUCH · Santiago de Chile": (
        "National Local Government Hub · AMUCH · Santiago, Chile"
    ),
    "API y datos abiertos": "API and open data",
    "Accesibilidad": "Accessibility",
    "Límites comunales: DPA 2023, IDE Chile.": "Commune boundaries: DPA 2023, IDE Chile.",
    "Qué es el Hub Nacional de Gobierno Local": "About the National Local Government Hub",
    "El Hub es una plataforma de innovación, transferencia de capacidades y articulación institucional al "
    "servicio del sistema municipal chileno, concebida para articular capacidades dispersas, transferir "
    "aprendizajes entre municipios y generar valor público concreto.": (
        "The Hub is a platform for innovation, capacity transfer and institutional coordination serving the "
        "Chilean municipal system, designed to bring together scattered capabilities, transfer lessons learned "
        "between municipalities and create tangible public value."
    ),
    "Innovación": "Innovation",
    "Conocimiento aplicado, modelos replicables y soluciones concretas para los desafíos del Estado local.": (
        "Applied knowledge, replicable models and practical solutions to the challenges of local government."
    ),
    "Transferencia de capacidades": "Capacity transfer",
    "Formación, asistencia técnica y acompañamiento sostenido a los municipios.": (
        "Training, technical assistance and sustained support for municipalities."
    ),
    "Articulación institucional": "Institutional coordination",
    "Estado central, municipios, academia, sector privado y cooperación internacional en proyectos colaborativos.": (
        "Central government, municipalities, academia, the private sector and international cooperation "
        "in collaborative projects."
    ),
    "Cinco líneas de trabajo": "Five lines of work",
    "Líneas de trabajo del Hub": "The Hub's lines of work",
    "Línea": "Line of work",
    "Qué incluye": "What it includes",
    "Ocho etapas de instalación": "Eight set-up stages",
    "Tipologías comunales": "Commune typologies",
    "El Hub diferencia sus servicios según la tipología de cada comuna: metropolitana, mayor, urbana mediana "
    "y rural/semiurbana. Mientras no se importe una clasificación oficial, la plataforma usa una "
    "clasificación provisional documentada.": (
        "The Hub tailors its services to each commune's typology: metropolitan, large, medium urban and "
        "rural/semi-urban. Until an official classification is imported, the platform uses a documented "
        "provisional classification."
    ),
    "Declaración de accesibilidad": "Accessibility statement",
    "Hub Local busca cumplir las pautas WCAG 2.2 nivel AA. Cada página se revisa automáticamente con axe-core "
    "en un navegador real como parte de las pruebas.": (
        "Hub Local aims to meet the WCAG 2.2 level AA guidelines. Every page is checked automatically with "
        "axe-core in a real browser as part of testing."
    ),
    "Todas las páginas funcionan sin JavaScript y con teclado.": "All pages work without JavaScript and with a keyboard.",
    "Las páginas pesan menos de 200 KB para conexiones rurales lentas.": (
        "Pages weigh less than 200 KB, for slow rural connections."
    ),
    "Los mapas tienen una tabla o lista equivalente con los mismos datos.": (
        "Maps have an equivalent table or list with the same data."
    ),
    "La interfaz está disponible en español e inglés.": "The interface is available in Spanish and English.",
    "Si encuentra una barrera, escríbanos a": "If you come across a barrier, write to us at",
    "Todos los datos públicos del Hub están disponibles en una API REST en formato JSON. "
    "El documento OpenAPI 3 completo está en": (
        "All of the Hub's public data is available through a REST API in JSON format. The full OpenAPI 3 document is at"
    ),
    "Autenticación para scripts": "Authentication for scripts",
    "Los datos públicos no requieren autenticación. Para datos privados de su organización, obtenga un token "
    "y envíelo en cada solicitud:": (
        "Public data requires no authentication. For your organization's private data, obtain a token and "
        "send it with every request:"
    ),
    "Las listas se paginan con los parámetros page y page_size (máximo 200) y responden con count, next, "
    "previous y results. Los errores responden con detail y errors por campo.": (
        "Lists are paginated with the page and page_size parameters (maximum 200) and respond with count, "
        "next, previous and results. Errors respond with detail and per-field errors."
    ),
    "Endpoints": "Endpoints",
    "obligatorio": "required",
    "Código %(status)s": "Code %(status)s",
    "Volver al inicio": "Back to home",
    "Una plataforma única para articular el sistema municipal chileno: innovación, transferencia de "
    "capacidades y articulación institucional al servicio de los 345 municipios del país.": (
        "A single platform to bring together the Chilean municipal system: innovation, capacity transfer and "
        "institutional coordination serving the country's 345 municipalities."
    ),
    "Explorar los municipios": "Explore the municipalities",
    "Conocer el Hub": "Learn about the Hub",
    "La red en cifras": "The network in numbers",
    "Cinco desafíos prioritarios del Estado local": "Five priority challenges for local government",
    "Áreas en las que el Hub concentra investigación, formación, asistencia técnica e innovación.": (
        "Areas where the Hub focuses its research, training, technical assistance and innovation."
    ),
    "Cómo trabaja el Hub": "How the Hub works",
    "Diagnosticar": "Assess",
    "Cada municipio conoce su situación en las cinco áreas prioritarias y se compara con municipios similares.": (
        "Each municipality learns where it stands in the five priority areas and compares itself with "
        "similar municipalities."
    ),
    "Innovar": "Innovate",
    "Los problemas diagnosticados se convierten en desafíos abiertos a startups GovTech, con pilotos medidos.": (
        "The problems identified become open challenges for GovTech startups, with measured pilots."
    ),
    "Transferir y articular": "Transfer and connect",
    "Estudios, protocolos, formación y convenios entre municipios, academia, Estado central y cooperación.": (
        "Studies, protocols, training and agreements between municipalities, academia, central government "
        "and cooperation agencies."
    ),
    "Revise los siguientes datos": "Please check the following",
    "Paginación": "Pagination",
    "← Anterior": "← Previous",
    "Página %(n)s de %(total)s": "Page %(n)s of %(total)s",
    "Siguiente →": "Next →",
    # --- territory ------------------------------------------------------------------
    "Código ISO de dos letras": "Two-letter ISO code",
    "Código CUT de la región, p. ej. 13": "Region CUT code, e.g. 13",
    "Código CUT de la provincia, p. ej. 131": "Province CUT code, e.g. 131",
    "Tipología comunal": "Commune typology",
    "Texto en el nombre (sin distinguir tildes) o código": "Text in the name (accent-insensitive) or code",
    # An empty filter returns every country (selectors.commune_list); "CL" is the example value.
    "Código ISO del país (CL por defecto: todos)": "Country ISO code, e.g. CL (default: all countries)",
    "Tipología desconocida. Valores: %(v)s.": "Unknown typology. Allowed values: %(v)s.",
    "Listar comunas": "List communes",
    "Registrar un municipio de otro país": "Register a municipality from another country",
    "Detalle de una comuna": "Commune detail",
    "Cambiar la tipología de una comuna": "Change a commune's typology",
    "Listar regiones": "List regions",
    "Listar provincias": "List provinces",
    "Territorio": "Territory",
    "Comunas de Chile": "Communes of Chile",
    "No existe el archivo «%(path)s».": "The file “%(path)s” does not exist.",
    "«%(path)s» es una carpeta, no un archivo CSV.": "“%(path)s” is a folder, not a CSV file.",
    "No se pudo leer «%(path)s»: %(error)s": "Could not read “%(path)s”: %(error)s",
    "No se pudo decodificar «%(path)s».": "Could not decode “%(path)s”.",
    "Archivo rechazado, no se guardó ningún cambio: %(errors)s": "File rejected, no changes were saved: %(errors)s",
    "Archivo: %(path)s (codificación %(encoding)s)": "File: %(path)s (encoding %(encoding)s)",
    "Filas leídas: %(n)d": "Rows read: %(n)d",
    "Filas válidas: %(n)d": "Valid rows: %(n)d",
    "Filas rechazadas: %(n)d": "Rejected rows: %(n)d",
    "  línea %(line)d, código «%(code)s»: %(reason)s": "  line %(line)d, code “%(code)s”: %(reason)s",
    "Se rechazaron %(n)d de %(total)d filas; no se guardó ningún cambio.": (
        "%(n)d of %(total)d rows were rejected; no changes were saved."
    ),
    "Comunas que cambiarían de tipología: %(n)d": "Communes whose typology would change: %(n)d",
    "Simulación (--dry-run): no se guardó ningún cambio.": "Dry run (--dry-run): no changes were saved.",
    "Comunas con tipología cambiada: %(n)d": "Communes with a changed typology: %(n)d",
    "Importación completada.": "Import completed.",
    "Norte": "North",
    "Centro": "Center",
    "Sur": "South",
    "Gran Santiago (ampliado)": "Greater Santiago (enlarged)",
    "Metropolitana": "Metropolitan",
    # Typology: "Mayor" is the *large* commune class, not the mayor (see "Alcalde/sa").
    "Mayor": "Large",
    "Urbana mediana": "Medium urban",
    "Rural / semiurbana": "Rural / semi-urban",
    "Sin clasificar": "Unclassified",
    "código ISO": "ISO code",
    "país": "country",
    "países": "countries",
    "código CUT": "CUT code",
    "región": "region",
    "regiones": "regions",
    "provincia": "province",
    "provincias": "provinces",
    "código": "code",
    "código nacional": "national code",
    "división administrativa": "administrative division",
    "Para municipios fuera de Chile.": "For municipalities outside Chile.",
    "tipología": "typology",
    "superficie (km²)": "area (km²)",
    "comuna": "commune",
    "comunas": "communes",
    "El archivo no es un CSV legible (línea %(line)s): %(error)s": (
        "The file is not a readable CSV (line %(line)s): %(error)s"
    ),
    # Column names are literal CSV headers and stay in Spanish.
    "El archivo debe tener las columnas 'codigo' y 'tipologia' (encontradas: %(cols)s).": (
        "The file must have the columns 'codigo' and 'tipologia' (found: %(cols)s)."
    ),
    "ninguna": "none",
    "falta el código de comuna": "missing commune code",
    "código de comuna desconocido": "unknown commune code",
    "código duplicado (ya aparece en la línea %(line)s)": "duplicate code (already on line %(line)s)",
    "falta la tipología": "missing typology",
    "tipología desconocida: «%(value)s»": "unknown typology: “%(value)s”",
    "El archivo no contiene filas de datos.": "The file contains no data rows.",
    "Importación de tipologías": "Typology import",
    "Tipología desconocida.": "Unknown typology.",
    "Use el código ISO de dos letras del país (p. ej. UY, AR, PE).": "Use the country's two-letter ISO code (e.g. UY, AR, PE).",
    "Las comunas de Chile vienen de la DPA oficial; no se registran a mano.": (
        "Chile's communes come from the official DPA; they are not registered by hand."
    ),
    "Indique el nombre del municipio.": "Enter the municipality's name.",
    "Indique el código nacional del municipio.": "Enter the municipality's national code.",
    "Ese municipio ya está registrado.": "That municipality is already registered.",
    # --- territory: Latin American network of municipalities ------------------------
    "Red latinoamericana": "Latin American network",
    "Red latinoamericana de municipios": "Latin American network of municipalities",
    "Municipios de otros países que participan en la red del Hub para intercambiar experiencias y soluciones.": (
        "Municipalities from other countries that take part in the Hub's network to exchange experiences and solutions."
    ),
    "Registrar municipio de otro país": "Register a municipality from another country",
    "Registrar municipio de la red": "Register a network municipality",
    "Registrar municipio": "Register municipality",
    "Registrar": "Register",
    "País (código ISO de dos letras)": "Country (two-letter ISO code)",
    "Ej.: UY, AR, PE, BR": "E.g.: UY, AR, PE, BR",
    "Nombre del país": "Country name",
    "Nombre del municipio": "Municipality name",
    "Código nacional del municipio": "Municipality's national code",
    "Departamento, estado o provincia": "Department, state or province",
    "Filtrar municipios de la red": "Filter network municipalities",
    "%(n)s municipio": ("%(n)s municipality", "%(n)s municipalities"),
    "Municipios de la red": "Network municipalities",
    "Municipio": "Municipality",
    "Código nacional": "National code",
    "Aún no hay municipios de otros países que coincidan.": "No matching municipalities from other countries yet.",
    "Municipio «%(name)s» registrado en la red.": "Municipality “%(name)s” registered in the network.",
    # --- core: API error documentation ----------------------------------------------
    "Mensaje para personas, en el idioma pedido": "Human-readable message, in the requested language",
    "Mensajes por campo; vacío cuando el error no es de un campo": (
        "Per-field messages; empty when the error is not about a field"
    ),
    "Datos o parámetros inválidos; `errors` dice qué campo corregir": (
        "Invalid data or parameters; `errors` says which field to correct"
    ),
    "Falta el token o no es válido": "The token is missing or invalid",
    "La cuenta no tiene permiso para esta acción": "The account does not have permission for this action",
    "No existe, o no es visible para esta cuenta": "Does not exist, or is not visible to this account",
    "El cuerpo debe ser JSON (Content-Type: application/json)": "The body must be JSON (Content-Type: application/json)",
    "Demasiadas solicitudes; espere antes de reintentar": "Too many requests; wait before retrying",
    # --- diagnosis ("diagnóstico" = the municipal self-assessment) ---------------------
    "Diagnóstico": "Assessment",
    "Diagnóstico municipal": "Municipal assessment",
    "Municipios con diagnóstico": "Municipalities with an assessment",
    "Nombre de la campaña": "Campaign name",
    "Instrumento (versión publicada)": "Instrument (published version)",
    "Abre": "Opens",
    "Cierra": "Closes",
    "Municipios de la región": "Municipalities in the region",
    "Municipios de la tipología": "Municipalities of the typology",
    "O bien, códigos de comuna": "Or, commune codes",
    "Separados por coma o espacio, p. ej. 13101, 05101. Se combinan con los filtros (unión).": (
        "Separated by commas or spaces, e.g. 13101, 05101. Combined with the filters (union)."
    ),
    "Recordar al punto focal tras (días sin actividad)": "Remind the focal point after (days without activity)",
    "Escalar al administrador municipal tras (días)": "Escalate to the municipal administrator after (days)",
    "Escalar a alcaldía tras (días)": "Escalate to the mayor's office after (days)",
    "Publicar los puntajes como datos abiertos": "Publish the scores as open data",
    "—": "—",
    "Códigos inválidos: %(c)s": "Invalid codes: %(c)s",
    "Elija municipios por región, tipología o códigos.": "Choose municipalities by region, typology or codes.",
    "Elija un instrumento publicado.": "Choose a published instrument.",
    "Punto focal de la municipalidad": "The municipality's focal point",
    "Quien coordina a sus colegas y envía el diagnóstico.": (
        "The person who coordinates their colleagues and submits the assessment."
    ),
    "Mantener el actual": "Keep the current one",
    "Nuevo plazo (opcional)": "New deadline (optional)",
    "versión de instrumento": "instrument version",
    "versiones de instrumentos": "instrument versions",
    "abre": "opens",
    "cierra": "closes",
    "recordar tras (días sin actividad)": "remind after (days without activity)",
    "escalar al administrador tras": "escalate to the administrator after",
    "escalar a alcaldía tras": "escalate to the mayor's office after",
    "publicar puntajes": "publish scores",
    "campaña": "campaign",
    "campañas": "campaigns",
    "Invitado": "Invited",
    "Confirmado": "Confirmed",
    "En curso": "In progress",
    # Shared by the participation status (a submitted assessment) and the e-mail outcome
    # (a sent message); "Sent" reads correctly for both.
    "Enviado": "Sent",
    "participación": "participation",
    "participaciones": "participations",
    "respuesta": "answer",
    "respuestas": "answers",
    "Borrador": "Draft",
    "Convertido en desafío": "Turned into a challenge",
    "Descartado": "Discarded",
    "título": "title",
    "problema": "problem",
    "Inicial": "Initial",
    "Básico": "Basic",
    "Intermedio": "Intermediate",
    "Avanzado": "Advanced",
    "Líder": "Leading",
    "Elija una de las opciones de esta pregunta.": "Choose one of the options for this question.",
    "Envíe una lista de opciones.": "Send a list of options.",
    "«%(v)s» no es una opción de esta pregunta.": "“%(v)s” is not an option for this question.",
    "La opción «%(v)s» no se combina con otras.": "The option “%(v)s” cannot be combined with others.",
    "Elija un valor entre 1 y 5.": "Choose a value between 1 and 5.",
    "Ingrese un número.": "Enter a number.",
    "Ingrese un número entero.": "Enter a whole number.",
    "Ingrese un número entre %(lo)s y %(hi)s.": "Enter a number between %(lo)s and %(hi)s.",
    "Responda sí o no.": "Answer yes or no.",
    "Ingrese un texto.": "Enter some text.",
    "Tipo de pregunta desconocido.": "Unknown question type.",
    "%(label)s ya está publicado y su contenido cambió: publíquelo como una versión nueva.": (
        "%(label)s is already published and its content has changed: publish it as a new version."
    ),
    "Indique un nombre para la campaña.": "Enter a name for the campaign.",
    "El cierre debe ser posterior a la apertura.": "The closing date must be after the opening date.",
    "Elija al menos un municipio participante.": "Choose at least one participating municipality.",
    "Solo participan municipalidades.": "Only municipalities can take part.",
    "El diagnóstico ya fue enviado. Pida al equipo del Hub que lo reabra para cambiarlo.": (
        "The assessment has already been submitted. Ask the Hub team to reopen it if you need to change it."
    ),
    "La campaña aún no abre. Podrá responder desde %(d)s.": "The campaign has not opened yet. You can answer from %(d)s.",
    "El plazo para responder terminó.": "The deadline for answering has passed.",
    "El punto focal debe pertenecer a la municipalidad.": "The focal point must belong to the municipality.",
    "Otra persona cambió estas respuestas mientras usted editaba.": (
        "Someone else changed these answers while you were editing."
    ),
    "Esta pregunta no existe en la versión del instrumento.": "This question does not exist in this version of the instrument.",
    "Falta responder esta pregunta obligatoria.": "This required question has not been answered.",
    "La nueva fecha límite debe ser futura.": "The new deadline must be in the future.",
    "Primero envíe el diagnóstico para conocer sus brechas.": "Submit the assessment first to see your gaps.",
    "Dimensión desconocida.": "Unknown dimension.",
    "%(dim)s en %(commune)s": "%(dim)s in %(commune)s",
    "El diagnóstico «%(instrument)s» muestra una brecha en «%(dim)s» (puntaje %(score)s de 100). Describa "
    "quiénes sufren el problema, cómo funciona hoy el proceso, qué restricciones existen y qué resultado "
    "medible sería un éxito.": (
        "The “%(instrument)s” assessment shows a gap in “%(dim)s” (score %(score)s out of 100). Describe who is "
        "affected by the problem, how the process works today, what constraints exist and what measurable "
        "result would count as success."
    ),
    "Esta brecha ya tiene un desafío propuesto.": "This gap already has a proposed challenge.",
    "No hay municipalidad para: %(c)s": "No municipality for: %(c)s",
    # Not pluralised in the source; this wording reads correctly for any n.
    "Campaña creada con %(n)s municipios.": "Campaign created; municipalities invited: %(n)s.",
    "Diagnóstico de %(c)s reabierto.": "Assessment for %(c)s reopened.",
    "Fecha inválida.": "Invalid date.",
    "Participación confirmada.": "Participation confirmed.",
    "Respuestas guardadas.": "Answers saved.",
    "No se pudo enviar: %(n)s preguntas obligatorias sin responder.": (
        "Could not submit: required questions still unanswered: %(n)s."
    ),
    "Diagnóstico enviado. Estos son sus resultados.": "Assessment submitted. Here are your results.",
    "Campañas": "Campaigns",
    "Recordatorio a los %(a)s días, administrador a los %(b)s, alcaldía a los %(c)s.": (
        "Reminder after %(a)s days, administrator after %(b)s, mayor's office after %(c)s."
    ),
    "Respuestas CSV": "Answers CSV",
    "Respuestas XLSX": "Answers XLSX",
    "Puntajes CSV": "Scores CSV",
    "Embudo de participación": "Participation funnel",
    "Invitados": "Invited",
    "Confirmados": "Confirmed",
    "Enviados": "Submitted",
    "En silencio": "Silent",
    "Última actividad": "Last activity",
    "Escalamiento": "Escalation",
    "hace %(t)s": "%(t)s ago",
    "Reabrir": "Reopen",
    "Mensajes enviados": "Messages sent",
    "A quién": "To whom",
    "Resultado": "Outcome",
    "Aún no se han enviado recordatorios.": "No reminders have been sent yet.",
    "Nueva campaña": "New campaign",
    "Nueva campaña de diagnóstico": "New assessment campaign",
    "Elija el instrumento, el plazo y los municipios participantes. Cada municipio recibirá recordatorios si "
    "deja de responder: primero su punto focal, luego el administrador municipal y por último la alcaldía.": (
        "Choose the instrument, the deadline and the participating municipalities. Each municipality will "
        "receive reminders if it stops responding: first its focal point, then the municipal administrator "
        "and finally the mayor's office."
    ),
    "Crear campaña e invitar": "Create campaign and invite",
    "Campañas de diagnóstico": "Assessment campaigns",
    "Campaña": "Campaign",
    "Instrumento": "Instrument",
    "Plazo": "Deadline",
    "Aún no hay campañas.": "No campaigns yet.",
    "Cada relación con el Hub empieza con un diagnóstico: el municipio responde un instrumento en una de las "
    "cinco áreas prioritarias, conoce al instante sus puntajes, cómo se compara con municipios similares y "
    "qué hacer a continuación.": (
        "Every relationship with the Hub starts with an assessment: the municipality answers an instrument in "
        "one of the five priority areas and immediately sees its scores, how it compares with similar "
        "municipalities and what to do next."
    ),
    "Ver resultados nacionales": "See national results",
    "Metodología": "Methodology",
    "Campañas (equipo Hub)": "Campaigns (Hub team)",
    "Diagnósticos de mi municipalidad": "My municipality's assessments",
    "Su municipalidad aún no participa en campañas de diagnóstico.": (
        "Your municipality is not taking part in any assessment campaign yet."
    ),
    "Instrumentos": "Instruments",
    "%(n)s pregunta": ("%(n)s question", "%(n)s questions"),
    "Aún no hay instrumentos publicados.": "No instruments have been published yet.",
    "Tiempo estimado: %(n)s minutos.": "Estimated time: %(n)s minutes.",
    "condicional": "conditional",
    "Marcos de referencia": "Reference frameworks",
    "Metodología del diagnóstico": "Assessment methodology",
    "Versiones publicadas": "Published versions",
    "Versión": "Version",
    "Preguntas": "Questions",
    "Publicada": "Published",
    "Huella (SHA-256)": "Fingerprint (SHA-256)",
    # --- engagement (follow-up and escalation of silent organizations) ----------------
    "Seguimiento y escalamiento": "Follow-up and escalation",
    "Seguimiento y recordatorios": "Follow-up and reminders",
    "Invitada": "Invited",
    "Confirmada": "Confirmed",
    "Completada": "Completed",
    "Sin respuesta": "No response",
    "Sin escalamiento": "No escalation",
    "Recordatorio al punto focal": "Reminder to the focal point",
    "Aviso al administrador/a municipal": "Notice to the municipal administrator",
    "Aviso al alcalde/sa": "Notice to the mayor",
    "Sin contacto designado": "No designated contact",
    "Falló el envío": "Sending failed",
    "proceso": "process",
    "Por ejemplo: diagnosis.campaign.": "For example: diagnosis.campaign.",
    "objeto": "object",
    "Por ejemplo: campaign:12.": "For example: campaign:12.",
    "nombre del proceso": "process name",
    "enlace": "link",
    "Dónde actúa la organización.": "Where the organization takes action.",
    "estado": "status",
    "última actividad": "last activity",
    "nivel de escalamiento": "escalation level",
    "recordar al punto focal tras (días)": "remind the focal point after (days)",
    "avisar al administrador tras (días)": "notify the administrator after (days)",
    "avisar al alcalde tras (días)": "notify the mayor after (days)",
    "cerrado": "closed",
    "seguimiento": "follow-up",
    "seguimientos": "follow-ups",
    "nivel": "level",
    "destinatario (rol)": "recipient (role)",
    "destinatario": "recipient",
    "correo del destinatario": "recipient email",
    "asunto": "subject",
    "mensaje": "message",
    "días sin actividad": "days without activity",
    "fecha": "date",
    "resultado": "outcome",
    "error": "error",
    "mensaje de seguimiento": "follow-up message",
    "mensajes de seguimiento": "follow-up messages",
    "Los plazos de recordatorio y escalamiento deben ser números enteros positivos.": (
        "Reminder and escalation periods must be positive whole numbers."
    ),
    "Los plazos deben ser crecientes: primero el recordatorio al punto focal, luego el aviso al "
    "administrador/a municipal y al final el aviso al alcalde/sa.": (
        "The periods must increase: first the reminder to the focal point, then the notice to the municipal "
        "administrator and finally the notice to the mayor."
    ),
    "Los plazos no pueden superar 32767 días.": "Periods cannot exceed 32767 days.",
    "Un seguimiento se abre como invitada, confirmada o en curso.": (
        "A follow-up opens as invited, confirmed or in progress."
    ),
    "La actividad solo puede marcar la participación como confirmada o en curso.": (
        "Activity can only mark participation as confirmed or in progress."
    ),
    "Recordatorios y escalamientos": "Reminders and escalations",
    # The e-mails below are composed in LANGUAGE_CODE (Spanish) on purpose; kept for completeness.
    "equipo municipal": "municipal team",
    "Recordatorio: %(label)s": "Reminder: %(label)s",
    "Le escribimos desde el Hub Nacional de Gobierno Local. %(organization)s participa en «%(label)s» y no "
    "registramos actividad desde hace %(days)s días.": (
        "We are writing from the National Local Government Hub. %(organization)s is taking part in "
        "“%(label)s” and we have recorded no activity for %(days)s days."
    ),
    "Como punto focal, le pedimos retomar el proceso. Si hay algún impedimento, responda a este correo y lo "
    "ayudaremos.": (
        "As the focal point, we ask you to resume the process. If anything is in the way, reply to this email "
        "and we will help."
    ),
    "%(organization)s: «%(label)s» sin actividad hace %(days)s días": (
        "%(organization)s: “%(label)s” inactive for %(days)s days"
    ),
    "Le escribimos desde el Hub Nacional de Gobierno Local. %(organization)s participa en «%(label)s», pero "
    "el proceso no registra actividad desde hace %(days)s días.": (
        "We are writing from the National Local Government Hub. %(organization)s is taking part in "
        "“%(label)s”, but the process has recorded no activity for %(days)s days."
    ),
    "Como administrador/a municipal, le pedimos su apoyo para que el equipo a cargo pueda retomarlo.": (
        "As municipal administrator, we ask for your support so that the team in charge can resume it."
    ),
    "Solicitud de apoyo del Hub: «%(label)s» detenido hace %(days)s días": (
        "Request for support from the Hub: “%(label)s” stalled for %(days)s days"
    ),
    "Le escribimos desde el Hub Nacional de Gobierno Local. %(organization)s se comprometió a participar en "
    "«%(label)s», pero el proceso no registra actividad desde hace %(days)s días.": (
        "We are writing from the National Local Government Hub. %(organization)s committed to taking part in "
        "“%(label)s”, but the process has recorded no activity for %(days)s days."
    ),
    "Su respaldo como alcalde/sa permite priorizar este trabajo dentro del municipio. Le pedimos indicar al "
    "equipo que lo retome o designar a otra persona a cargo.": (
        "Your backing as mayor allows this work to be prioritized within the municipality. We ask you to "
        "instruct the team to resume it or to put another person in charge."
    ),
    "Estimado/a %(name)s:": "Dear %(name)s,",
    "Enlace: %(url)s": "Link: %(url)s",
    "Ya hemos contactado a:": "We have already contacted:",
    "- %(name)s (%(role)s), el %(date)s": "- %(name)s (%(role)s), on %(date)s",
    "La organización no tiene designada esta función.": "The organization has not designated anyone for this role.",
    "La persona designada no tiene correo.": "The designated person has no email address.",
    "Se registraron %(n)s mensajes de recordatorio o escalamiento.": (
        "Reminder or escalation messages recorded: %(n)s."
    ),
    "No hay recordatorios pendientes en este momento.": "There are no pending reminders at the moment.",
    "Fecha": "Date",
    "Proceso": "Process",
    "Nivel": "Level",
    "Destinatario": "Recipient",
    "Mensaje": "Message",
    "Nadie designado": "No one designated",
    "Sin mensajes todavía.": "No messages yet.",
    "Ejecutar recordatorios ahora": "Run reminders now",
    "Se ejecutan solos cada hora; este botón no repite mensajes ya enviados.": (
        "They run automatically every hour; this button does not resend messages already sent."
    ),
    "hace %(days)s día": ("%(days)s day ago", "%(days)s days ago"),
    "sin actividad (invitada hace %(days)s día)": (
        "no activity (invited %(days)s day ago)",
        "no activity (invited %(days)s days ago)",
    ),
    "Sin organizaciones en seguimiento.": "No organizations are being followed up.",
    "Seguimiento de participación": "Participation follow-up",
    "Seguimiento": "Follow-up",
    "Cuando una organización deja de responder en un proceso, el Hub le recuerda al punto focal, luego avisa "
    "al administrador/a municipal y por último al alcalde/sa. Esta página muestra cada proceso y los mensajes "
    "enviados.": (
        "When an organization stops responding in a process, the Hub reminds its focal point, then notifies "
        "the municipal administrator and finally the mayor. This page shows each process and the messages sent."
    ),
    "Procesos": "Processes",
    "Completadas": "Completed",
    "Todavía no hay procesos con seguimiento.": "No processes are being followed up yet.",
    "Mensajes recientes": "Recent messages",
    "Seguimiento de %(name)s": "Follow-up: %(name)s",
    "Procesos del Hub en que participa esta organización y los recordatorios enviados a su punto focal, "
    "administrador/a municipal o alcalde/sa.": (
        "Hub processes this organization takes part in, and the reminders sent to its focal point, municipal "
        "administrator or mayor."
    ),
    "Mensajes": "Messages",
    "Organizaciones según su estado actual. «Sin respuesta»: ya se envió al menos un recordatorio.": (
        "Organizations by current status. “No response”: at least one reminder has already been sent."
    ),
    "Registro de mensajes": "Message log",
    # --- diagnosis: answering and submitting ----------------------------------------
    "obligatoria": "required",
    "Valor guardado ahora por %(who)s: %(v)s": "Value just saved by %(who)s: %(v)s",
    "Sí": "Yes",
    "No": "No",
    "Respondida por %(who)s hace %(t)s": "Answered by %(who)s %(t)s ago",
    "Alguien más cambió estas respuestas": "Someone else changed these answers",
    "Mientras usted editaba, otra persona guardó respuestas distintas. No se guardó nada. Revise los valores "
    "actuales abajo y vuelva a guardar si quiere reemplazarlos.": (
        "While you were editing, someone else saved different answers. Nothing was saved. Check the current "
        "values below and save again if you want to replace them."
    ),
    "guardada por %(who)s": "saved by %(who)s",
    "Revise las respuestas marcadas": "Check the highlighted answers",
    "No se guardó ninguna respuesta de esta sección; corrija las marcadas y vuelva a guardar.": (
        "No answers in this section were saved; correct the highlighted ones and save again."
    ),
    "Guardar y continuar": "Save and continue",
    "Guardar y revisar": "Save and review",
    "Solo lectura: este diagnóstico ya fue enviado o usted no responde por esta municipalidad.": (
        "Read only: this assessment has already been submitted, or you do not answer for this municipality."
    ),
    "Guardado a las %(t)s": "Saved at %(t)s",
    "Guardando…": "Saving…",
    "Plazo para responder: %(d)s.": "Deadline for answering: %(d)s.",
    "Plazo extendido hasta %(d)s.": "Deadline extended to %(d)s.",
    "Ver resultados y reporte": "See results and report",
    "Confirmar participación": "Confirm participation",
    "Confirme que su municipalidad participará y, si corresponde, nombre a su punto focal. Varias personas de "
    "la municipalidad pueden responder juntas; el punto focal envía el diagnóstico.": (
        "Confirm that your municipality will take part and, if appropriate, name its focal point. Several "
        "people from the municipality can answer together; the focal point submits the assessment."
    ),
    "Confirmar": "Confirm",
    "Secciones": "Sections",
    "Las respuestas se guardan al avanzar y puede retomarlas cuando quiera, desde cualquier computador.": (
        "Answers are saved as you go, and you can come back to them at any time, from any computer."
    ),
    "%(a)s de %(b)s obligatorias": "%(a)s of %(b)s required",
    "Revisar y enviar": "Review and submit",
    "Últimos cambios": "Latest changes",
    "Secciones del instrumento": "Instrument sections",
    "Falta %(n)s pregunta obligatoria": (
        "%(n)s required question is unanswered",
        "%(n)s required questions are unanswered",
    ),
    "Todas las preguntas obligatorias están respondidas.": "All required questions have been answered.",
    "Vista previa de puntajes": "Score preview",
    "Calculados con las respuestas guardadas hasta ahora; son definitivos al enviar.": (
        "Calculated from the answers saved so far; they become final when you submit."
    ),
    "Índice general": "Overall index",
    "Al enviar, el diagnóstico queda cerrado y se calculan sus resultados. Solo el equipo del Hub puede reabrirlo.": (
        "Once submitted, the assessment is closed and its results are calculated. Only the Hub team can reopen it."
    ),
    "Enviar diagnóstico": "Submit assessment",
    "Complete las preguntas que faltan para poder enviar.": "Answer the remaining questions to be able to submit.",
    "Ver resultados": "See results",
    "El plazo de la campaña terminó.": "The campaign deadline has passed.",
    "El punto focal de su municipalidad envía el diagnóstico.": "Your municipality's focal point submits the assessment.",
    # --- diagnosis: API documentation and errors --------------------------------------
    "Indique la zona horaria, p. ej. 2026-03-01T09:00:00-03:00.": "Include the time zone, e.g. 2026-03-01T09:00:00-03:00.",
    "La fecha debe estar entre los años %(lo)s y %(hi)s.": "The date must be between the years %(lo)s and %(hi)s.",
    "SHA-256 del contenido publicado": "SHA-256 of the published content",
    "Si es la versión más reciente de su instrumento": "Whether this is the latest version of its instrument",
    "Puntaje 0–100 de la opción": "Score 0–100 of the option",
    "No se combina con otras opciones": "Cannot be combined with other options",
    "Pregunta de la que depende": "Question it depends on",
    "Valor que la muestra": "Value that makes it visible",
    "Valores que la muestran": "Values that make it visible",
    "Se muestra si fue respondida": "Shown if that question was answered",
    "Hasta este valor (null: el resto)": "Up to this value (null: the rest)",
    "single, multiple, scale, number, yesno o text": "single, multiple, scale, number, yesno or text",
    "Sí/no: «no» es la buena respuesta": "Yes/no: “no” is the good answer",
    "Largo máximo de una respuesta de texto": "Maximum length of a text answer",
    "Próximos pasos por dimensión y nivel": "Next steps by dimension and level",
    "Área temática": "Thematic area",
    "Listar instrumentos publicados": "List published instruments",
    "Área desconocida. Valores: %(v)s.": "Unknown area. Allowed values: %(v)s.",
    "Estructura de una versión de instrumento": "Structure of an instrument version",
    "No existe esa versión del instrumento.": "That instrument version does not exist.",
    "Versión publicada del instrumento": "Published version of the instrument",
    "ISO 8601 con zona horaria": "ISO 8601 with time zone",
    "ISO 8601 con zona horaria; posterior a la apertura": "ISO 8601 with time zone; after the opening",
    "Códigos de las comunas cuyas municipalidades participan": "Codes of the communes whose municipalities take part",
    "Listar campañas de diagnóstico": "List assessment campaigns",
    "Lanzar una campaña de diagnóstico": "Launch an assessment campaign",
    "No hay una versión publicada %(slug)s v%(v)s.": "There is no published version %(slug)s v%(v)s.",
    "No hay municipalidad para estos códigos: %(c)s.": "There is no municipality for these codes: %(c)s.",
    "Detalle de una campaña": "Campaign detail",
    "No existe esa campaña.": "That campaign does not exist.",
    "invited, confirmed, in_progress, done o silent": "invited, confirmed, in_progress, done or silent",
    "Sin actividad más allá del plazo": "No activity beyond the deadline",
    "0 ninguno, 1 punto focal, 2 administrador, 3 alcaldía": "0 none, 1 focal point, 2 administrator, 3 mayor's office",
    "invited, confirmed, in_progress o submitted": "invited, confirmed, in_progress or submitted",
    "Aumenta con cada respuesta guardada": "Increases with every saved answer",
    "Si aún se puede responder": "Whether it can still be answered",
    "Participaciones de una campaña con su seguimiento": "A campaign's participations with their follow-up",
    "No existe esa participación.": "That participation does not exist.",
    "Detalle de una participación": "Participation detail",
    "Persona de la municipalidad que será punto focal (null: no cambiarlo)": (
        "Person from the municipality who will be the focal point (null: leave unchanged)"
    ),
    "Confirmar la participación y nombrar el punto focal": "Confirm participation and name the focal point",
    "Persona desconocida.": "Unknown person.",
    "Nueva fecha límite para esta municipalidad (ISO 8601 con zona horaria)": (
        "New deadline for this municipality (ISO 8601 with time zone)"
    ),
    "Reabrir un diagnóstico enviado o extender su plazo": "Reopen a submitted assessment or extend its deadline",
    "Opción, lista de opciones, número, sí/no o texto": "Option, list of options, number, yes/no or text",
    "Envíela al guardar: detecta ediciones simultáneas": "Send it when saving: it detects simultaneous edits",
    "Por id de pregunta": "By question id",
    'null o "" borra la respuesta': 'null or "" clears the answer',
    "Versión que se editó (0: no había respuesta; null: sin verificar)": (
        "Version that was edited (0: there was no answer; null: not checked)"
    ),
    "null: la respuesta fue borrada": "null: the answer was cleared",
    "Lo que hay guardado ahora, por id de pregunta": "What is saved now, by question id",
    "Valor demasiado anidado.": "Value is nested too deeply.",
    "El texto contiene caracteres no permitidos.": "The text contains characters that are not allowed.",
    "Número fuera de rango.": "Number out of range.",
    "Valor inválido: envíe una opción, una lista de opciones, un número, sí/no o un texto.": (
        "Invalid value: send an option, a list of options, a number, yes/no or a text."
    ),
    'Envíe un objeto {"answers": {id de pregunta: {"value": …, "version": n}}}.': (
        'Send an object {"answers": {question id: {"value": …, "version": n}}}.'
    ),
    "No hay respuestas que guardar.": "There are no answers to save.",
    "Máximo %(n)s respuestas por envío.": "Maximum %(n)s answers per request.",
    "Id de pregunta inválido.": "Invalid question id.",
    'Envíe un objeto {"value": …, "version": n}.': 'Send an object {"value": …, "version": n}.',
    "La versión debe ser un entero mayor o igual que 0, o null.": (
        "The version must be an integer greater than or equal to 0, or null."
    ),
    "Respuestas guardadas de una participación": "Saved answers of a participation",
    "Otra persona cambió alguna de estas respuestas; no se guardó nada": (
        "Someone else changed one of these answers; nothing was saved"
    ),
    "Guardar respuestas (todas o ninguna)": "Save answers (all or none)",
    "Guardar algunas respuestas (todas o ninguna)": "Save some answers (all or none)",
    "Puntaje propio menos el promedio": "Own score minus the mean",
    "typology, region o nation": "typology, region or nation",
    "Grupos de menos de 3 municipios no se muestran": "Groups of fewer than 3 municipalities are not shown",
    "Resultado de una participación, con sus pares": "Result of a participation, with its peers",
    "Esta participación aún no tiene resultados: no se ha enviado.": (
        "This participation has no results yet: it has not been submitted."
    ),
    "Enviar el diagnóstico y calcular sus puntajes": "Submit the assessment and calculate its scores",
    "Faltan %(n)s preguntas obligatorias: %(ids)s.": "Required questions unanswered (%(n)s): %(ids)s.",
    "Puntajes publicados de una comuna": "Published scores of a commune",
    "Lugar en el ranking filtrado (empates: mismo lugar)": "Position in the filtered ranking (ties: same position)",
    "Indique la campaña (?campaign=id).": "Specify the campaign (?campaign=id).",
    "Campaña desconocida.": "Unknown campaign.",
    "Los puntajes de esta campaña no son públicos.": "This campaign's scores are not public.",
    "Región desconocida: use el código CUT de dos dígitos, p. ej. 13.": (
        "Unknown region: use the two-digit CUT code, e.g. 13."
    ),
    "Id de la campaña": "Campaign id",
    "Ranking de municipios de una campaña": "Ranking of a campaign's municipalities",
    "Contiene caracteres no permitidos.": "Contains characters that are not allowed.",
    # --- diagnosis: charts, exports and reports ---------------------------------------
    # Chart legend next to the bars of the municipality being shown (also seen by the public).
    "Su municipio": "This municipality",
    "sin puntaje": "no score",
    "Índice general (0 a 100)": "Overall index (0 to 100)",
    "sin resultado": "no result",
    # Inside f-strings, so xgettext misses them until the calls move out (see the lead's report).
    "Sin resultado": "No result",
    "sistema": "system",
    "Mapa de Chile por tipología comunal": "Map of Chile by commune typology",
    "Comunas de Chile coloreadas por tipología": "Communes of Chile colored by typology",
    "Código comunal (CUT)": "Commune code (CUT)",
    "Código de región (CUT)": "Region code (CUT)",
    "Tipología del municipio al ser invitado": "Municipality's typology when invited",
    "Estado de la participación": "Participation status",
    "Fecha y hora de envío (America/Santiago)": "Submission date and time (America/Santiago)",
    "Cualquier pregunta": "Any question",
    "No aplica: la pregunta no se mostró porque su condición no se cumplió": (
        "Not applicable: the question was not shown because its condition was not met"
    ),
    "Los resultados aparecen cuando el diagnóstico se envía.": "Results appear once the assessment is submitted.",
    "Se creó el borrador de desafío «%(t)s». El equipo del Hub lo revisará con ustedes antes de publicarlo.": (
        "The draft challenge “%(t)s” was created. The Hub team will review it with you before publishing it."
    ),
    "No hay resultados publicados del instrumento «%(v)s»; se muestran todos.": (
        "There are no published results for the instrument “%(v)s”; showing all."
    ),
    "La campaña pedida no tiene resultados publicados; se muestra la más reciente.": (
        "The requested campaign has no published results; showing the most recent one."
    ),
    "Región desconocida: «%(v)s»; se muestran todas.": "Unknown region: “%(v)s”; showing all.",
    "Tipología desconocida: «%(v)s»; se muestran todas.": "Unknown typology: “%(v)s”; showing all.",
    "todo el país": "whole country",
    "Distribución del índice general: %(s)s": "Distribution of the overall index: %(s)s",
    "Cantidad de municipios por tramo de 10 puntos del índice general. Los mismos datos están en la tabla que sigue.": (
        "Number of municipalities per 10-point band of the overall index. The same data is in the table below."
    ),
    "Mapa de Chile: índice general por comuna": "Map of Chile: overall index by commune",
    "%(n)s comunas con resultado en la campaña %(c)s, coloreadas en cinco tramos según su nivel; las comunas "
    "sin resultado aparecen achuradas en gris. La tabla del ranking tiene los mismos datos.": (
        "%(n)s communes with a result in the campaign %(c)s, colored in five bands by level; communes without "
        "a result are hatched in gray. The ranking table has the same data."
    ),
    # Peer-group labels; "Media %(g)s" receives one of them ("country" lowercased).
    "Tipología %(t)s": "%(t)s typology",
    "Región %(r)s": "%(r)s region",
    "Media %(g)s": "%(g)s mean",
    # Short chart-legend labels.
    "Media tipología": "Typology mean",
    "Media región": "Region mean",
    "Media país": "National mean",
    "Pregunta": "Question",
    "Respuesta": "Answer",
    "Puntaje de 0 a 100 de cada dimensión de %(c)s%(peers)s. Los mismos datos están en la tabla.": (
        "Score from 0 to 100 for each dimension of %(c)s%(peers)s. The same data is in the table."
    ),
    "; marcas: %(s)s": "; marks: %(s)s",
    "Puntajes por dimensión de %(c)s": "Scores by dimension for %(c)s",
    "Reporte de diagnóstico: %(i)s": "Assessment report: %(i)s",
    "Página %(n)s": "Page %(n)s",
    "Fecha de envío": "Submission date",
    "Versión del instrumento": "Instrument version",
    "Índice general: %(o)s de 100 · nivel %(l)s (%(n)s).": "Overall index: %(o)s out of 100 · level %(l)s (%(n)s).",
    "Media nacional de la campaña: %(m)s; percentil %(p)s.": "Campaign national mean: %(m)s; percentile %(p)s.",
    "Puntajes por dimensión": "Scores by dimension",
    "Dimensión": "Dimension",
    "Puntaje": "Score",
    "grupo muy pequeño": "group too small",
    "%(m)s (p. %(p)s)": "%(m)s (p. %(p)s)",
    "Medias de cada grupo y percentil del municipio en él (p.). Los grupos de menos de 3 municipios no se "
    "muestran para no identificar a ninguno.": (
        "Mean of each group and the municipality's percentile within it (p.). Groups of fewer than 3 "
        "municipalities are not shown so that none can be identified."
    ),
    "Dimensiones frente a la media nacional": "Dimensions compared with the national mean",
    "respecto de la media del grupo «%(g)s»": "relative to the mean of the “%(g)s” group",
    "respecto del índice general del municipio": "relative to the municipality's overall index",
    "Fortalezas": "Strengths",
    "Dimensiones más altas %(r)s.": "Highest-scoring dimensions %(r)s.",
    "Brechas": "Gaps",
    "Dimensiones más bajas %(r)s.": "Lowest-scoring dimensions %(r)s.",
    "Próximos pasos recomendados": "Recommended next steps",
    "Puntajes calculados con el método publicado del instrumento %(v)s.": (
        "Scores calculated with the published method of instrument %(v)s."
    ),
    "Metodología: %(u)s": "Methodology: %(u)s",
    # --- diagnosis: results, ranking and profile templates ----------------------------
    "índice %(s)s de 100 · nivel %(l)s de 5": "index %(s)s out of 100 · level %(l)s of 5",
    "Comparar con otros municipios": "Compare with other municipalities",
    "Ranking: %(s)s": "Ranking: %(s)s",
    "%(n)s municipio con resultado": ("%(n)s municipality with a result", "%(n)s municipalities with a result"),
    "Lugar": "Position",
    "Índice": "Index",
    "No hay municipios con resultado para estos filtros.": "No municipalities have a result for these filters.",
    "Resultados nacionales del diagnóstico": "National assessment results",
    "Ranking nacional de los municipios en los diagnósticos del Hub: índice, nivel, distribución y mapa de Chile.": (
        "National ranking of municipalities in the Hub's assessments: index, level, distribution and map of Chile."
    ),
    "Resultados nacionales": "National results",
    "Índice general de cada municipio en las campañas con resultados publicados, con su nivel de madurez (1 a "
    "5). Cada municipio puede ver el detalle y su comparación con municipios similares.": (
        "Overall index of each municipality in the campaigns with published results, with its maturity level "
        "(1 to 5). Each municipality can see the details and how it compares with similar municipalities."
    ),
    "Filtrar resultados": "Filter results",
    "no publicada": "not published",
    "resultados no publicados: visibles solo para el equipo del Hub": "results not published: visible only to the Hub team",
    "Mapa del índice": "Index map",
    "%(n)s comuna con resultado en esta campaña, en todo el país (el mapa no cambia con los filtros de región "
    "y tipología).": (
        "%(n)s commune with a result in this campaign, across the whole country (the map does not change with "
        "the region and typology filters).",
        "%(n)s communes with a result in this campaign, across the whole country (the map does not change with "
        "the region and typology filters).",
    ),
    "Tramos:": "Bands:",
    "achurado: sin resultado. La tabla del ranking tiene los mismos datos.": (
        "hatched: no result. The ranking table has the same data."
    ),
    "Distribución del índice": "Index distribution",
    "Ver la distribución como tabla": "See the distribution as a table",
    "Municipios por tramo del índice general": "Municipalities by overall index band",
    "Tramo del índice": "Index band",
    "Media por tipología": "Mean by typology",
    "Índice general medio por tipología de municipio": "Mean overall index by municipality typology",
    "Media": "Mean",
    "Mejor": "Best",
    "grupo muy pequeño para mostrar (menos de 3) o sin resultados": "group too small to show (fewer than 3) or no results",
    "Media de la campaña completa, sin los filtros de región y tipología.": (
        "Mean of the whole campaign, without the region and typology filters."
    ),
    "Datos abiertos (CSV)": "Open data (CSV)",
    "Datos abiertos (JSON)": "Open data (JSON)",
    "Aún no hay resultados publicados.": "No results have been published yet.",
    "Resultados de %(c)s · %(i)s": "Results for %(c)s · %(i)s",
    "Diagnóstico «%(i)s» de %(c)s: índice %(o)s de 100, comparación con municipios similares y próximos pasos.": (
        "“%(i)s” assessment for %(c)s: index %(o)s out of 100, comparison with similar municipalities and next steps."
    ),
    "Resultados de %(c)s": "Results for %(c)s",
    "Versión del instrumento: %(v)s": "Instrument version: %(v)s",
    "enviado el %(d)s": "submitted on %(d)s",
    "Resultados no publicados: solo los ven su municipalidad y el equipo del Hub.": (
        "Results not published: only your municipality and the Hub team can see them."
    ),
    "Nivel de madurez": "Maturity level",
    "Percentil en %(g)s": "Percentile within %(g)s",
    "grupo muy pequeño para mostrar": "group too small to show",
    "Niveles:": "Levels:",
    "Cómo se calcula": "How it is calculated",
    "Descargar reporte PDF": "Download PDF report",
    "Ver el cuestionario": "See the questionnaire",
    "Volver al diagnóstico": "Back to the assessment",
    "Barras: puntaje del municipio (0 a 100). Marcas: media de cada grupo de comparación (rombo: tipología; "
    "triángulo: región; línea: país). La tabla siguiente tiene los mismos datos.": (
        "Bars: the municipality's score (0 to 100). Marks: mean of each comparison group (diamond: typology; "
        "triangle: region; line: country). The table below has the same data."
    ),
    "Puntaje de cada dimensión y comparación con los grupos de pares": (
        "Score for each dimension and comparison with the peer groups"
    ),
    "media %(m)s · percentil %(pc)s": "mean %(m)s · percentile %(pc)s",
    "diferencia %(g)s": "difference %(g)s",
    "El percentil indica qué parte del grupo tiene un puntaje menor (los empates cuentan la mitad). Para no "
    "identificar a ningún municipio, los grupos de menos de 3 no se muestran.": (
        "The percentile shows what share of the group has a lower score (ties count as half). So that no "
        "municipality can be identified, groups of fewer than 3 are not shown."
    ),
    "Dimensiones más altas respecto de la media del grupo «%(g)s».": (
        "Highest-scoring dimensions relative to the mean of the “%(g)s” group."
    ),
    "Dimensiones más altas respecto del índice general del municipio (no hay grupo de pares que se pueda mostrar).": (
        "Highest-scoring dimensions relative to the municipality's overall index (there is no peer group "
        "that can be shown)."
    ),
    "Con tan pocas dimensiones puntuadas no se distinguen fortalezas.": (
        "With so few dimensions scored, no strengths can be identified."
    ),
    "Dimensiones más bajas respecto de la media del grupo «%(g)s».": (
        "Lowest-scoring dimensions relative to the mean of the “%(g)s” group."
    ),
    "Dimensiones más bajas respecto del índice general del municipio.": (
        "Lowest-scoring dimensions relative to the municipality's overall index."
    ),
    "Desafío propuesto": "Proposed challenge",
    "Convertir en desafío": "Turn into a challenge",
    "No hay dimensiones con puntaje.": "There are no scored dimensions.",
    "nivel %(l)s": "level %(l)s",
    "Recomendaciones para las demás dimensiones": "Recommendations for the other dimensions",
    "Desafíos propuestos": "Proposed challenges",
    "Desafío": "Challenge",
    "Creado": "Created",
    "Aún no hay desafíos propuestos a partir de este diagnóstico.": (
        "No challenges have been proposed from this assessment yet."
    ),
    "Respuestas": "Answers",
    "Ver las respuestas enviadas (solo su municipalidad y el equipo del Hub)": (
        "See the submitted answers (only your municipality and the Hub team)"
    ),
}

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}")


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def _all_translations() -> tuple[dict[str, str | tuple[str, str]], list[str]]:
    """TRANSLATIONS merged with every scripts/glossary/*.py module's; also the conflicts found."""
    merged = dict(TRANSLATIONS)
    origin = dict.fromkeys(TRANSLATIONS, Path(__file__).name)
    conflicts: list[str] = []
    for path in sorted(GLOSSARY_DIR.glob("*.py")):
        if path.name.startswith("_"):
            continue
        # Loaded by file path so the script works from any working directory without a package install.
        spec = importlib.util.spec_from_file_location(f"glossary_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for msgid, value in module.TRANSLATIONS.items():
            if msgid in merged and merged[msgid] != value:
                conflicts.append(f"conflicting translations in {origin[msgid]} and {path.name}: {msgid!r}")
                continue
            merged[msgid] = value
            origin.setdefault(msgid, path.name)
    return merged, conflicts


def main() -> int:
    translations, conflicts = _all_translations()
    po = polib.pofile(str(PO_PATH), wrapwidth=79)
    po.metadata_is_fuzzy = False
    po.header = "English translation of Hub Local's user interface (source language: es-CL).\n"
    po.metadata.update(
        {
            "Project-Id-Version": "Hub Local",
            "Language": "en",
            "Language-Team": "English",
            "Last-Translator": "Hub Local team",
            "PO-Revision-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
        }
    )
    missing: list[str] = []
    bad: list[str] = list(conflicts)
    for entry in po:
        if entry.obsolete:
            continue
        value = translations.get(entry.msgid)
        if value is None:
            if not entry.translated() or entry.fuzzy:
                missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            if not isinstance(value, tuple):
                bad.append(f"plural entry needs (singular, plural): {entry.msgid!r}")
                continue
            pairs = [(entry.msgid, value[0]), (entry.msgid_plural, value[1])]
        else:
            if isinstance(value, tuple):
                bad.append(f"entry is not plural: {entry.msgid!r}")
                continue
            pairs = [(entry.msgid, value)]
        if any(_placeholders(src) != _placeholders(dst) for src, dst in pairs):
            bad.append(f"placeholder mismatch: {entry.msgid!r}")
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value[0], 1: value[1]}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    po.save(str(PO_PATH))
    for line in bad:
        print(line)
    for msgid in missing:
        print(f"no translation: {msgid!r}")
    print(f"{len(po.translated_entries())} translated, {len(missing)} missing, {len(bad)} rejected.")
    return 1 if missing or bad else 0


if __name__ == "__main__":
    sys.exit(main())
