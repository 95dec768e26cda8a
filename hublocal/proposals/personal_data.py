"""Personal data held by proposals (Ley 21.719): who submitted a proposal and its files, who gave
feedback, who sits on a call's committee and how each evaluator scored, and the minutes of
working sessions, which name the people present.

Evaluations are kept whatever happens to an account (they justify the call's decisions); an
erasure cuts their link to the person or leaves them on the anonymised account. Declared in
ProposalsConfig.ready(); read by the privacy app (record, notice, rights, retention)."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import (
    LegalBasis,
    PersonalData,
    register_personal_data,
    row_export,
    scrub,
    subject_identifiers,
)

from .models import Attachment, CommitteeMember, Proposal, Score, WorkingSession

PROPOSAL_FIELDS = ("submitted_by", "submitted_at", "feedback_by")
PROPOSAL_TEXT = ("feedback",)
ATTACHMENT_FIELDS = ("uploaded_by", "original_name", "created_at")
COMMITTEE_FIELDS = ("user", "added_by", "added_at")
SCORE_FIELDS = ("evaluator", "score")
SCORE_TEXT = ("comment",)
SESSION_FIELDS = ("created_by",)
SESSION_TEXT = ("agenda", "minutes", "next_steps")
EVALUATION_RECIPIENTS = _("Equipo del Hub, el comité de la convocatoria y la startup evaluada.")
EVALUATION_RETENTION = _(
    "Mientras se conserve el expediente de la convocatoria; a pedido de la persona se corta el vínculo con su "
    "cuenta o queda ligada a la cuenta anonimizada."
)


# -------------------------------------------------------------------------------- proposals


def proposal_export(user: Any) -> list[dict]:
    rows = Proposal.objects.filter(Q(submitted_by_id=user.pk) | Q(feedback_by_id=user.pk))
    return [row_export(p, ("challenge", "organization", *PROPOSAL_FIELDS, *PROPOSAL_TEXT)) for p in rows]


def proposal_anonymise(user: Any) -> int:
    """The proposal belongs to the startup and stays; only the link to who wrote it goes."""
    names, emails = subject_identifiers(user)
    touched = Proposal.objects.filter(submitted_by_id=user.pk).update(
        submitted_by=None, row_version=F("row_version") + 1
    )
    mentioned = list(Proposal.objects.filter(_mentions("feedback", names + emails)))
    for proposal in mentioned:
        proposal.feedback = scrub(proposal.feedback, names + emails)
    Proposal.objects.bulk_update(mentioned, ["feedback"])
    return (
        touched
        + len(mentioned)
        + Proposal.objects.filter(feedback_by_id=user.pk).update(feedback_by=None, row_version=F("row_version") + 1)
    )


def _mentions(field: str, needles: list[str]) -> Q:
    if not needles:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__icontains": n}) for n in needles))


def attachment_export(user: Any) -> list[dict]:
    rows = Attachment.objects.filter(uploaded_by_id=user.pk)
    return [row_export(a, ("proposal", *ATTACHMENT_FIELDS)) for a in rows]


def attachment_anonymise(user: Any) -> int:
    names, emails = subject_identifiers(user)
    rows = list(Attachment.objects.filter(Q(uploaded_by_id=user.pk) | _mentions("original_name", names + emails)))
    for row in rows:
        row.uploaded_by = None
        # A file called after its author ("CV Ana Pérez.pdf") would still name them.
        row.original_name = scrub(row.original_name, names + emails, "persona")
    Attachment.objects.bulk_update(rows, ["uploaded_by", "original_name"])
    return len(rows)


# -------------------------------------------------------------------------- the committee


def committee_export(user: Any) -> list[dict]:
    rows = CommitteeMember.objects.filter(Q(user_id=user.pk) | Q(added_by_id=user.pk))
    return [row_export(m, ("call", *COMMITTEE_FIELDS)) for m in rows]


def committee_anonymise(user: Any) -> int:
    # An erased account evaluates nothing more; its scores stay (next declaration).
    deleted = CommitteeMember.objects.filter(user_id=user.pk).delete()[0]
    return deleted + CommitteeMember.objects.filter(added_by_id=user.pk).update(added_by=None)


def score_export(user: Any) -> list[dict]:
    rows = Score.objects.filter(evaluator_id=user.pk)
    return [row_export(s, ("proposal", "criterion", *SCORE_FIELDS, *SCORE_TEXT)) for s in rows]


def score_anonymise(user: Any) -> int:
    """Scores must stay to justify the ranking; they remain tied to the (anonymised) account, which
    keeps one evaluator's scores together. Names and addresses in comments go."""
    names, emails = subject_identifiers(user)
    rows = list(Score.objects.filter(Q(evaluator_id=user.pk) | _mentions("comment", names + emails)))
    for row in rows:
        row.comment = scrub(row.comment, names + emails)
    Score.objects.bulk_update(rows, ["comment"])
    return len(rows)


