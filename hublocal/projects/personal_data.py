"""Personal data held by collaborative projects (Ley 21.719): the contact person named on a
project (name and e-mail, published so partners and the public can reach the project) and who
recorded each result. Declared in ProjectsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import LegalBasis, PersonalData, register_personal_data, row_export

from .models import Project, Result

CONTACT_FIELDS = ("contact_name", "contact_email")


def _contact_rows(user: Any) -> Any:
    email = (getattr(user, "email", "") or "").strip()
    return Project.objects.filter(contact_email__iexact=email) if email else Project.objects.none()


def contact_export(user: Any) -> list[dict]:
    return [row_export(p, ("title", *CONTACT_FIELDS)) for p in _contact_rows(user)]


def contact_anonymise(user: Any) -> int:
    # The project stays public; it simply no longer names the person as its contact.
    return _contact_rows(user).update(contact_name="", contact_email="")


def result_export(user: Any) -> list[dict]:
    return [
        row_export(r, ("project", "title", "recorded_on", "recorded_by"))
        for r in Result.objects.filter(recorded_by_id=user.pk)
    ]


def result_anonymise(user: Any) -> int:
    # The result is the project's, not the person's: it stays, without its author.
    return Result.objects.filter(recorded_by_id=user.pk).update(recorded_by=None)


def register() -> None:
    register_personal_data(
        PersonalData(
            key="projects.contact",
            model="projects.Project",
            fields=CONTACT_FIELDS,
            purpose=_("Publicar a quién contactar por un proyecto colaborativo."),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras la persona sea el contacto del proyecto; a su pedido se quita."),
            recipients=_("El público (página del proyecto)."),
            export=contact_export,
            anonymise=contact_anonymise,
            erase_order=45,
        )
    )
    register_personal_data(
        PersonalData(
            key="projects.result",
            model="projects.Result",
            fields=("recorded_by",),
            purpose=_("Saber quién registró cada resultado de un proyecto y su evidencia."),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras exista el resultado; a pedido de la persona se quita su nombre."),
            recipients=_("Equipo del Hub (bitácora)."),
            export=result_export,
            anonymise=result_anonymise,
            erase_order=45,
        )
    )
