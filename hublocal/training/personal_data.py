"""Personal data held by training (Ley 21.719): applications (who applied, from which
municipality, why, and what was decided) and attendance. Certificates are the certificates
app's declaration. Declared in TrainingConfig.ready()."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import ERASED_NAME, LegalBasis, PersonalData, pseudonym, register_personal_data, row_export

from .models import (
    Application,
    ApplicationStatus,
    Attendance,
    GroupMember,
    GroupProject,
    ProjectFeedback,
    ProjectGroup,
    ProjectStageChange,
    PrototypeVersion,
)

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


# --- Group projects. Membership hangs off the application (anonymised above, so a member is no
# longer named once it is); the project's texts are the group's shared work, kept with it; who
# submitted a version, moved a stage, mentored or commented is cut on request.
PROJECT_TEXT = ("problem", "local_context", "concept", "prototype", "test_findings")


def group_member_export(user: Any) -> list[dict]:
    rows = GroupMember.objects.filter(application__user_id=user.pk).select_related("group")
    return [
        {"id": m.pk, "group": m.group.name, "cohort": m.group.cohort_id, "application": m.application_id} for m in rows
    ]


def group_member_anonymise(user: Any) -> int:
    # Nothing to cut here: the row names no one once the application is anonymised.
    return 0


def group_mentor_export(user: Any) -> list[dict]:
    return [row_export(g, ("cohort", "name", "mentor")) for g in ProjectGroup.objects.filter(mentor_id=user.pk)]


def group_mentor_anonymise(user: Any) -> int:
    return ProjectGroup.objects.filter(mentor_id=user.pk).update(mentor=None)


def group_project_export(user: Any) -> list[dict]:
    rows = GroupProject.objects.filter(group__members__application__user_id=user.pk)
    return [row_export(p, ("group", "title", "stage", "presented_on", *PROJECT_TEXT)) for p in rows]


def group_project_anonymise(user: Any) -> int:
    # The group's shared work stays with the group (its other members' work too); it names no
    # author: versions and stage changes do, and are cut by prototype_version_anonymise.
    return 0


def prototype_version_export(user: Any) -> list[dict]:
    rows = PrototypeVersion.objects.filter(submitted_by_id=user.pk)
    return [row_export(v, ("project", "number", "submitted_by", "submitted_at", "text")) for v in rows]


def prototype_version_anonymise(user: Any) -> int:
    changed = PrototypeVersion.objects.filter(submitted_by_id=user.pk).update(submitted_by=None)
    return changed + ProjectStageChange.objects.filter(changed_by_id=user.pk).update(changed_by=None)


def project_feedback_export(user: Any) -> list[dict]:
    rows = ProjectFeedback.objects.filter(author_id=user.pk)
    return [row_export(f, ("project", "author", "stage", "created_at", "body")) for f in rows]


def project_feedback_anonymise(user: Any) -> int:
    # The advice stays for the group; who gave it is cut.
    return ProjectFeedback.objects.filter(author_id=user.pk).update(author=None)


def _register_projects() -> None:
    purpose = _("Acompañar los proyectos grupales de innovación de una cohorte y reconocer su presentación final.")
    retention = _("Mientras se conserve la postulación a la que pertenece; a pedido de la persona se desvincula.")
    recipients = _(
        "Integrantes del grupo, su mentor o mentora, docentes de la cohorte, el equipo del Hub, otros "
        "participantes de la cohorte (desde la etapa de prototipo) y el público si el Hub lo publica."
    )
    for key, model, fields, free, export, anonymise in (
        (
            "training.group_member",
            "training.GroupMember",
            ("group", "application"),
            (),
            group_member_export,
            group_member_anonymise,
        ),
        (
            "training.project_group",
            "training.ProjectGroup",
            ("mentor", "name"),  # a group may be named after a person
            (),
            group_mentor_export,
            group_mentor_anonymise,
        ),
        (
            "training.group_project",
            "training.GroupProject",
            (),
            PROJECT_TEXT,
            group_project_export,
            group_project_anonymise,
        ),
        (
            "training.prototype_version",
            "training.PrototypeVersion",
            ("submitted_by", "submitted_at", "file_name"),
            ("text",),
            prototype_version_export,
            prototype_version_anonymise,
        ),
        (
            "training.project_feedback",
            "training.ProjectFeedback",
            ("author", "created_at"),
            ("body",),
            project_feedback_export,
            project_feedback_anonymise,
        ),
    ):
        register_personal_data(
            PersonalData(
                key=key,
                model=model,
                fields=fields,
                free_text_fields=free,
                purpose=purpose,
                legal_basis=LegalBasis.CONSENT,
                retention=retention,
                recipients=recipients,
                export=export,
                anonymise=anonymise,
                erase_order=42,
            )
        )


def register() -> None:
    _register_projects()
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
