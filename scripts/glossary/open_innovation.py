"""English for the open-innovation apps: innovation (Municipia challenges, calls, events),
solutions (startups and their catalog), proposals (applications, committee, feedback) and pilots
(agreements, indicators, supplier performance records).

Terminology: desafío → challenge, convocatoria → call, postular → apply, propuesta → proposal,
piloto → pilot, convenio → agreement, comité → committee, preseleccionada → shortlisted,
retroalimentación → feedback, proveedor → supplier, ficha de proveedor → supplier record,
funcionario/a → official, juicio (of an indicator) → verdict. Municipia is the program's
name and stays as it is; Chilean acronyms (CESFAM, OIRS, DOM, DIDECO, SECPLA, RUT, UF, CLP) too.
Values that the API takes literally (draft, shortlisted, cancelled…) are never translated.
"""

from __future__ import annotations

TRANSLATIONS: dict[str, str | tuple[str, str]] = {
    # --- diagnosis (gap → challenge) -------------------------------------------------------------------------
    "Esta brecha ya fue convertida en desafío o descartada.": (
        "This gap has already been turned into a challenge or discarded."
    ),
    # --- innovation: challenges, calls, questions, events, matching ------------------------------------------
    "draft, in_review, published, closed, in_pilot, finished o archived": (
        "draft, in_review, published, closed, in_pilot, finished or archived"
    ),
    "diagnosis (brecha de un diagnóstico) o direct": "diagnosis (a gap from an assessment) or direct",
    "Observaciones de la revisión: solo para el Hub y sus municipios": (
        "Review notes: only for the Hub and the challenge's municipalities"
    ),
    "Otras municipalidades que comparten el problema (identificadores)": (
        "Other municipalities that share the problem (identifiers)"
    ),
    "Identificador de la municipalidad (solo el Hub; un municipio escribe para sí)": (
        "Identifier of the municipality (Hub only; a municipality writes for itself)"
    ),
    "No son municipalidades: %(s)s.": "Not municipalities: %(s)s.",
    "No existe ese desafío.": "That challenge does not exist.",
    "Estado desconocido. Valores: %(v)s.": "Unknown status. Allowed values: %(v)s.",
    "Debe ser el id numérico de una convocatoria.": "Must be the numeric id of a call.",
    "Área prioritaria": "Priority area",
    "Id de la convocatoria": "Call id",
    "Código CUT de la región de algún municipio": "CUT code of the region of one of the municipalities",
    "Texto en el título o el problema": "Text in the title or the problem",
    "Listar desafíos": "List challenges",
    "Escribir un desafío (queda en borrador)": "Write a challenge (saved as a draft)",
    "Un municipio solo escribe desafíos propios.": "A municipality can only write its own challenges.",
    "Indique la municipalidad dueña del desafío.": "Indicate the municipality that owns the challenge.",
    "No es una municipalidad.": "Not a municipality.",
    "Detalle de un desafío": "Challenge detail",
    "Editar un desafío en borrador (o en revisión, el Hub)": "Edit a challenge in draft (or in review, for the Hub)",
    "Este desafío ya no se puede editar con su cuenta.": "This challenge can no longer be edited with your account.",
    "Estado de destino (in_pilot y finished los fija el piloto)": (
        "Target status (in_pilot and finished are set by the pilot)"
    ),
    "Obligatoria al devolver a borrador": "Required when sending back to draft",
    "Para publicar": "For publishing",
    "Cambiar el estado de un desafío": "Change a challenge's status",
    "Ese cambio no es posible desde «%(s)s».": "That change is not possible from “%(s)s”.",
    "Convocatoria desconocida.": "Unknown call.",
    "Afinidad de 0 a 100": "Match score from 0 to 100",
    "Por qué calza": "Why it matches",
    "La solución de la startup que mejor calza": "The startup's best-matching solution",
    "Debe ser un entero entre 1 y 50.": "Must be a whole number between 1 and 50.",
    "Cuántas soluciones (1–50, 10)": "How many solutions (1–50, 10)",
    "Soluciones del catálogo que calzan con un desafío, con sus razones": (
        "Catalog solutions that match a challenge, with the reasons"
    ),
    "Para el equipo del Hub y los municipios del desafío.": "For the Hub team and the challenge's municipalities.",
    "Las coincidencias de un desafío son para el Hub y sus municipios.": (
        "A challenge's matches are for the Hub and the challenge's municipalities."
    ),
    "Cuántos desafíos (1–50, 10)": "How many challenges (1–50, 10)",
    "Desafíos abiertos recomendados a una startup, con sus razones": (
        "Open challenges recommended to a startup, with the reasons"
    ),
    "Para los integrantes de la startup y el equipo del Hub.": "For the startup's members and the Hub team.",
    "No existe esa startup.": "That startup does not exist.",
    "Las recomendaciones son para la propia startup y el Hub.": (
        "Recommendations are for the startup itself and the Hub."
    ),
    "Ponderación en %; suman 100": "Weight in %; they add up to 100",
    "draft, published o cancelled": "draft, published or cancelled",
    "Si recibe propuestas ahora": "Whether it is accepting proposals now",
    "Listar convocatorias": "List calls",
    "No existe esa convocatoria.": "That call does not exist.",
    "Detalle de una convocatoria con sus criterios": "Call detail with its criteria",
    "Quién preguntó; null si es anónima (salvo para el equipo del Hub)": (
        "Who asked; null if anonymous (except for the Hub team)"
    ),
    "Vacía mientras no se responda": "Empty until it is answered",
    "Preguntas y respuestas de una convocatoria": "Questions and answers of a call",
    "Hacer una pregunta en una convocatoria publicada": "Ask a question in a published call",
    "Ese desafío no es de esta convocatoria.": "That challenge is not part of this call.",
    "Use true o false.": "Use true or false.",
    "Solo los que no han terminado": "Only those that have not ended",
    "Listar eventos": "List events",
    "No existe ese evento.": "That event does not exist.",
    "Detalle de un evento": "Event detail",
    "Inscribirse en un evento": "Register for an event",
    "Innovación abierta": "Open innovation",
    "Desafíos publicados": "Published challenges",
    "Municipalidad dueña del desafío": "Municipality that owns the challenge",
    "Código de comuna o nombre, p. ej. 13101 o Santiago.": "Commune code or name, e.g. 13101 or Santiago.",
    "Título": "Title",
    "Nombre el problema, no la solución: «Patentes sin filas», no «Sistema de patentes en línea».": (
        "Name the problem, not the solution: “Business licenses without the lines”, not “Online business license "
        "system”."
    ),
    "¿Cuál es el problema?": "What is the problem?",
    "Describa lo que ocurre y por qué importa. Evite pedir una tecnología o un producto.": (
        "Describe what happens and why it matters. Avoid asking for a technology or a product."
    ),
    "¿Quiénes lo sufren?": "Who is affected?",
    "Vecinos, funcionarios, empresas… ¿cuántos, dónde y cómo los afecta?": (
        "Residents, officials, businesses… how many, where and how does it affect them?"
    ),
    "¿Cómo se hace hoy?": "How is it done today?",
    "El proceso actual paso a paso, con sus tiempos y quién interviene.": (
        "The current process step by step, with its timings and who is involved."
    ),
    "Restricciones": "Constraints",
    "Normas, sistemas con que debe convivir, plazos, lo que no se puede cambiar.": (
        "Regulations, systems it must work alongside, deadlines, what cannot be changed."
    ),
    "Presupuesto mínimo (CLP)": "Minimum budget (CLP)",
    "Presupuesto máximo (CLP)": "Maximum budget (CLP)",
    "Un rango orienta a las startups sin fijar un precio.": "A range guides startups without setting a price.",
    "Conectividad disponible": "Available connectivity",
    "P. ej. «4G intermitente en postas rurales».": "E.g. “patchy 4G at rural health posts”.",
    "Competencias digitales del equipo": "Team's digital skills",
    "Quiénes usarán la solución y con qué experiencia.": "Who will use the solution and with what experience.",
    "¿Cómo se ve el éxito?": "What does success look like?",
    "Un resultado medible: «80% de las patentes en línea en 6 meses», no «un sistema moderno».": (
        "A measurable result: “80% of business licenses online within 6 months”, not “a modern system”."
    ),
    "Otros municipios con el mismo problema": "Other municipalities with the same problem",
    "Opcional. Códigos de comuna o nombres separados por coma: un desafío puede ser compartido.": (
        "Optional. Commune codes or names separated by commas: a challenge can be shared."
    ),
    "Indique una sola municipalidad por su código de comuna o su nombre.": (
        "Indicate a single municipality by its commune code or its name."
    ),
    "No encontramos estos municipios: %(u)s.": "We could not find these municipalities: %(u)s.",
    "Máximo %(n)s municipios.": "At most %(n)s municipalities.",
    "Observaciones para la municipalidad": "Notes for the municipality",
    "Convocatoria": "Call",
    "Requisitos de postulación": "Eligibility requirements",
    "Quiénes pueden postular y con qué antecedentes.": "Who can apply and with what credentials.",
    "Criterios de evaluación": "Evaluation criteria",
    "Un criterio por línea: nombre | ponderación | qué se evalúa. Las ponderaciones son enteros de 1 a 100 y "
    "deben sumar 100.": (
        "One criterion per line: name | weight | what is evaluated. Weights are whole numbers from 1 to 100 and "
        "must add up to 100."
    ),
    "Máximo %(n)s criterios.": "At most %(n)s criteria.",
    "Línea %(i)s: escriba «nombre | ponderación | descripción».": "Line %(i)s: write “name | weight | description”.",
    "Línea %(i)s: la ponderación debe ser un número entero.": "Line %(i)s: the weight must be a whole number.",
    "Nueva fecha de cierre": "New closing date",
    "Su pregunta": "Your question",
    "Sobre el desafío (opcional)": "About the challenge (optional)",
    "Preguntar de forma anónima": "Ask anonymously",
    "Solo el equipo del Hub sabrá quién preguntó. La respuesta será pública.": (
        "Only the Hub team will know who asked. The answer will be public."
    ),
    "La convocatoria en general": "The call in general",
    "Respuesta pública": "Public answer",
    "Término": "End",
    "Enlace de transmisión": "Streaming link",
    "Cupos": "Places",
    "Nombre y apellido": "First and last name",
    "Organización (opcional)": "Organization (optional)",
    "Sin registrar": "Not recorded",
    "Asistió": "Attended",
    "No asistió": "Did not attend",
    "Comparten los conceptos: %(terms)s": "Shared concepts: %(terms)s",
    "Misma área prioritaria: %(area)s": "Same priority area: %(area)s",
    "Pensada para municipios de tipología %(typology)s": "Designed for municipalities of the %(typology)s typology",
    "Ofrecida a municipios de todas las tipologías": "Offered to municipalities of all typologies",
    "%(n)s piloto previo en municipios": (
        "%(n)s previous pilot in municipalities",
        "%(n)s previous pilots in municipalities",
    ),
    "En revisión": "In review",
    "Publicado": "Published",
    "Cerrado": "Closed",
    "En piloto": "In pilot",
    "Finalizado": "Finished",
    "Archivado": "Archived",
    "Brecha de un diagnóstico": "Gap from an assessment",
    "Escrito directamente": "Written directly",
    "Cancelada": "Canceled",
    "requisitos de postulación": "eligibility requirements",
    "convocatoria": "call",
    "convocatorias": "calls",
    "criterio": "criterion",
    "qué se evalúa": "what is evaluated",
    "ponderación (%)": "weight (%)",
    "criterio de evaluación": "evaluation criterion",
    "criterios de evaluación": "evaluation criteria",
    "área prioritaria": "priority area",
    "el problema": "the problem",
    "quiénes lo sufren": "who is affected",
    "cómo se hace hoy": "how it is done today",
    "restricciones": "constraints",
    "presupuesto mínimo (CLP)": "minimum budget (CLP)",
    "presupuesto máximo (CLP)": "maximum budget (CLP)",
    "conectividad disponible": "available connectivity",
    "competencias digitales del equipo": "team's digital skills",
    "cómo se ve el éxito (medible)": "what success looks like (measurable)",
    "observaciones de revisión": "review notes",
    "desafío": "challenge",
    "desafíos": "challenges",
    "pregunta": "question",
    "preguntar de forma anónima": "ask anonymously",
    "preguntas": "questions",
    "inicio": "start",
    "término": "end",
    "lugar": "venue",
    "enlace de transmisión": "streaming link",
    "cupos": "places",
    "evento": "event",
    "eventos": "events",
    "asistió": "attended",
    "Indique un título breve del problema.": "Give a short title for the problem.",
    "Describa el problema.": "Describe the problem.",
    "Diga quiénes sufren el problema.": "Say who is affected by the problem.",
    "Describa cómo se resuelve hoy.": "Describe how it is solved today.",
    "Diga qué resultado medible sería un éxito.": "Say what measurable result would count as success.",
    "Enviar a revisión": "Submit for review",
    "Devolver con observaciones": "Send back with notes",
    "Publicar en una convocatoria": "Publish in a call",
    "Cerrar": "Close",
    "Archivar": "Archive",
    "Máximo 200 caracteres.": "At most 200 characters.",
    "Elija una de las cinco áreas prioritarias.": "Choose one of the five priority areas.",
    "Indique un monto en pesos, sin decimales, mayor o igual que 0.": (
        "Enter an amount in pesos, without decimals, greater than or equal to 0."
    ),
    "El monto parece demasiado alto; revíselo.": "The amount seems too high; please check it.",
    "El presupuesto máximo no puede ser menor que el mínimo.": "The maximum budget cannot be lower than the minimum.",
    "El desafío debe pertenecer a una municipalidad.": "The challenge must belong to a municipality.",
    "Solo municipalidades pueden compartir un desafío.": "Only municipalities can share a challenge.",
    "Máximo %(n)s municipios por desafío.": "At most %(n)s municipalities per challenge.",
    "Esa brecha ya no existe.": "That gap no longer exists.",
    "Esta brecha ya fue convertida en desafío.": "This gap has already been turned into a challenge.",
    "La municipalidad de esta brecha no existe.": "The municipality of this gap does not exist.",
    "Un desafío publicado ya no se puede editar.": "A published challenge can no longer be edited.",
    "Este campo no se puede editar.": "This field cannot be edited.",
    "No se puede pasar de «%(a)s» a «%(b)s».": "Cannot go from “%(a)s” to “%(b)s”.",
    "Complete la descripción del problema antes de enviarla a revisión.": (
        "Complete the problem description before submitting it for review."
    ),
    "Explique qué debe mejorar la municipalidad.": "Explain what the municipality should improve.",
    "Elija la convocatoria en que se publica.": "Choose the call in which it is published.",
    "La convocatoria debe estar publicada.": "The call must be published.",
    "Esa convocatoria ya cerró.": "That call has already closed.",
    "Indique un título.": "Enter a title.",
    "Describa la convocatoria.": "Describe the call.",
    "Indique quiénes pueden postular.": "Indicate who can apply.",
    "Indique la fecha de apertura.": "Enter the opening date.",
    "Indique la fecha de cierre.": "Enter the closing date.",
    "Use solo minúsculas, números y guiones.": "Use only lowercase letters, numbers and hyphens.",
    "Ya existe una convocatoria con ese identificador.": "A call with that identifier already exists.",
    "Una convocatoria publicada o cancelada ya no se puede editar.": (
        "A published or canceled call can no longer be edited."
    ),
    "Defina al menos un criterio de evaluación.": "Define at least one evaluation criterion.",
    "El criterio %(i)s no tiene nombre.": "Criterion %(i)s has no name.",
    "El nombre del criterio %(i)s supera 200 caracteres.": "The name of criterion %(i)s is longer than 200 characters.",
    "El criterio %(i)s contiene caracteres no permitidos.": "Criterion %(i)s contains characters that are not allowed.",
    "El criterio «%(name)s» está repetido.": "The criterion “%(name)s” is repeated.",
    "La ponderación del criterio %(i)s debe ser un entero entre 1 y 100.": (
        "The weight of criterion %(i)s must be a whole number between 1 and 100."
    ),
    "Las ponderaciones deben sumar 100; ahora suman %(t)s.": (
        "The weights must add up to 100; they now add up to %(t)s."
    ),
    "Los criterios de una convocatoria publicada no se pueden cambiar.": (
        "The criteria of a published call cannot be changed."
    ),
    "Solo se publica una convocatoria en borrador.": "Only a draft call can be published.",
    "La fecha de cierre ya pasó: extiéndala antes de publicar.": (
        "The closing date has already passed: extend it before publishing."
    ),
    "Solo se extiende una convocatoria publicada.": "Only a published call can be extended.",
    "La nueva fecha de cierre debe ser posterior a la actual.": (
        "The new closing date must be later than the current one."
    ),
    "La nueva fecha de cierre debe ser futura.": "The new closing date must be in the future.",
    "La convocatoria ya está cancelada.": "The call is already canceled.",
    "Inicie sesión para preguntar.": "Sign in to ask a question.",
    "Escriba su pregunta.": "Write your question.",
    "Solo se pregunta en convocatorias publicadas.": "Questions can only be asked in published calls.",
    "La convocatoria ya cerró: no recibe preguntas.": "The call has already closed: it no longer takes questions.",
    "Ese desafío no está publicado en esta convocatoria.": "That challenge is not published in this call.",
    "Pregunta %(n)s": "Question %(n)s",
    "Escriba la respuesta.": "Write the answer.",
    "Describa el evento.": "Describe the event.",
    "Indique el inicio.": "Enter the start.",
    "Indique el término.": "Enter the end.",
    "El término debe ser posterior al inicio.": "The end must be after the start.",
    "Indique los cupos: un entero entre 1 y 100.000.": (
        "Enter the number of places: a whole number between 1 and 100,000."
    ),
    "Indique un lugar o un enlace de transmisión.": "Enter a venue or a streaming link.",
    "Ya hay %(n)s personas inscritas: los cupos no pueden ser menos.": (
        "%(n)s people have already registered: there cannot be fewer places."
    ),
    "Indique su nombre.": "Enter your name.",
    "Indique un correo válido.": "Enter a valid email address.",
    "El evento ya terminó: no recibe inscripciones.": "The event has already ended: it no longer takes registrations.",
    "Ese correo ya está inscrito en este evento.": "That email address is already registered for this event.",
    "No quedan cupos para este evento.": "There are no places left for this event.",
    "Inscripción %(n)s en %(event)s": "Registration %(n)s for %(event)s",
    "Inscripciones desconocidas en este evento: %(ids)s.": "Unknown registrations for this event: %(ids)s.",
    "Criterio": "Criterion",
    "Ponderación": "Weight",
    "Qué se evalúa": "What is evaluated",
    "Aún no hay criterios definidos.": "No criteria have been defined yet.",
    "Inicio de Municipia": "Municipia home",
    "Convocatorias": "Calls",
    "Desafíos": "Challenges",
    "Eventos": "Events",
    "Desafíos de innovación abierta": "Open innovation challenges",
    "Criterios": "Criteria",
    "Esta convocatoria ya fue publicada: sus criterios quedaron fijos y son los que el comité usará.": (
        "This call has already been published: its criteria are fixed and are the ones the committee will use."
    ),
    "Los criterios y sus ponderaciones se publican junto con la convocatoria, antes de que abra: las startups "
    "saben de antemano cómo se les evaluará.": (
        "The criteria and their weights are published together with the call, before it opens: startups know in "
        "advance how they will be evaluated."
    ),
    "Ejemplo: Pertinencia para el problema | 35 | Qué tan directamente resuelve el problema descrito": (
        "Example: Relevance to the problem | 35 | How directly it solves the problem described"
    ),
    "Guardar criterios": "Save criteria",
    "Municipia": "Municipia",
    "Recibe propuestas": "Accepting proposals",
    "Cerrada": "Closed",
    "Quiénes pueden postular": "Who can apply",
    "Gestión (equipo Hub)": "Management (Hub team)",
    "Criterios y ponderaciones": "Criteria and weights",
    "Publicar convocatoria": "Publish call",
    "Extender el cierre": "Extend the closing date",
    "Cancelar la convocatoria": "Cancel the call",
    "El comité puntúa cada propuesta de 0 a 5 en cada criterio; el puntaje total pondera los criterios así:": (
        "The committee scores each proposal from 0 to 5 on each criterion; the total score weights the criteria "
        "as follows:"
    ),
    "Aún no hay desafíos publicados en esta convocatoria.": "No challenges have been published in this call yet.",
    "Preguntas y respuestas": "Questions and answers",
    "Las respuestas son públicas para todas las postulantes. Quien pregunta de forma anónima solo es conocido "
    "por el equipo del Hub.": (
        "Answers are public to all applicants. Someone who asks anonymously is known only to the Hub team."
    ),
    "Pregunta de %(who)s": "Question from %(who)s",
    "Pregunta anónima": "Anonymous question",
    "usted preguntó": "you asked",
    "sobre «%(t)s»": "about “%(t)s”",
    "Sin responder": "Unanswered",
    "Corregir la respuesta": "Correct the answer",
    "Responder": "Answer",
    "Aún no hay preguntas respondidas.": "No questions have been answered yet.",
    "Hacer una pregunta": "Ask a question",
    "Enviar pregunta": "Send question",
    "Ingrese para hacer una pregunta.": "Sign in to ask a question.",
    "Editar convocatoria": "Edit call",
    "Nueva convocatoria": "New call",
    "La convocatoria se guarda como borrador. Al publicarla, sus criterios, ponderaciones y fecha de apertura "
    "quedan fijos; solo el cierre puede extenderse.": (
        "The call is saved as a draft. Once it is published, its criteria, weights and opening date are fixed; "
        "only the closing date can be extended."
    ),
    "Aún no hay convocatorias.": "There are no calls yet.",
    "Desde un diagnóstico": "From an assessment",
    "Postular": "Apply",
    "Propuestas recibidas": "Proposals received",
    "Observaciones de la revisión": "Review notes",
    "El problema": "The problem",
    "Quiénes lo sufren": "Who is affected",
    "Por completar.": "To be completed.",
    "Cómo se hace hoy": "How it is done today",
    "Cómo se ve el éxito": "What success looks like",
    "Presupuesto (CLP)": "Budget (CLP)",
    "Conectividad": "Connectivity",
    "Equipo": "Team",
    "cierra %(c)s": "closes %(c)s",
    "Estado del desafío": "Challenge status",
    "Soluciones que calzan": "Matching solutions",
    "Soluciones del catálogo ordenadas por afinidad con este problema, con las razones de cada una. Es una "
    "orientación: la evaluación la hace el comité con los criterios publicados.": (
        "Catalog solutions ranked by how well they match this problem, with the reasons for each. It is only a "
        "guide: the committee does the evaluation with the published criteria."
    ),
    "Afinidad %(s)s de 100": "Match score %(s)s out of 100",
    "Ninguna solución del catálogo calza todavía con este problema.": "No catalog solution matches this problem yet.",
    "Editar desafío": "Edit challenge",
    "Escribir un desafío": "Write a challenge",
    "Nuevo": "New",
    "Publique el problema, no la solución": "Publish the problem, not the solution",
    "Las startups proponen mejor cuando entienden el problema: quién lo sufre, cómo se resuelve hoy y qué "
    "resultado medible esperan. Si describe una tecnología o un producto, solo recibirá eso.": (
        "Startups make better proposals when they understand the problem: who is affected, how it is solved "
        "today and what measurable result is expected. If you describe a technology or a product, that is all "
        "you will get."
    ),
    "Guardar borrador": "Save draft",
    "Desafíos desde el diagnóstico": "Challenges from the assessment",
    "Desde el diagnóstico": "From the assessment",
    "Las brechas que su municipalidad marcó en su diagnóstico pueden convertirse en un desafío con un clic; "
    "después complete quiénes sufren el problema, cómo se hace hoy y qué sería un éxito.": (
        "The gaps your municipality marked in its assessment can become a challenge with one click; then fill in "
        "who is affected by the problem, how it is done today and what success would be."
    ),
    "puntaje %(s)s de 100": "score %(s)s out of 100",
    "Su municipalidad no tiene brechas pendientes. Puede proponer una desde los resultados de su diagnóstico, o "
    "escribir un desafío directamente.": (
        "Your municipality has no pending gaps. You can propose one from your assessment results, or write a "
        "challenge directly."
    ),
    "Desafíos municipales": "Municipal challenges",
    "Problemas que los municipios quieren resolver, descritos por quienes los viven: quiénes los sufren, cómo se "
    "hace hoy, qué restricciones hay y qué resultado medible sería un éxito.": (
        "Problems that municipalities want to solve, described by the people who live with them: who is "
        "affected, how it is done today, what constraints there are and what measurable result would be a "
        "success."
    ),
    "Filtrar desafíos": "Filter challenges",
    "Área": "Area",
    "%(n)s desafío": ("%(n)s challenge", "%(n)s challenges"),
    "No hay desafíos con esos filtros.": "No challenges match those filters.",
    "Inscritos y asistencia": "Registrations and attendance",
    "Asistencia": "Attendance",
    "%(n)s inscrito, %(a)s asistió.": ("%(n)s registered, %(a)s attended.", "%(n)s registered, %(a)s attended."),
    "Inscripción": "Registration",
    "Asistencia de %(n)s": "Attendance of %(n)s",
    "Asistió,No asistió,Sin registrar": "Attended,Did not attend,Not recorded",
    "Aún no hay inscritos.": "No one has registered yet.",
    "Guardar asistencia": "Save attendance",
    "Transmisión": "Streaming",
    "Cupos disponibles": "Places available",
    "%(n)s de %(c)s": "%(n)s of %(c)s",
    "El evento ya terminó.": "The event has already ended.",
    "No quedan cupos.": "There are no places left.",
    "Sus datos solo los ve el equipo del Hub, para organizar el evento.": (
        "Your details are seen only by the Hub team, to organize the event."
    ),
    "Inscribirme": "Sign me up",
    "Editar evento": "Edit event",
    "Nuevo evento": "New event",
    "Eventos y muestras de soluciones": "Events and solution showcases",
    "Evento": "Event",
    "Realizado": "Past",
    "En línea": "Online",
    "Aún no hay eventos.": "There are no events yet.",
    "Municipia: innovación abierta": "Municipia: open innovation",
    "Los municipios publican problemas, no especificaciones. Startups GovTech proponen cómo resolverlos; las "
    "mejores propuestas se prueban en pilotos con indicadores medibles.": (
        "Municipalities publish problems, not specifications. GovTech startups propose how to solve them; the "
        "best proposals are tested in pilots with measurable indicators."
    ),
    "Ver desafíos": "See challenges",
    "Convertir %(n)s brecha del diagnóstico": (
        "Turn %(n)s assessment gap into a challenge",
        "Turn %(n)s assessment gaps into challenges",
    ),
    "Desafíos recomendados para mi startup": "Challenges recommended for my startup",
    "Convocatorias abiertas": "Open calls",
    "Abre %(o)s · cierra %(c)s · %(n)s desafíos": "Opens %(o)s · closes %(c)s · %(n)s challenges",
    "No hay convocatorias abiertas en este momento.": "There are no open calls at the moment.",
    "Desafíos que reciben propuestas": "Challenges accepting proposals",
    "Ningún desafío recibe propuestas ahora.": "No challenge is accepting proposals right now.",
    "Próximos eventos": "Upcoming events",
    "Responder una pregunta": "Answer a question",
    "anónima para el público": "anonymous to the public",
    "Publicar respuesta": "Publish answer",
    "Volver a la convocatoria": "Back to the call",
    "Desafíos recomendados": "Recommended challenges",
    "Recomendados": "Recommended",
    "Desafíos abiertos que calzan con las soluciones de %(org)s en el catálogo, con las razones de cada "
    "recomendación.": (
        "Open challenges that match %(org)s's solutions in the catalog, with the reasons for each recommendation."
    ),
    "afinidad %(s)s de 100": "match score %(s)s out of 100",
    "Su solución que mejor calza: %(s)s.": "Your best-matching solution: %(s)s.",
    "Aún no hay desafíos abiertos que calcen con sus soluciones. Revise que sus soluciones del catálogo "
    "describan bien el problema que resuelven.": (
        "There are no open challenges matching your solutions yet. Check that your catalog solutions describe "
        "well the problem they solve."
    ),
    "Convocatoria creada como borrador. Defina ahora sus criterios.": (
        "Call created as a draft. Now define its criteria."
    ),
    "Convocatoria actualizada.": "Call updated.",
    "Criterios guardados.": "Criteria saved.",
    "Convocatoria publicada: sus criterios y su apertura quedan fijos.": (
        "Call published: its criteria and its opening date are now fixed."
    ),
    "Indique una fecha de cierre válida.": "Enter a valid closing date.",
    "Cierre extendido.": "Closing date extended.",
    "Convocatoria cancelada.": "Call canceled.",
    "Pregunta enviada. Se publicará cuando el equipo del Hub la responda.": (
        "Question sent. It will be published when the Hub team answers it."
    ),
    "Respuesta publicada.": "Answer published.",
    "Desafío guardado como borrador. Envíelo a revisión cuando esté listo.": (
        "Challenge saved as a draft. Submit it for review when it is ready."
    ),
    "Brecha convertida en desafío. Complete ahora la descripción del problema.": (
        "Gap turned into a challenge. Now complete the problem description."
    ),
    "Desafío actualizado.": "Challenge updated.",
    "Ese cambio de estado no es posible desde «%(s)s».": "That status change is not possible from “%(s)s”.",
    "Desafío ahora en estado «%(s)s».": "Challenge now in status “%(s)s”.",
    "Evento creado.": "Event created.",
    "Evento actualizado.": "Event updated.",
    "Inscripción confirmada. ¡Le esperamos!": "Registration confirmed. We look forward to seeing you!",
    "Asistencia registrada.": "Attendance recorded.",
    # --- solutions: startups and the solutions catalog -------------------------------------------------------
    "Tipologías de municipio para las que está pensada; vacía: cualquiera": (
        "Municipality typologies it is designed for; empty: any"
    ),
    "Identificador de la startup dueña (solo al crear; por omisión, la de la cuenta). El Hub debe indicarlo.": (
        "Identifier of the owning startup (only when creating; by default, the account's). The Hub must give it."
    ),
    "Valor desconocido. Valores: %(v)s.": "Unknown value. Allowed values: %(v)s.",
    "Texto libre; resultados por pertinencia (tildes, plurales y sinónimos municipales, p. ej. patentes = "
    "licencias de funcionamiento)": (
        "Free text; results ranked by relevance (accents, plurals and Spanish municipal synonyms are handled, "
        "e.g. “patentes” = “licencias de funcionamiento”, both business licenses)"
    ),
    "Despliegue": "Deployment",
    "Modelo de precio": "Pricing model",
    "Tipología de municipio (incluye las soluciones pensadas para cualquiera)": (
        "Municipality typology (includes the solutions designed for any)"
    ),
    "Etapa de la startup": "Startup stage",
    "Identificador de la startup": "Startup identifier",
    "Buscar en el catálogo de soluciones": "Search the solutions catalog",
    "Soluciones publicadas; con sesión de una startup, también sus borradores (todas para el Hub).": (
        "Published solutions; with a startup's session, also its drafts (all of them for the Hub)."
    ),
    "Agregar una solución al catálogo": "Add a solution to the catalog",
    "No hay una startup con ese identificador.": "There is no startup with that identifier.",
    "Indique la startup dueña de la solución.": "Indicate the startup that owns the solution.",
    "Solo puede agregar soluciones de su propia startup.": "You can only add solutions of your own startup.",
    "Detalle de una solución": "Solution detail",
    "Actualizar una solución (también publicarla o retirarla)": "Update a solution (also publish or withdraw it)",
    "La startup dueña de una solución no se puede cambiar.": "The startup that owns a solution cannot be changed.",
    "RUT, o vacío": "RUT, or empty",
    "Si la startup completó su perfil": "Whether the startup has completed its profile",
    "Soluciones publicadas en el catálogo": "Solutions published in the catalog",
    "Soluciones que la cuenta puede ver": "Solutions the account can see",
    "Con soluciones publicadas en el área": "With published solutions in the area",
    "Listar startups con perfil": "List startups with a profile",
    "Detalle de una startup y sus soluciones": "Detail of a startup and its solutions",
    "Actualizar el perfil de una startup": "Update a startup's profile",
    "Nombre, RUT y contacto se cambian en /api/v1/organizations/{slug}/.": (
        "Name, RUT and contact details are changed at /api/v1/organizations/{slug}/."
    ),
    "Catálogo de soluciones": "Solutions catalog",
    "Soluciones en el catálogo": "Solutions in the catalog",
    "Personas en el equipo": "People on the team",
    "Año de fundación": "Year founded",
    "Opcional.": "Optional.",
    "Personas clave y sus roles.": "Key people and their roles.",
    "Referencias": "References",
    "Clientes o contrapartes que pueden dar referencias de su trabajo.": (
        "Clients or counterparts who can give references for your work."
    ),
    "Experiencia previa con el sector público": "Previous experience with the public sector",
    "Municipios u organismos con los que ha trabajado, y qué hizo con ellos.": (
        "Municipalities or agencies you have worked with, and what you did with them."
    ),
    "Nombre de la startup": "Startup name",
    "RUT de la empresa": "Company RUT",
    "Formato 76.123.456-7; revisamos el dígito verificador.": "Format 76.123.456-7; we check the verification digit.",
    "Qué hace la startup": "What the startup does",
    "Su nombre": "Your first name",
    "Su apellido": "Your last name",
    "Su correo": "Your email",
    "Letras, números y @ . + - _ ; con él ingresará a la plataforma.": (
        "Letters, numbers and @ . + - _ ; you will use it to sign in to the platform."
    ),
    "Contraseña": "Password",
    "Al menos 8 caracteres, no solo números ni una contraseña común.": (
        "At least 8 characters, not only numbers nor a common password."
    ),
    "Repita la contraseña": "Repeat the password",
    "La startup": "The startup",
    "Su trayectoria": "Your track record",
    "Su cuenta": "Your account",
    "Las contraseñas no coinciden.": "The passwords do not match.",
    "Nombre de la solución": "Solution name",
    "Resumen": "Summary",
    "Una frase: qué hace y para quién (máximo 300 caracteres).": (
        "One sentence: what it does and for whom (at most 300 characters)."
    ),
    "Problema que resuelve": "Problem it solves",
    "Describa el problema del municipio o de sus vecinos, no solo la tecnología.": (
        "Describe the problem of the municipality or its residents, not just the technology."
    ),
    "Rango de precio": "Price range",
    "P. ej. 20 a 60 UF al mes.": "E.g. 20 to 60 UF per month.",
    "Municipios para los que está pensada": "Municipalities it is designed for",
    "Deje todas sin marcar si sirve a cualquier tipo de municipio.": (
        "Leave them all unchecked if it works for any type of municipality."
    ),
    "Pilotos realizados": "Pilots carried out",
    "Evidencia de resultados": "Evidence of results",
    "Resultados medidos en pilotos o clientes: cifras, antes y después, fuentes.": (
        "Results measured in pilots or with clients: figures, before and after, sources."
    ),
    "Palabras clave": "Keywords",
    "Separadas por coma.": "Separated by commas.",
    "Publicar en el catálogo": "Publish in the catalog",
    "Elija una startup": "Choose a startup",
    "Elija una startup de la lista.": "Choose a startup from the list.",
    "Idea / prototipo": "Idea / prototype",
    "Producto mínimo viable": "Minimum viable product",
    "Primeras ventas": "First sales",
    "En escalamiento": "Scaling up",
    "Consolidada": "Established",
    "etapa": "stage",
    "tamaño del equipo": "team size",
    "año de fundación": "year founded",
    "equipo": "team",
    "referencias": "references",
    "experiencia previa con el sector público": "previous experience with the public sector",
    "perfil de startup": "startup profile",
    "perfiles de startup": "startup profiles",
    "Nube (SaaS)": "Cloud (SaaS)",
    "Instalación local": "On-premises",
    "Híbrido": "Hybrid",
    "Aplicación móvil": "Mobile app",
    "Hardware / sensores": "Hardware / sensors",
    "Suscripción": "Subscription",
    "Por usuario": "Per user",
    "Por transacción": "Per transaction",
    "Licencia": "License",
    "Proyecto a precio fijo": "Fixed-price project",
    "Gratuito / código abierto": "Free / open source",
    "resumen": "summary",
    "problema que resuelve": "problem it solves",
    "despliegue": "deployment",
    "modelo de precio": "pricing model",
    "rango de precio": "price range",
    "tipologías": "typologies",
    "pilotos realizados": "pilots carried out",
    "evidencia de resultados": "evidence of results",
    "palabras clave": "keywords",
    "publicada en el catálogo": "published in the catalog",
    "solución": "solution",
    "soluciones": "solutions",
    "versión del catálogo": "catalog version",
    "Indique una lista de tipologías.": "Give a list of typologies.",
    "Tipología desconocida: %(u)s. Valores: %(v)s.": "Unknown typology: %(u)s. Allowed values: %(v)s.",
    "Debe ser texto.": "Must be text.",
    "Indique un número entre 0 y %(n)s.": "Enter a number between 0 and %(n)s.",
    "Las soluciones del catálogo pertenecen a una startup.": "Catalog solutions belong to a startup.",
    "Elija una etapa de la lista.": "Choose a stage from the list.",
    "El equipo tiene al menos una persona.": "The team has at least one person.",
    "Revise el tamaño del equipo.": "Check the team size.",
    "Indique un año, p. ej. 2021.": "Enter a year, e.g. 2021.",
    "El año de fundación debe estar entre %(lo)s y %(hi)s.": "The year founded must be between %(lo)s and %(hi)s.",
    "Indique el nombre de la startup.": "Enter the startup's name.",
    "El RUT es obligatorio para registrar una startup.": "The RUT is required to register a startup.",
    "Elija un nombre de usuario.": "Choose a username.",
    "Ese nombre de usuario ya está en uso. Elija otro.": "That username is already taken. Choose another one.",
    "Indique un correo: lo usaremos para avisos de convocatorias.": (
        "Enter an email address: we will use it to notify you of calls."
    ),
    "Ya existe una cuenta con ese correo. Ingrese con ella o use otro correo.": (
        "An account with that email address already exists. Sign in with it or use another email address."
    ),
    "El perfil cambió mientras lo editaba. Vuelva a intentarlo.": (
        "The profile changed while you were editing it. Please try again."
    ),
    "Otra solución acaba de usar ese nombre. Vuelva a intentarlo.": (
        "Another solution has just taken that name. Please try again."
    ),
    "%(n)s solución": ("%(n)s solution", "%(n)s solutions"),
    "ordenadas por pertinencia": "ranked by relevance",
    "No hay soluciones que coincidan con la búsqueda o los filtros.": "No solutions match the search or the filters.",
    "%(n)s startup": ("%(n)s startup", "%(n)s startups"),
    "%(n)s solución publicada": ("%(n)s published solution", "%(n)s published solutions"),
    "equipo de %(n)s persona": ("team of %(n)s person", "team of %(n)s people"),
    "No hay startups que coincidan con los filtros.": "No startups match the filters.",
    "Catálogo de soluciones GovTech": "GovTech solutions catalog",
    "Soluciones de startups GovTech para los municipios de Chile, por área, despliegue y modelo de precio.": (
        "Solutions from GovTech startups for Chile's municipalities, by area, deployment and pricing model."
    ),
    "Soluciones que startups ofrecen a los municipios, con el problema que resuelven, cómo se despliegan, cuánto "
    "cuestan y qué pilotos han hecho.": (
        "Solutions that startups offer to municipalities, with the problem they solve, how they are deployed, "
        "what they cost and what pilots they have run."
    ),
    "Ver las startups": "See the startups",
    "Mis soluciones": "My solutions",
    "Agregar una solución": "Add a solution",
    "Registrar mi startup": "Register my startup",
    "Buscar y filtrar soluciones": "Search and filter solutions",
    "Por ejemplo: licencias de funcionamiento, OIRS, lista de espera CESFAM.": (
        "For example (in Spanish): licencias de funcionamiento, OIRS, lista de espera CESFAM."
    ),
    "Tipo de municipio": "Municipality type",
    "Soluciones de %(name)s en el catálogo, publicadas o no.": "%(name)s's solutions in the catalog, published or not.",
    "Ver el perfil de la startup": "See the startup's profile",
    "Completar el perfil de la startup": "Complete the startup's profile",
    "Soluciones de la startup": "The startup's solutions",
    "Solución": "Solution",
    "No publicada": "Not published",
    "Aún no hay soluciones. Agregue la primera: los municipios la encontrarán en el catálogo y en las "
    "coincidencias con sus desafíos.": (
        "No solutions yet. Add the first one: municipalities will find it in the catalog and in the matches with "
        "their challenges."
    ),
    "Catálogo": "Catalog",
    "No publicada: solo la ven su startup y el Hub": "Not published: only its startup and the Hub can see it",
    "Cómo funciona": "How it works",
    "La startup aún no informa resultados medidos.": "The startup has not reported measured results yet.",
    "Ficha": "Key facts",
    "Pensada para": "Designed for",
    "Cualquier tipo de municipio": "Any type of municipality",
    "Actualizada": "Updated",
    "Ver ficha del proveedor": "See the supplier record",
    "(pilotos con municipios, indicadores cumplidos y evaluaciones)": (
        "(pilots with municipalities, indicators met and ratings)"
    ),
    "Retirar del catálogo": "Withdraw from the catalog",
    "Nueva solución": "New solution",
    "Editar solución": "Edit solution",
    "Solución de %(name)s.": "Solution from %(name)s.",
    "Startups": "Startups",
    "Perfil": "Profile",
    "Tamaño del equipo": "Team size",
    "Experiencia con el sector público": "Experience with the public sector",
    "Esta startup aún no completa su perfil.": "This startup has not completed its profile yet.",
    "Editar nombre, RUT y contacto": "Edit name, RUT and contact details",
    "Soluciones": "Solutions",
    "Aún no hay soluciones publicadas.": "No solutions published yet.",
    "Perfil de": "Profile of",
    "Editar perfil de la startup": "Edit the startup's profile",
    "Startups GovTech": "GovTech startups",
    "Empresas que ofrecen soluciones a los municipios: su etapa, su equipo y su experiencia con el sector público.": (
        "Companies that offer solutions to municipalities: their stage, their team and their experience with the "
        "public sector."
    ),
    "Filtrar startups": "Filter startups",
    "Con soluciones en el área": "With solutions in the area",
    "Cree la cuenta de su startup para publicar soluciones en el catálogo, ver los desafíos de los municipios "
    "que calzan con ellas y postular a las convocatorias.": (
        "Create your startup's account to publish solutions in the catalog, see the municipal challenges that "
        "match them and apply to calls."
    ),
    "Registrar la startup": "Register the startup",
    "¿Ya tiene cuenta?": "Already have an account?",
    "Solución agregada al catálogo.": "Solution added to the catalog.",
    "Indique si desea publicar o retirar la solución.": (
        "Indicate whether you want to publish or withdraw the solution."
    ),
    "La solución está publicada en el catálogo.": "The solution is published in the catalog.",
    "La solución se retiró del catálogo; solo su startup y el Hub la ven.": (
        "The solution was withdrawn from the catalog; only your startup and the Hub can see it."
    ),
    "Perfil guardado.": "Profile saved.",
    "Bienvenida/o al Hub. Su startup quedó registrada: ahora agregue sus soluciones.": (
        "Welcome to the Hub. Your startup has been registered: now add your solutions."
    ),
    # --- proposals: applications, committee, feedback, working sessions --------------------------------------
    "Alguien más guardó la propuesta después de la versión enviada; no se guardó nada": (
        "Someone else saved the proposal after the version sent; nothing was saved"
    ),
    "Bytes": "Bytes",
    "Descarga (requiere la misma sesión o permiso)": "Download (requires the same session or permission)",
    "CLP": "CLP",
    "submitted, withdrawn, shortlisted o not_selected": "submitted, withdrawn, shortlisted or not_selected",
    "Envíela al editar: detecta ediciones simultáneas": "Send it when editing: it detects simultaneous edits",
    "Retroalimentación escrita del comité; vacía si aún no": "The committee's written feedback; empty if not yet given",
    "Puntaje ponderado 0–100 (Σ ponderación × promedio / 5). La startup lo ve una vez entregada la "
    "retroalimentación; null si no corresponde verlo": (
        "Weighted score 0–100 (Σ weight × mean / 5). The startup sees it once the feedback has been delivered; "
        "null if it may not see it"
    ),
    "Id del desafío": "Challenge id",
    "Id de una solución del catálogo de la propia startup (opcional)": (
        "Id of one of the startup's own catalog solutions (optional)"
    ),
    "La versión leída antes de editar": "The version read before editing",
    "0–5; null si aún no lo evalúa": "0–5; null if not evaluated yet",
    "Cada criterio puede aparecer una sola vez.": "Each criterion may appear only once.",
    "shortlisted (preseleccionar) o not_selected; vacío para solo dar retroalimentación": (
        "shortlisted (shortlist) or not_selected; empty to give feedback only"
    ),
    "Retroalimentación escrita para la startup": "Written feedback for the startup",
    "Indique una decisión, una retroalimentación o ambas.": "Give a decision, feedback or both.",
    "No existe esa propuesta.": "That proposal does not exist.",
    "Solución desconocida.": "Unknown solution.",
    "Debe ser un número entero positivo.": "Must be a positive whole number.",
    "Desafío desconocido.": "Unknown challenge.",
    "Solo las de este desafío": "Only those of this challenge",
    "Listar las propuestas visibles para la cuenta": "List the proposals visible to the account",
    "Postular a un desafío (una propuesta por startup y desafío)": (
        "Apply to a challenge (one proposal per startup and challenge)"
    ),
    "El precio máximo no puede ser menor que el mínimo.": "The maximum price cannot be lower than the minimum.",
    "Detalle de una propuesta": "Proposal detail",
    "Editar una propuesta mientras la convocatoria está abierta": "Edit a proposal while the call is open",
    "Retirar una propuesta (definitivo) mientras la convocatoria está abierta": (
        "Withdraw a proposal (final) while the call is open"
    ),
    "Mis puntajes de una propuesta (integrantes del comité)": "My scores for a proposal (committee members)",
    "Guardar mis puntajes (0–5 por criterio) tras el cierre": (
        "Save my scores (0–5 per criterion) after the closing date"
    ),
    "Preseleccionar o no una propuesta y escribir su retroalimentación": (
        "Shortlist a proposal or not, and write its feedback"
    ),
    "null: sin registrar": "null: not recorded",
    "scheduled, held o cancelled": "scheduled, held or cancelled",
    "Una startup solo ve su propia participación": "A startup only sees its own participation",
    "Listar sesiones de trabajo visibles para la cuenta": "List working sessions visible to the account",
    "Detalle de una sesión de trabajo: asistencia, acta y próximos pasos": (
        "Working session detail: attendance, minutes and next steps"
    ),
    "No existe esa sesión.": "That session does not exist.",
    "Propuestas y evaluación": "Proposals and evaluation",
    "— sin puntaje —": "— no score —",
    "Enfoque propuesto": "Proposed approach",
    "Cómo resolvería el problema descrito: qué haría, con quién y qué resultado espera.": (
        "How you would solve the problem described: what you would do, with whom and what result you expect."
    ),
    "Solución del catálogo en que se basa (opcional)": "Catalog solution it is based on (optional)",
    "Precio mínimo (CLP)": "Minimum price (CLP)",
    "Precio máximo (CLP)": "Maximum price (CLP)",
    "Plazo de implementación (semanas)": "Implementation time (weeks)",
    "Plan de trabajo": "Work plan",
    "Etapas e hitos principales.": "Main stages and milestones.",
    "— ninguna —": "— none —",
    "Archivo": "File",
    "PDF, DOCX, XLSX, PNG o JPG; hasta 5 MB; hasta 5 archivos por propuesta.": (
        "PDF, DOCX, XLSX, PNG or JPG; up to 5 MB; up to 5 files per proposal."
    ),
    "%(name)s (%(weight)s%%)": "%(name)s (%(weight)s%%)",
    "Comentario sobre «%(name)s»": "Comment on “%(name)s”",
    "Asigne al menos un puntaje.": "Assign at least one score.",
    "Decisión": "Decision",
    "Preseleccionar": "Shortlist",
    "No seleccionar": "Do not select",
    "Retroalimentación para la startup": "Feedback for the startup",
    "La startup la lee junto a su propio puntaje: fortalezas, debilidades y por qué la decisión.": (
        "The startup reads it together with its own score: strengths, weaknesses and the reason for the decision."
    ),
    "— elija —": "— choose —",
    "Fecha y hora": "Date and time",
    "Lugar o enlace": "Venue or link",
    "Temario": "Agenda",
    "Startups preseleccionadas invitadas": "Shortlisted startups invited",
    "Acta": "Minutes",
    "Próximos pasos acordados": "Next steps agreed",
    "Asistencia de %(org)s": "Attendance of %(org)s",
    "Enviada": "Submitted",
    "Retirada": "Withdrawn",
    "Preseleccionada": "Shortlisted",
    "No seleccionada": "Not selected",
    "enfoque propuesto": "proposed approach",
    "precio mínimo (CLP)": "minimum price (CLP)",
    "precio máximo (CLP)": "maximum price (CLP)",
    "plazo de implementación (semanas)": "implementation time (weeks)",
    "plan de trabajo": "work plan",
    "retroalimentación": "feedback",
    "propuesta": "proposal",
    "propuestas": "proposals",
    "Agendada": "Scheduled",
    "Realizada": "Held",
    "fecha y hora": "date and time",
    "lugar o enlace": "venue or link",
    "temario": "agenda",
    "acta": "minutes",
    "próximos pasos acordados": "next steps agreed",
    "sesión de trabajo": "working session",
    "sesiones de trabajo": "working sessions",
    "Solo una cuenta de startup puede postular, y lo hace por su propia startup.": (
        "Only a startup account can apply, and it does so for its own startup."
    ),
    "La convocatoria cerró el %(date)s: ya no se reciben ni modifican propuestas.": (
        "The call closed on %(date)s: proposals can no longer be received or modified."
    ),
    "Este desafío no está recibiendo propuestas: su convocatoria no está abierta.": (
        "This challenge is not accepting proposals: its call is not open."
    ),
    "Describa cómo abordaría el problema.": "Describe how you would approach the problem.",
    "Indique un monto en pesos entre 0 y %(max)s.": "Enter an amount in pesos between 0 and %(max)s.",
    "El plazo debe estar entre 1 y %(max)s semanas.": "The implementation time must be between 1 and %(max)s weeks.",
    "Elija una solución de su propia startup.": "Choose a solution from your own startup.",
    "Su startup ya postuló a este desafío. Puede editar su propuesta en «Mis propuestas» hasta el cierre de la "
    "convocatoria.": (
        "Your startup has already applied to this challenge. You can edit your proposal in “My proposals” until "
        "the call closes."
    ),
    "Esta propuesta fue retirada: ya no se puede modificar.": (
        "This proposal was withdrawn: it can no longer be modified."
    ),
    "Alguien de su equipo guardó cambios en esta propuesta mientras usted la editaba. Recargue la página para "
    "ver la versión actual y vuelva a aplicar sus cambios.": (
        "Someone on your team saved changes to this proposal while you were editing it. Reload the page to see "
        "the current version and apply your changes again."
    ),
    "adjunto": "attachment",
    "Una propuesta admite hasta %(n)s archivos: elimine uno antes de subir otro.": (
        "A proposal accepts up to %(n)s files: delete one before uploading another."
    ),
    "El archivo está vacío.": "The file is empty.",
    "El archivo pesa %(mb)s MB; el máximo es 5 MB.": "The file is %(mb)s MB; the maximum is 5 MB.",
    "Tipo de archivo no permitido. Se aceptan PDF, DOCX, XLSX, PNG y JPG.": (
        "File type not allowed. PDF, DOCX, XLSX, PNG and JPG are accepted."
    ),
    "El contenido de «%(name)s» no es un archivo %(type)s válido. Se aceptan PDF, DOCX, XLSX, PNG y JPG.": (
        "The content of “%(name)s” is not a valid %(type)s file. PDF, DOCX, XLSX, PNG and JPG are accepted."
    ),
    "Ese archivo ya está adjunto a la propuesta.": "That file is already attached to the proposal.",
    "Ese archivo ya no existe.": "That file no longer exists.",
    "La convocatoria fue cancelada: no tiene comité.": "The call was canceled: it has no committee.",
    "Solo integran el comité personas del equipo del Hub o funcionarios/as de los municipios con desafíos en "
    "esta convocatoria.": (
        "Only members of the Hub team or officials of the municipalities with challenges in this call can sit on "
        "the committee."
    ),
    "%(u)s ya integra el comité.": "%(u)s is already on the committee.",
    "%(u)s ya registró puntajes en esta convocatoria: no se puede quitar del comité.": (
        "%(u)s has already recorded scores in this call: they cannot be removed from the committee."
    ),
    "Este desafío no pertenece a una convocatoria publicada.": "This challenge does not belong to a published call.",
    "La evaluación comienza cuando cierra la convocatoria (%(date)s).": (
        "The evaluation begins when the call closes (%(date)s)."
    ),
    "Esta propuesta fue retirada por su startup.": "This proposal was withdrawn by its startup.",
    "Solo los integrantes del comité de la convocatoria pueden evaluar.": (
        "Only the members of the call's committee can evaluate."
    ),
    "Criterio desconocido en esta convocatoria: %(id)s.": "Unknown criterion in this call: %(id)s.",
    "El puntaje debe ser un número entero de 0 a 5.": "The score must be a whole number from 0 to 5.",
    "Esta propuesta ya tiene sesiones de trabajo: cancélelas antes de cambiar la decisión.": (
        "This proposal already has working sessions: cancel them before changing the decision."
    ),
    "Escriba la retroalimentación para la startup.": "Write the feedback for the startup.",
    "La decisión debe ser «shortlisted» o «not_selected».": "The decision must be “shortlisted” or “not_selected”.",
    "Sesión de trabajo: %(title)s": "Working session: %(title)s",
    "Solo puede agendar sesiones para su propia municipalidad.": (
        "You can only schedule sessions for your own municipality."
    ),
    "Indique la fecha y hora de la sesión.": "Enter the date and time of the session.",
    "Indique el lugar o el enlace de la reunión.": "Enter the venue or the meeting link.",
    "Este desafío aún no tiene propuestas preseleccionadas.": "This challenge has no shortlisted proposals yet.",
    "Invite al menos una startup preseleccionada.": "Invite at least one shortlisted startup.",
    "Solo se invita a startups preseleccionadas en este desafío.": (
        "Only startups shortlisted for this challenge can be invited."
    ),
    "La sesión fue cancelada: no tiene acta.": "The session was canceled: it has no minutes.",
    "La sesión aún no ocurre (%(date)s): registre el acta después.": (
        "The session has not taken place yet (%(date)s): record the minutes afterwards."
    ),
    "Escriba el acta de la sesión.": "Write the minutes of the session.",
    "La asistencia solo se registra para las startups invitadas.": (
        "Attendance can only be recorded for the invited startups."
    ),
    "Solo se cancela una sesión agendada; esta ya fue realizada o cancelada.": (
        "Only a scheduled session can be canceled; this one has already been held or canceled."
    ),
    "No se pudo completar la acción": "The action could not be completed",
    "El desafío": "The challenge",
    "Presupuesto referencial (CLP)": "Reference budget (CLP)",
    "Criterios de evaluación publicados": "Published evaluation criteria",
    "El comité asigna de 0 a 5 puntos por criterio; el puntaje ponderado (0–100) suma cada ponderación por el "
    "promedio del comité dividido por 5.": (
        "The committee awards 0 to 5 points per criterion; the weighted score (0–100) adds up each weight times "
        "the committee's mean divided by 5."
    ),
    "Esta convocatoria aún no publica criterios.": "This call has not published its criteria yet.",
    "Postular a «%(t)s»": "Apply to “%(t)s”",
    "Mis propuestas": "My proposals",
    "Su startup ya postuló a este desafío": "Your startup has already applied to this challenge",
    "Cada startup envía una sola propuesta por desafío.": "Each startup sends only one proposal per challenge.",
    "Ver su propuesta": "See your proposal",
    "Este desafío no recibe propuestas ahora": "This challenge is not accepting proposals right now",
    "La convocatoria recibe propuestas entre el %(o)s y el %(c)s.": (
        "The call accepts proposals between %(o)s and %(c)s."
    ),
    "El desafío no está en una convocatoria abierta.": "The challenge is not in an open call.",
    "Su propuesta": "Your proposal",
    "Podrá editarla o retirarla hasta el cierre: %(c)s. Solo su startup, el equipo del Hub, el comité y la "
    "municipalidad la verán; nunca otras startups.": (
        "You can edit or withdraw it until the closing date: %(c)s. Only your startup, the Hub team, the "
        "committee and the municipality will see it; never other startups."
    ),
    "Enviar propuesta": "Submit proposal",
    "Después de enviarla podrá adjuntar documentos (PDF, DOCX, XLSX, PNG o JPG, hasta 5 MB cada uno).": (
        "After submitting it you can attach documents (PDF, DOCX, XLSX, PNG or JPG, up to 5 MB each)."
    ),
    "Propuestas a «%(t)s»": "Proposals for “%(t)s”",
    "Evaluación de la convocatoria": "Evaluation of the call",
    "Propuestas del desafío": "Proposals for the challenge",
    "Precio (CLP)": "Price (CLP)",
    "Plazo (semanas)": "Time (weeks)",
    "Puntaje ponderado": "Weighted score",
    "%(n)s evaluador/a": ("%(n)s evaluator", "%(n)s evaluators"),
    "Aún no hay propuestas.": "There are no proposals yet.",
    "Sesiones de trabajo": "Working sessions",
    "Aún no hay sesiones de trabajo.": "There are no working sessions yet.",
    "Agendar sesión con startups preseleccionadas": "Schedule a session with shortlisted startups",
    "Comité · %(t)s": "Committee · %(t)s",
    "Evaluación": "Evaluation",
    "Comité": "Committee",
    "Comité evaluador · %(t)s": "Evaluation committee · %(t)s",
    "Integran el comité personas del equipo del Hub y funcionarios/as de los municipios con desafíos en la "
    "convocatoria.": (
        "The committee is made up of members of the Hub team and officials of the municipalities with challenges "
        "in the call."
    ),
    "Integrante": "Member",
    "Puntajes dados": "Scores given",
    "Quitar a %(u)s": "Remove %(u)s",
    "ya evaluó": "has already evaluated",
    "El comité aún no tiene integrantes.": "The committee has no members yet.",
    "Agregar integrante": "Add member",
    "Agregar al comité": "Add to the committee",
    "Propuesta de %(o)s": "Proposal from %(o)s",
    "Propuesta de %(o)s a «%(t)s»": "Proposal from %(o)s for “%(t)s”",
    "Datos de la propuesta": "Proposal details",
    "Última actualización": "Last updated",
    "Solución del catálogo": "Catalog solution",
    "Rango de precio (CLP)": "Price range (CLP)",
    "%(n)s semana": ("%(n)s week", "%(n)s weeks"),
    "Cierre de la convocatoria": "Closing date of the call",
    "Retirar la propuesta": "Withdraw the proposal",
    "Retirar es definitivo: su startup no podrá volver a postular a este desafío.": (
        "Withdrawing is final: your startup will not be able to apply to this challenge again."
    ),
    "La convocatoria cerró: la propuesta ya no se puede modificar.": (
        "The call has closed: the proposal can no longer be modified."
    ),
    "Retroalimentación del comité": "Committee feedback",
    "Su puntaje ponderado:": "Your weighted score:",
    "Documentos adjuntos": "Attached documents",
    "Tamaño": "Size",
    "Subido": "Uploaded",
    "Eliminar %(n)s": "Delete %(n)s",
    "Sin documentos adjuntos.": "No attached documents.",
    "Adjuntar": "Attach",
    "Evaluación del comité": "Committee evaluation",
    "Puntaje ponderado:": "Weighted score:",
    "Promedio": "Mean",
    "Aún no hay puntajes.": "No scores yet.",
    "Asignar mis puntajes": "Assign my scores",
    "Decisión del Hub": "Hub decision",
    "Registrar decisión": "Record decision",
    "Retroalimentación entregada.": "Feedback delivered.",
    "Falta la retroalimentación para esta startup.": "Feedback for this startup is missing.",
    "Editar la retroalimentación": "Edit the feedback",
    "Escribir la retroalimentación": "Write the feedback",
    "Editar propuesta": "Edit proposal",
    "Editar la propuesta a «%(t)s»": "Edit the proposal for “%(t)s”",
    "Esta propuesta ya no se puede modificar: la convocatoria cerró o la propuesta fue retirada.": (
        "This proposal can no longer be modified: the call has closed or the proposal was withdrawn."
    ),
    "Guardar cambios": "Save changes",
    "Evaluación · %(t)s": "Evaluation · %(t)s",
    "La convocatoria cerró el %(c)s: el comité puede evaluar.": "The call closed on %(c)s: the committee can evaluate.",
    "La convocatoria cierra el %(c)s; la evaluación comienza entonces.": (
        "The call closes on %(c)s; the evaluation begins then."
    ),
    "Comité: %(n)s integrante.": ("Committee: %(n)s member.", "Committee: %(n)s members."),
    "Gestionar el comité": "Manage the committee",
    "Descargar CSV": "Download CSV",
    "Puntaje ponderado (0–100) = suma de cada ponderación × promedio del comité en ese criterio ÷ 5. Un criterio "
    "sin puntajes suma 0.": (
        "Weighted score (0–100) = sum of each weight × the committee's mean on that criterion ÷ 5. A criterion "
        "without scores adds 0."
    ),
    "Ponderado": "Weighted",
    "Evaluadores": "Evaluators",
    "Mis puntajes": "My scores",
    "(incompleto)": "(incomplete)",
    "Editar (%(n)s de %(total)s)": "Edit (%(n)s of %(total)s)",
    "Evaluar": "Evaluate",
    "Esta convocatoria aún no tiene propuestas.": "This call has no proposals yet.",
    "Postulantes sin retroalimentación": "Applicants without feedback",
    "Cada startup que postuló debe recibir retroalimentación escrita.": (
        "Every startup that applied must receive written feedback."
    ),
    "Retroalimentación": "Feedback",
    "Retroalimentación para %(o)s · «%(t)s»": "Feedback for %(o)s · “%(t)s”",
    "Las propuestas de su startup, su estado y la retroalimentación del comité. Nadie fuera de su startup, el "
    "Hub, el comité y la municipalidad del desafío puede verlas.": (
        "Your startup's proposals, their status and the committee's feedback. No one outside your startup, the "
        "Hub, the committee and the challenge's municipality can see them."
    ),
    "Mis sesiones de trabajo": "My working sessions",
    "aún no": "not yet",
    "pendiente": "pending",
    "Su startup aún no ha postulado a ningún desafío.": "Your startup has not applied to any challenge yet.",
    "Evaluar propuesta": "Evaluate proposal",
    "Evaluar la propuesta de %(o)s a «%(t)s»": "Evaluate the proposal from %(o)s for “%(t)s”",
    "La evaluación comienza cuando cierra la convocatoria (%(c)s).": (
        "The evaluation begins when the call closes (%(c)s)."
    ),
    "Asigne de 0 (no cumple) a 5 (cumple de forma sobresaliente) en cada criterio. Puede volver a cambiar sus "
    "puntajes.": (
        "Give each criterion from 0 (does not meet it) to 5 (meets it outstandingly). You can change your scores later."
    ),
    "Guardar puntajes": "Save scores",
    "Ver la propuesta": "See the proposal",
    "Sesión de trabajo": "Working session",
    "Sesión de trabajo · «%(t)s»": "Working session · “%(t)s”",
    "Startups invitadas": "Invited startups",
    "Corregir el acta": "Correct the minutes",
    "Registrar acta y asistencia": "Record minutes and attendance",
    "Cancelar la sesión": "Cancel the session",
    "Agendar sesión de trabajo": "Schedule a working session",
    "Nueva sesión": "New session",
    "Agendar sesión de trabajo · «%(t)s»": "Schedule a working session · “%(t)s”",
    "Este desafío aún no tiene propuestas preseleccionadas: la sesión se agenda con ellas.": (
        "This challenge has no shortlisted proposals yet: the session is scheduled with them."
    ),
    "La municipalidad y las startups invitadas quedarán en seguimiento hasta que se registre el acta.": (
        "The municipality and the invited startups will be followed up until the minutes are recorded."
    ),
    "Agendar": "Schedule",
    "Reuniones entre municipalidades y startups preseleccionadas: asistencia, acta y próximos pasos.": (
        "Meetings between municipalities and shortlisted startups: attendance, minutes and next steps."
    ),
    "No tiene sesiones de trabajo.": "You have no working sessions.",
    "Acta de la sesión": "Session minutes",
    "Acta de la sesión · «%(t)s»": "Session minutes · “%(t)s”",
    "Guardar acta": "Save minutes",
    "Propuesta enviada. Puede editarla hasta el cierre de la convocatoria.": (
        "Proposal submitted. You can edit it until the call closes."
    ),
    "Propuesta retirada.": "Proposal withdrawn.",
    "Archivo «%(name)s» adjuntado.": "File “%(name)s” attached.",
    "Archivo eliminado.": "File deleted.",
    "Puntajes guardados.": "Scores saved.",
    "Decisión registrada: %(status)s.": "Decision recorded: %(status)s.",
    "Retroalimentación guardada; la startup ya puede leerla.": "Feedback saved; the startup can now read it.",
    "%(u)s se integró al comité.": "%(u)s joined the committee.",
    "%(u)s ya no integra el comité.": "%(u)s is no longer on the committee.",
    "Sesión agendada; se hará seguimiento a los participantes.": "Session scheduled; participants will be followed up.",
    "Acta registrada.": "Minutes recorded.",
    "Sesión cancelada.": "Session canceled.",
    # --- pilots: agreements, indicators, measurements, supplier ratings --------------------------------------
    "Área prioritaria: seguridad, aps, capital_humano, ambiente o digital": (
        "Priority area: seguridad, aps, capital_humano, ambiente or digital"
    ),
    "planned, running, paused, finished o cancelled": "planned, running, paused, finished or cancelled",
    "Indicadores cumplidos; null hasta que el piloto finaliza": "Indicators met; null until the pilot finishes",
    "Calificación promedio 1–5 del proveedor": "Supplier's average rating, 1–5",
    "increase (mayor es mejor) o decrease (menor es mejor)": (
        "increase (higher is better) or decrease (lower is better)"
    ),
    "weekly, monthly, quarterly o end": "weekly, monthly, quarterly or end",
    "Por qué cambió (vacío en la versión 1)": "Why it changed (empty in version 1)",
    "Por criterio (1–5); solo para municipalidades, el Hub y la startup": (
        "By criterion (1–5); only for municipalities, the Hub and the startup"
    ),
    "No existe ese piloto.": "That pilot does not exist.",
    "Estado del piloto": "Pilot status",
    "Área del desafío": "Challenge area",
    "Código de región de la municipalidad (p. ej. 13)": "Region code of the municipality (e.g. 13)",
    "Identificador (slug) de la startup": "Identifier (slug) of the startup",
    "Listar pilotos": "List pilots",
    "Detalle de un piloto: indicadores, versiones y mediciones": "Pilot detail: indicators, versions and measurements",
    "Id del indicador": "Indicator id",
    "AAAA-MM-DD; no futura ni anterior al inicio": "YYYY-MM-DD; not in the future nor before the start",
    "Mediciones de un piloto": "Measurements of a pilot",
    "Registrar una medición": "Record a measurement",
    "Ese indicador no es de este piloto.": "That indicator does not belong to this pilot.",
    "Por qué se corrige (≥ 10 caracteres)": "Why it is being corrected (≥ 10 characters)",
    "start, pause, resume, cancel (con reason) o finish (con summary y overrides)": (
        "start, pause, resume, cancel (with reason) or finish (with summary and overrides)"
    ),
    "Iniciar, pausar, reanudar, cancelar o finalizar un piloto": "Start, pause, resume, cancel or finish a pilot",
    "Descarga del convenio firmado (PDF)": "Download of the signed agreement (PDF)",
    "Listar convenios de colaboración": "List collaboration agreements",
    "Detalle de un convenio": "Agreement detail",
    "No existe ese convenio.": "That agreement does not exist.",
    "Solo para municipalidades, el equipo del Hub y la propia startup": (
        "Only for municipalities, the Hub team and the startup itself"
    ),
    "Registro de desempeño de un proveedor": "Performance record of a supplier",
    "Desafíos publicados (o en etapas posteriores)": "Challenges published (or in later stages)",
    "Sesiones de trabajo realizadas": "Working sessions held",
    "Pilotos iniciados": "Pilots started",
    "Pilotos finalizados con al menos un indicador cumplido": "Pilots finished with at least one indicator met",
    "Tiene al menos un piloto implementado": "Has at least one pilot implemented",
    "Solo para el equipo del Hub": "Only for the Hub team",
    "Embudo del programa": "Program funnel",
    "Convenios y pilotos": "Agreements and pilots",
    "Pilotos en curso": "Pilots under way",
    "%(n)s mediciones entre %(first)s y %(last)s. Última: %(value)s %(unit)s. Línea base %(baseline)s; meta "
    "%(target)s.": (
        "%(n)s measurements between %(first)s and %(last)s. Latest: %(value)s %(unit)s. Baseline %(baseline)s; "
        "target %(target)s."
    ),
    "Aún no hay mediciones. Línea base %(baseline)s; meta %(target)s.": (
        "No measurements yet. Baseline %(baseline)s; target %(target)s."
    ),
    "Línea base %(v)s": "Baseline %(v)s",
    "Meta %(v)s": "Target %(v)s",
    "Ingrese un número válido.": "Enter a valid number.",
    "Municipalidad que firma": "Signing municipality",
    "Título del convenio": "Agreement title",
    "Alcance": "Scope",
    "Fecha de firma": "Signing date",
    "Valor (CLP)": "Value (CLP)",
    "Cero si el piloto no tiene costo para la municipalidad. Todos los convenios son públicos.": (
        "Zero if the pilot costs the municipality nothing. All agreements are public."
    ),
    "Nombre del piloto": "Pilot name",
    "Si se deja vacío, el del convenio.": "If left blank, the agreement's title.",
    "Convenio firmado (PDF, máx. 10 MB)": "Signed agreement (PDF, max. 10 MB)",
    "El documento supera los 10 MB permitidos.": "The document exceeds the 10 MB allowed.",
    "Nombre del indicador": "Indicator name",
    "Unidad": "Unit",
    "Por ejemplo: días, %, personas, reclamos.": "For example: days, %, people, complaints.",
    "Línea base": "Baseline",
    "Meta": "Target",
    "Sentido": "Direction",
    "Método de medición": "Measurement method",
    "Fuente de los datos, cálculo y quién mide.": "Data source, calculation and who measures.",
    "Frecuencia": "Frequency",
    "Justificación del cambio": "Reason for the change",
    "Al menos 20 caracteres. Se publica junto a la versión anterior, que no se borra.": (
        "At least 20 characters. It is published next to the previous version, which is not deleted."
    ),
    "Indicador": "Indicator",
    "Fecha de medición": "Measurement date",
    "Valor": "Value",
    "Nota (opcional)": "Note (optional)",
    "Motivo de la cancelación": "Reason for canceling",
    "Usar el juicio calculado": "Use the calculated verdict",
    "Cumplido": "Met",
    "No cumplido": "Not met",
    "Resumen de resultados": "Summary of results",
    "Juicio: %(name)s": "Verdict: %(name)s",
    "Motivo (si corrige el juicio calculado)": "Reason (if you correct the calculated verdict)",
    "Comentarios": "Comments",
    "alcance": "scope",
    "valor (CLP)": "value (CLP)",
    "fecha de firma": "signing date",
    "documento firmado": "signed document",
    "convenio de colaboración": "collaboration agreement",
    "convenios de colaboración": "collaboration agreements",
    "Planificado": "Planned",
    "Pausado": "Paused",
    "Cancelado": "Canceled",
    "resumen de resultados": "summary of results",
    "piloto": "pilot",
    "pilotos": "pilots",
    "Aumentar (mayor es mejor)": "Increase (higher is better)",
    "Disminuir (menor es mejor)": "Decrease (lower is better)",
    "Semanal": "Weekly",
    "Mensual": "Monthly",
    "Trimestral": "Quarterly",
    "Al cierre": "At the end",
    "motivo del juicio": "reason for the verdict",
    "unidad": "unit",
    "línea base": "baseline",
    "meta": "target",
    "sentido": "direction",
    "método de medición": "measurement method",
    "frecuencia": "frequency",
    "justificación del cambio": "reason for the change",
    "fecha de medición": "measurement date",
    "valor": "value",
    "nota": "note",
    "comentarios": "comments",
    "El documento firmado debe ser un PDF.": "The signed document must be a PDF.",
    "Solo una propuesta preseleccionada puede dar origen a un convenio.": (
        "Only a shortlisted proposal can lead to an agreement."
    ),
    "La municipalidad debe ser una de las que comparten el desafío.": (
        "The municipality must be one of those that share the challenge."
    ),
    "Esta municipalidad ya firmó un convenio por esta propuesta.": (
        "This municipality has already signed an agreement for this proposal."
    ),
    "Indique un título para el convenio.": "Enter a title for the agreement.",
    "Describa el alcance del convenio.": "Describe the scope of the agreement.",
    "El término no puede ser anterior al inicio.": "The end cannot be before the start.",
    "La fecha de firma no puede estar en el futuro.": "The signing date cannot be in the future.",
    "El valor debe ser un número entero de pesos, cero o mayor.": (
        "The value must be a whole number of pesos, zero or more."
    ),
    "Indique el nombre del indicador.": "Enter the indicator's name.",
    "Indique la unidad (p. ej. días, %, personas).": "Enter the unit (e.g. days, %, people).",
    "Máximo 60 caracteres.": "At most 60 characters.",
    "Explique cómo se medirá: fuente, cálculo y responsable.": (
        "Explain how it will be measured: source, calculation and who is responsible."
    ),
    "Debe ser un número.": "Must be a number.",
    "Elija si el indicador debe aumentar o disminuir.": "Choose whether the indicator should increase or decrease.",
    "Elija una frecuencia de medición.": "Choose a measurement frequency.",
    "La meta debe ser distinta de la línea base.": "The target must be different from the baseline.",
    "Con el sentido elegido, la meta debe mejorar la línea base (mayor si aumenta, menor si disminuye).": (
        "With the direction chosen, the target must improve on the baseline (higher if it increases, lower if it "
        "decreases)."
    ),
    "Los indicadores están bloqueados desde el inicio del piloto. Para cambiar uno, registre una nueva versión "
    "con su justificación.": (
        "Indicators are locked once the pilot starts. To change one, record a new version with its reason."
    ),
    "El piloto aún no inicia: edite el indicador directamente.": (
        "The pilot has not started yet: edit the indicator directly."
    ),
    "El piloto ya terminó: sus indicadores no cambian.": "The pilot has already ended: its indicators do not change.",
    "Explique el cambio en al menos %(n)s caracteres: quedará público junto a la versión anterior.": (
        "Explain the change in at least %(n)s characters: it will be public next to the previous version."
    ),
    "La nueva versión es igual a la vigente: no hay nada que cambiar.": (
        "The new version is the same as the current one: there is nothing to change."
    ),
    "Solo un piloto planificado puede iniciar.": "Only a planned pilot can start.",
    "Defina al menos un indicador antes de iniciar: se bloquearán al comenzar.": (
        "Define at least one indicator before starting: they will be locked when it begins."
    ),
    "Acción desconocida.": "Unknown action.",
    "Solo un piloto en curso puede pausarse.": "Only a running pilot can be paused.",
    "Solo un piloto pausado puede reanudarse.": "Only a paused pilot can be resumed.",
    "Un piloto finalizado o cancelado no puede cancelarse.": "A finished or canceled pilot cannot be canceled.",
    "Explique por qué se cancela el piloto (al menos 10 caracteres).": (
        "Explain why the pilot is being canceled (at least 10 characters)."
    ),
    "Solo se registran mediciones mientras el piloto está en curso o pausado.": (
        "Measurements can only be recorded while the pilot is running or paused."
    ),
    "Indique la fecha de la medición.": "Enter the date of the measurement.",
    "La fecha de medición no puede estar en el futuro.": "The measurement date cannot be in the future.",
    "La fecha no puede ser anterior al inicio del piloto (%(d)s).": (
        "The date cannot be before the start of the pilot (%(d)s)."
    ),
    "El valor debe ser un número.": "The value must be a number.",
    "Máximo 300 caracteres.": "At most 300 characters.",
    "Ya hay una medición de este indicador para el %(d)s.": (
        "There is already a measurement of this indicator for %(d)s."
    ),
    "Ya hay una medición de este indicador para esa fecha.": (
        "There is already a measurement of this indicator for that date."
    ),
    "Solo un piloto en curso o pausado puede finalizar.": "Only a running or paused pilot can be finished.",
    "Para corregir el juicio calculado explique el motivo (al menos 10 caracteres).": (
        "To correct the calculated verdict, explain the reason (at least 10 characters)."
    ),
    "Solo la municipalidad del piloto califica a su proveedor.": "Only the pilot's municipality rates its supplier.",
    "El proveedor se califica cuando el piloto ha finalizado.": "The supplier is rated once the pilot has finished.",
    "Este piloto ya tiene su calificación; no se puede calificar dos veces.": (
        "This pilot already has its rating; it cannot be rated twice."
    ),
    "Califique este criterio.": "Rate this criterion.",
    "La calificación va de 1 a 5.": "The rating goes from 1 to 5.",
    "Criterios desconocidos: %(c)s.": "Unknown criteria: %(c)s.",
    "Máximo 5000 caracteres.": "At most 5000 characters.",
    "Pilotos": "Pilots",
    "Piloto": "Pilot",
    "Startup": "Startup",
    "Indicadores cumplidos": "Indicators met",
    "Calificación": "Rating",
    "%(m)s de %(n)s": "%(m)s of %(n)s",
    "%(n)s indicador": ("%(n)s indicator", "%(n)s indicators"),
    "No hay pilotos con estos criterios.": "No pilots match these criteria.",
    "%(m)s de %(n)s indicadores cumplidos": "%(m)s of %(n)s indicators met",
    "Convenios": "Agreements",
    "Vigencia": "Term",
    "Sin costo para la municipalidad": "No cost to the municipality",
    "Documento firmado": "Signed document",
    "Descargar %(n)s (PDF)": "Download %(n)s (PDF)",
    "No adjuntado": "Not attached",
    "Nuevo convenio": "New agreement",
    "Registrar un convenio de colaboración": "Record a collaboration agreement",
    "Estado de la propuesta": "Proposal status",
    "Convenios ya registrados por esta propuesta:": "Agreements already recorded for this proposal:",
    "El convenio es público y abre un piloto planificado, cuyos indicadores se definen antes de iniciarlo.": (
        "The agreement is public and opens a planned pilot, whose indicators are defined before it starts."
    ),
    "Registrar convenio y abrir piloto": "Record agreement and open pilot",
    "Convenios de colaboración": "Collaboration agreements",
    "Todos los convenios entre municipalidades y startups son públicos, con su valor y su documento firmado.": (
        "All agreements between municipalities and startups are public, with their value and their signed document."
    ),
    "Convenio": "Agreement",
    "Firma": "Signed",
    "Aún no hay convenios.": "There are no agreements yet.",
    "Nuevo indicador": "New indicator",
    "Editar indicador": "Edit indicator",
    "Este indicador está bloqueado porque el piloto ya inició. Los cambios se registran como una nueva versión "
    "con su justificación.": (
        "This indicator is locked because the pilot has already started. Changes are recorded as a new version "
        "with its reason."
    ),
    "Registrar una nueva versión": "Record a new version",
    "Volver al piloto": "Back to the pilot",
    "Nueva versión del indicador": "New version of the indicator",
    "«%(n)s» está en su versión %(v)s, bloqueada desde el %(d)s. La versión vigente no se borra: la nueva queda "
    "registrada con su justificación, a la vista de todos.": (
        "“%(n)s” is at version %(v)s, locked since %(d)s. The current version is not deleted: the new one is "
        "recorded with its reason, visible to everyone."
    ),
    "Registrar nueva versión": "Record new version",
    "Registrar medición": "Record measurement",
    "Una medición por indicador y fecha. La fecha no puede ser futura ni anterior al inicio del piloto.": (
        "One measurement per indicator and date. The date cannot be in the future or before the start of the pilot."
    ),
    "Convenio y partes": "Agreement and parties",
    "Inició": "Started",
    "Finalizó": "Finished",
    "Acciones": "Actions",
    "El piloto tiene %(n)s indicador. Al iniciarlo, los indicadores quedan bloqueados.": (
        "The pilot has %(n)s indicator. When the pilot starts, its indicators are locked.",
        "The pilot has %(n)s indicators. When the pilot starts, its indicators are locked.",
    ),
    "Iniciar piloto": "Start pilot",
    "Pausar": "Pause",
    "Reanudar": "Resume",
    "Finalizar y evaluar indicadores": "Finish and evaluate indicators",
    "Calificar al proveedor": "Rate the supplier",
    "Cancelar el piloto": "Cancel the pilot",
    "Indicadores": "Indicators",
    "Indicadores bloqueados desde el %(d)s. Los cambios posteriores se registran como versiones nuevas con su "
    "justificación.": ("Indicators locked since %(d)s. Later changes are recorded as new versions with their reasons."),
    "Los indicadores pueden editarse hasta que el piloto inicie.": "Indicators can be edited until the pilot starts.",
    "versión %(v)s": "version %(v)s",
    "Método": "Method",
    "Juicio corregido": "Corrected verdict",
    "Nota del juicio": "Note on the verdict",
    "Eliminar": "Delete",
    "Registrar una nueva versión (con justificación)": "Record a new version (with a reason)",
    "Historial: %(n)s versión anterior": ("History: %(n)s previous version", "History: %(n)s previous versions"),
    "Versiones de %(n)s": "Versions of %(n)s",
    "Justificación": "Reason",
    "Mediciones de %(n)s": "Measurements of %(n)s",
    "Valor (%(u)s)": "Value (%(u)s)",
    "Nota": "Note",
    "Aún no hay mediciones.": "No measurements yet.",
    "Este piloto aún no tiene indicadores.": "This pilot has no indicators yet.",
    "Agregar indicador": "Add indicator",
    "Calificación del proveedor": "Supplier rating",
    "%(a)s de 5": "%(a)s out of 5",
    "Calificación por criterio": "Rating by criterion",
    "Calificación (1 a 5)": "Rating (1 to 5)",
    "El detalle por criterio y los comentarios están disponibles para municipalidades, el equipo del Hub y la "
    "propia startup.": (
        "The breakdown by criterion and the comments are available to municipalities, the Hub team and the "
        "startup itself."
    ),
    "Finalizar piloto": "Finish pilot",
    "Finalizar": "Finish",
    "Finalizar el piloto y evaluar sus indicadores": "Finish the pilot and evaluate its indicators",
    "Cada indicador se juzga con su última medición frente a la meta de su versión vigente. Puede corregir un "
    "juicio explicando el motivo.": (
        "Each indicator is judged by its latest measurement against the target of its current version. You can "
        "correct a verdict by explaining the reason."
    ),
    "Sin mediciones.": "No measurements.",
    "Última medición: %(v)s %(u)s · meta %(t)s.": "Latest measurement: %(v)s %(u)s · target %(t)s.",
    "Juicio calculado:": "Calculated verdict:",
    "cumplido": "met",
    "no cumplido": "not met",
    "Pilotos de soluciones GovTech en municipios de Chile: convenios, indicadores, mediciones y resultados, como "
    "datos abiertos.": (
        "Pilots of GovTech solutions in Chilean municipalities: agreements, indicators, measurements and "
        "results, as open data."
    ),
    "Pilotos en municipios": "Pilots in municipalities",
    "Cada piloto nace de un convenio público entre una municipalidad y una startup. Sus indicadores se fijan "
    "antes de comenzar y quedan bloqueados al iniciar: cualquier cambio posterior es una versión nueva, "
    "justificada y visible.": (
        "Each pilot comes from a public agreement between a municipality and a startup. Its indicators are set "
        "before it begins and are locked when it starts: any later change is a new version, justified and "
        "visible."
    ),
    "Registro de desempeño de proveedores": "Supplier performance record",
    "Pilotos finalizados y sus resultados": "Finished pilots and their results",
    "Calificación del proveedor: %(a)s de 5": "Supplier rating: %(a)s out of 5",
    "Todos los pilotos": "All pilots",
    "Filtrar pilotos": "Filter pilots",
    "Startup (identificador)": "Startup (identifier)",
    "%(n)s piloto": ("%(n)s pilot", "%(n)s pilots"),
    "Programa": "Program",
    "Embudo de %(t)s": "Funnel of %(t)s",
    "Del problema publicado al piloto con resultados: cuántos desafíos, propuestas, sesiones, convenios y "
    "pilotos lleva el programa.": (
        "From the published problem to the pilot with results: how many challenges, proposals, sessions, "
        "agreements and pilots the program has so far."
    ),
    "Elegir convocatoria": "Choose a call",
    "Todo el programa": "Whole program",
    "Ver": "View",
    "Etapas del programa": "Program stages",
    "Etapa": "Stage",
    "Cantidad": "Count",
    "Municipios participantes": "Participating municipalities",
    "Meta del programa: que cada municipio participante tenga al menos un piloto implementado (finalizado y con "
    "al menos un indicador cumplido).": (
        "Program goal: every participating municipality has at least one pilot implemented (finished and with at "
        "least one indicator met)."
    ),
    "Avance por municipio": "Progress by municipality",
    "Primer piloto implementado": "First pilot implemented",
    "Aún no": "Not yet",
    "Aún no hay municipios con desafíos.": "There are no municipalities with challenges yet.",
    "Rúbrica versión %(v)s. Se califica una sola vez.": "Rubric version %(v)s. The rating can only be given once.",
    "Enviar calificación": "Submit rating",
    "Desempeño de %(n)s": "Performance of %(n)s",
    "Proveedores": "Suppliers",
    "Ficha de la organización": "Organization profile",
    "Finalizados": "Finished",
    "Calificación promedio": "Average rating",
    "de 5 · %(n)s calificación": ("out of 5 · %(n)s rating", "out of 5 · %(n)s ratings"),
    "Pilotos del proveedor": "Supplier's pilots",
    "Promedio por criterio": "Average by criterion",
    "Promedio (1 a 5)": "Average (1 to 5)",
    "Comentarios de las municipalidades": "Comments from the municipalities",
    "Aún no tiene calificaciones.": "No ratings yet.",
    "Resultados por indicador": "Results by indicator",
    "Indicadores de %(t)s": "Indicators of %(t)s",
    "Valor final": "Final value",
    "juicio corregido": "corrected verdict",
    "El detalle por criterio, los comentarios y los resultados por indicador están disponibles para "
    "municipalidades, el equipo del Hub y la propia startup.": (
        "The breakdown by criterion, the comments and the results by indicator are available to municipalities, "
        "the Hub team and the startup itself."
    ),
    "Cada startup con convenios municipales: sus pilotos, los indicadores cumplidos y la calificación que le "
    "dieron las municipalidades al cierre de cada piloto.": (
        "Every startup with municipal agreements: its pilots, the indicators met and the rating the "
        "municipalities gave it at the end of each pilot."
    ),
    "%(a)s / 5 (%(n)s calificación)": ("%(a)s / 5 (%(n)s rating)", "%(a)s / 5 (%(n)s ratings)"),
    "Aún no hay proveedores con convenios.": "There are no suppliers with agreements yet.",
    "Evolución de «%(name)s»": "Evolution of “%(name)s”",
    "Indicador agregado.": "Indicator added.",
    "Indicador actualizado.": "Indicator updated.",
    "Indicador eliminado.": "Indicator deleted.",
    "Nueva versión del indicador registrada.": "New version of the indicator recorded.",
    "Piloto iniciado: sus indicadores quedaron bloqueados.": "Pilot started: its indicators are now locked.",
    "Piloto pausado.": "Pilot paused.",
    "Piloto reanudado.": "Pilot resumed.",
    "Piloto cancelado.": "Pilot canceled.",
    "Piloto finalizado. La municipalidad ya puede calificar al proveedor.": (
        "Pilot finished. The municipality can now rate the supplier."
    ),
    "Medición registrada.": "Measurement recorded.",
    "Calificación registrada. Aparece en el registro de desempeño del proveedor.": (
        "Rating recorded. It appears in the supplier's performance record."
    ),
    "Convenio registrado. Defina los indicadores del piloto antes de iniciarlo.": (
        "Agreement recorded. Define the pilot's indicators before starting it."
    ),
    "La convocatoria indicada no es válida.": "The call given is not valid.",
    "Propuestas": "Proposals",
    "Pilotos con indicadores cumplidos": "Pilots with indicators met",
    # --- review fixes and later additions
    "La organización no tiene correo de contacto.": "The organization has no contact e-mail.",
    "Id de la convocatoria que presenta; null si no tiene o si no es visible para la cuenta": (
        "Id of the call it presents; null if it has none or the account cannot see it"
    ),
    "La convocatoria ya cerró; no se puede extender su plazo.": (
        "The call has already closed; its deadline cannot be extended."
    ),
    "Tabla de criterios y ponderaciones": "Table of criteria and weights",
    "Evaluación de propuestas": "Proposal evaluation",
    "hasta $%(m)s": "up to $%(m)s",
    "desde $%(m)s": "from $%(m)s",
    "Ir a mis diagnósticos": "Go to my diagnoses",
    "Propuestas recibidas. Fuera del equipo del Hub: null para una convocatoria aún abierta, y el total del "
    "programa cuenta solo las convocatorias ya cerradas": (
        "Proposals received. Outside the Hub team: null for a call that is still open, and the program total "
        "counts only calls already closed"
    ),
    "Sesiones de trabajo realizadas (null como «proposals», por la misma razón)": (
        "Working sessions held (null like “proposals”, for the same reason)"
    ),
    "El comité ya decidió sobre esta propuesta: ya no se puede modificar ni retirar.": (
        "The committee has already decided on this proposal: it can no longer be changed or withdrawn."
    ),
    "Ya se firmó un convenio sobre esta propuesta: la decisión del comité es definitiva.": (
        "An agreement has been signed on this proposal: the committee's decision is final."
    ),
    "Esa propuesta no existe.": "That proposal does not exist.",
    "Tabla de propuestas recibidas": "Table of proposals received",
    "Integrantes del comité": "Committee members",
    "Tabla de documentos adjuntos": "Table of attached documents",
    "Tabla de puntajes por integrante del comité": "Table of scores by committee member",
    "Convenio y piloto": "Agreement and pilot",
    "Una propuesta preseleccionada puede dar origen a un convenio de colaboración, que abre un piloto con "
    "indicadores medibles.": (
        "A shortlisted proposal can lead to a collaboration agreement, which opens a pilot with measurable indicators."
    ),
    "Puntajes de las propuestas a «%(t)s»": "Scores of the proposals to “%(t)s”",
    "Se creó el borrador de desafío «%(t)s». Escríbalo como problema en Innovación abierta "
    "(«Escribir el desafío») y envíelo a revisión: el equipo del Hub lo revisará con ustedes.": (
        "The draft challenge “%(t)s” was created. Write it up as a problem in Open innovation "
        "(“Write the challenge”) and send it for review: the Hub team will review it with you."
    ),
    "Escribir el desafío": "Write the challenge",
    "Ya postuló": "Already applied",
    "Ver mi propuesta": "See my proposal",
    "Entiendo que retirar es definitivo": "I understand that withdrawing is final",
    "Marque la casilla para confirmar el retiro: es definitivo.": (
        "Tick the box to confirm the withdrawal: it is final."
    ),
}
