"""What this app's codes are called in words: its audit actions (the audit page, the back
office) and, when it opens engagement tracks, its process (the follow-up pages). Registered
in ready(), so no page ever shows a code such as "proposals.attachment_add"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

PROCESS_LABELS = {
    "proposals.session": _("Sesión de trabajo"),
}

AUDIT_LABELS = {
    "proposals.attachment_add": _("Adjunto agregado a una propuesta"),
    "proposals.attachment_delete": _("Adjunto eliminado de una propuesta"),
    "proposals.committee_member_add": _("Integrante agregado al comité"),
    "proposals.committee_member_remove": _("Integrante quitado del comité"),
    "proposals.feedback_give": _("Retroalimentación enviada"),
    "proposals.proposal_mark_contracted": _("Propuesta marcada como contratada"),
    "proposals.proposal_not_select": _("Propuesta no seleccionada"),
    "proposals.proposal_shortlist": _("Propuesta preseleccionada"),
    "proposals.proposal_submit": _("Propuesta enviada"),
    "proposals.proposal_update": _("Propuesta editada"),
    "proposals.proposal_withdraw": _("Propuesta retirada"),
    "proposals.score_set": _("Puntajes de evaluación guardados"),
    "proposals.session_cancel": _("Sesión de trabajo cancelada"),
    "proposals.session_record": _("Acta de sesión registrada"),
    "proposals.session_schedule": _("Sesión de trabajo agendada"),
}


def register() -> None:
    for code, label in PROCESS_LABELS.items():
        registry.register_process_label(code, label)
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
