"""The platform's standard consent texts (purpose, version, title, words).

Published texts never change: a new wording is a new entry with the next version. Migration
0002 publishes these on a new database; `services.consent_texts_ensure` publishes any that a
database lacks (the demo seeder calls it, e.g. after a test database was flushed)."""

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