# ----------------------------------------------------------------------- working sessions


def _sessions(user: Any) -> Q:
    names, emails = subject_identifiers(user)
    return reduce(or_, (_mentions(f, names + emails) for f in SESSION_TEXT), Q(created_by_id=user.pk))


def session_export(user: Any) -> list[dict]:
    rows = WorkingSession.objects.filter(_sessions(user))
    return [row_export(s, ("challenge", "starts_at", *SESSION_FIELDS, *SESSION_TEXT)) for s in rows]


def session_anonymise(user: Any) -> int:
    """The minutes stay (they record what the municipality and the startups agreed) without the
    person's name, address or authorship."""
    names, emails = subject_identifiers(user)
    rows = list(WorkingSession.objects.filter(_sessions(user)))
    for row in rows:
        if row.created_by_id == user.pk:
            row.created_by = None
        for field in SESSION_TEXT:
            setattr(row, field, scrub(getattr(row, field), names + emails))
    WorkingSession.objects.bulk_update(rows, ["created_by", *SESSION_TEXT])
    WorkingSession.objects.filter(pk__in=[r.pk for r in rows]).update(row_version=F("row_version") + 1)
    return len(rows)


def register() -> None:
    register_personal_data(
        PersonalData(
            key="proposals.proposal",
            model="proposals.Proposal",
            fields=PROPOSAL_FIELDS,
            free_text_fields=PROPOSAL_TEXT,
            purpose=_("Recibir las propuestas de las startups a los desafíos y darles retroalimentación."),
            # Contract: a proposal is a step the startup's member asks for before a possible agreement.
            legal_basis=LegalBasis.CONTRACT,
            retention=EVALUATION_RETENTION,
            recipients=EVALUATION_RECIPIENTS,
            export=proposal_export,
            anonymise=proposal_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="proposals.attachment",
            model="proposals.Attachment",
            fields=ATTACHMENT_FIELDS,
            purpose=_("Guardar los archivos que acompañan una propuesta (pueden incluir currículos del equipo)."),
            # Contract: same step as the proposal they belong to.
            legal_basis=LegalBasis.CONTRACT,
            retention=EVALUATION_RETENTION,
            recipients=EVALUATION_RECIPIENTS,
            export=attachment_export,
            anonymise=attachment_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="proposals.committeemember",
            model="proposals.CommitteeMember",
            fields=COMMITTEE_FIELDS,
            purpose=_("Saber quiénes integran el comité que evalúa cada convocatoria."),
            # Public function: officials and hub staff evaluate as part of the public call.
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras se conserve el expediente de la convocatoria; al cerrar la cuenta se elimina."),
            recipients=_("Equipo del Hub y el propio comité."),
            export=committee_export,
            anonymise=committee_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="proposals.score",
            model="proposals.Score",
            fields=SCORE_FIELDS,
            free_text_fields=SCORE_TEXT,
            purpose=_("Registrar la evaluación de cada integrante del comité, criterio por criterio."),
            # Public function: the evaluation justifies the public call's decision.
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=EVALUATION_RETENTION,
            recipients=_("Equipo del Hub y el comité de la convocatoria."),
            export=score_export,
            anonymise=score_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="proposals.workingsession",
            model="proposals.WorkingSession",
            fields=SESSION_FIELDS,
            free_text_fields=SESSION_TEXT,
            purpose=_(
                "Organizar las sesiones de trabajo entre un municipio y las startups preseleccionadas y dejar "
                "acta de lo acordado y de quienes asistieron."
            ),
            # Public function: the municipality documents its dealings with providers.
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=EVALUATION_RETENTION,
            recipients=_("Equipo del Hub, el municipio y las startups de la sesión."),
            export=session_export,
            anonymise=session_anonymise,
        )
    )
