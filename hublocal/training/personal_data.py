"""Personal data held by training (Ley 21.719): applications (who applied, from which
municipality, why, and what was decided) and attendance. Certificates are the certificates
app's declaration. Declared in TrainingConfig.ready()."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import ERASED_NAME, LegalBasis, PersonalData, pseudonym, register_personal_data, row_export

from .models import Application, ApplicationStatus, Attendance

APPLICATION_FIELDS = ("user", "full_name", "organization", "commune", "country_code", "status", "applied_at")
APPLICATION_TEXT = ("motivation", "decision_note")
ATTENDANCE_FIELDS = ("status", "source", "minutes", "recorded_at")
# Applications that never led to a seat are kept two years (to answer questions about a
# selection), then anonymised; participants' records are kept while their certificates are.
UNSEATED_RETENTION_DAYS = 730


def application_export(user: Any) -> list[dict]:
    rows = Application.objects.filter(user_id=user.pk)
    return [row_export(a, ("cohort", *APPLICATION_FIELDS, *APPLICATION_TEXT)) for a in rows]


def _anonymise(rows: Any) -> int:
    count = 0
    for a in rows:
        a.full_name = pseudonym(f"training:{a.user_id or a.pk}") if a.user_id else ERASED_NAME
        a.user = None
        a.motivation = ""
        a.decision_note = ""
        a.anonymised = True
        a.save(update_fields=["full_name", "user", "motivation", "decision_note", "anonymised"])
        count += 1
    return count


def application_anonymise(user: Any) -> int:
    # Counts per municipality and programme stay true; the person is no longer named.
    return _anonymise(list(Application.objects.filter(user_id=user.pk)))


def application_expire(now: Any) -> int:
    cutoff = now - timedelta(days=UNSEATED_RETENTION_DAYS)
    unseated = (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.WAITLISTED)
    return _anonymise(list(Application.objects.filter(status__in=unseated, applied_at__lt=cutoff, anonymised=False)))


def attendance_export(user: Any) -> list[dict]:
    rows = Attendance.objects.filter(application__user_id=user.pk)
    return [row_export(r, ("session", "application", *ATTENDANCE_FIELDS)) for r in rows]


def attendance_anonymise(user: Any) -> int:
    # Attendance rows hang off the application, anonymised above: they no longer point to a
    # person once it is; who recorded them is cut here.
    return Attendance.objects.filter(Q(application__user_id=user.pk) | Q(recorded_by_id=user.pk)).update(
        recorded_by=None
    )


# --- Evaluation
SURVEY_FIELDS = ("kind", "module", "instrument_slug", "instrument_version", "answers", "submitted_at")


def survey_export(user: Any) -> list[dict]:
    from .models import SurveyResponse

    rows = SurveyResponse.objects.filter(application__user_id=user.pk)
    return [row_export(r, ("cohort", *SURVEY_FIELDS)) for r in rows]


def survey_anonymise(user: Any) -> int:
    # The scale answers stay (the cohort's figures do not change) and the application they hang
    # off is anonymised above; free text could name the person, so comments are removed.
    from .models import SurveyResponse

    count = 0
    rows = list(SurveyResponse.objects.filter(application__user_id=user.pk))
    for r in rows:
        r.answers = {k: v for k, v in r.answers.items() if not isinstance(v, str)}
        r.save(update_fields=["answers"])
        count += 1
    return count


def register() -> None:
    register_personal_data(
        PersonalData(
            key="training.application",
            model="training.Application",
            fields=APPLICATION_FIELDS,
            free_text_fields=APPLICATION_TEXT,
            purpose=_(
                "Seleccionar a participantes de los programas de formación (elegibilidad, cupos, lista de "
                "espera), avisarles y certificar a quienes completan."
            ),
            legal_basis=LegalBasis.CONSENT,
            retention=_(
                "Postulaciones no seleccionadas o retiradas: dos años. Participantes: mientras se conserve su "
                "certificado; a pedido de la persona se anonimiza."
            ),
            recipients=_("Equipo del Hub, docentes de la cohorte y, sin nombres, el público (cifras por municipio)."),
            export=application_export,
            anonymise=application_anonymise,
            retention_days=UNSEATED_RETENTION_DAYS,
            expire=application_expire,
            erase_order=40,
        )
    )
    register_personal_data(
        PersonalData(
            key="training.attendance",
            model="training.Attendance",
            fields=ATTENDANCE_FIELDS,
            purpose=_("Registrar la asistencia a las sesiones para calcular quién completa el programa."),
            legal_basis=LegalBasis.CONSENT,
            retention=_("Mientras se conserve la postulación a la que pertenece."),
            recipients=_("Equipo del Hub y docentes de la cohorte."),
            export=attendance_export,
            anonymise=attendance_anonymise,
            erase_order=41,
        )
    )
    # --- Evaluation
    register_personal_data(
        PersonalData(
            key="training.survey_response",
            model="training.SurveyResponse",
            fields=SURVEY_FIELDS,
            purpose=_(
                "Evaluar la formación: satisfacción con cada módulo y autoevaluación de competencias al inicio "
                "y al final, para mejorar los programas. Los informes son anónimos."
            ),
            legal_basis=LegalBasis.CONSENT,
            retention=_(
                "Mientras se conserve la postulación a la que pertenece; a pedido de la persona se borran sus "
                "comentarios y las cifras se conservan sin su nombre."
            ),
            recipients=_("Equipo del Hub y docentes del programa, solo como cifras y comentarios sin nombre."),
            export=survey_export,
            anonymise=survey_anonymise,
            erase_order=39,
        )
    )
