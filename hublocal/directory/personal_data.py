"""Personal data held by the directory (Ley 21.719): people of the network, their positions and
designations, and organisations' contact addresses.

Declared in DirectoryConfig.ready(); read by the privacy app (record, notice, rights, retention)."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hublocal.core.cache import bump
from hublocal.core.registry import (
    ERASED_NAME,
    LegalBasis,
    PersonalData,
    register_personal_data,
    row_export,
    subject_identifiers,
)
from hublocal.core.text import fold

from .models import Designation, Membership, Organization, Person

PERSON_FIELDS = ("full_name", "search_name", "email", "phone", "user", "is_public")
PUBLIC_FIELDS = ("full_name", "is_public")
MEMBERSHIP_FIELDS = ("person", "organization", "position", "title", "is_active")
DESIGNATION_FIELDS = ("person", "organization", "role")
ORGANIZATION_FIELDS = ("email", "rut")


def _people(user: Any) -> QuerySet[Person]:
    return Person.objects.filter(user_id=user.pk)


# ------------------------------------------------------------------------------------ people


def person_export(user: Any) -> list[dict]:
    return [row_export(person, PERSON_FIELDS) for person in _people(user)]


def person_anonymise(user: Any) -> int:
    """The entry stays (past diagnosis participations and designations pointed at it) but says
    nobody; the link to the account is cut. Memberships and designations go: an erased person holds
    no position, and a municipality left without a focal point sees it in its escalation log."""
    people = _people(user)
    touched = Membership.objects.filter(person__in=people).delete()[0]
    touched += Designation.objects.filter(person__in=people).delete()[0]
    touched += people.update(
        full_name=ERASED_NAME,
        search_name=fold(ERASED_NAME),
        email="",
        phone="",
        is_public=False,
        user=None,
        row_version=F("row_version") + 1,
    )
    bump("directory")  # public member lists cached for anonymous visitors name people
    return touched


def public_export(user: Any) -> list[dict]:
    return [row_export(person, PUBLIC_FIELDS) for person in _people(user).filter(is_public=True)]


def public_anonymise(user: Any) -> int:
    # Withdrawing the public profile is all this purpose needs; the entry itself is the next one's.
    bump("directory")
    return _people(user).filter(is_public=True).update(is_public=False, row_version=F("row_version") + 1)


# --------------------------------------------------------------- positions and designations


def membership_export(user: Any) -> list[dict]:
    return [row_export(m, MEMBERSHIP_FIELDS) for m in Membership.objects.filter(person__user_id=user.pk)]


def membership_anonymise(user: Any) -> int:
    bump("directory")
    return Membership.objects.filter(person__user_id=user.pk).delete()[0]


def designation_export(user: Any) -> list[dict]:
    return [row_export(d, DESIGNATION_FIELDS) for d in Designation.objects.filter(person__user_id=user.pk)]


def designation_anonymise(user: Any) -> int:
    return Designation.objects.filter(person__user_id=user.pk).delete()[0]


# ------------------------------------------------------------ organisations' contact address


def _organizations(user: Any) -> QuerySet[Organization]:
    _names, emails = subject_identifiers(user)
    if not emails:
        return Organization.objects.none()
    return Organization.objects.filter(reduce(or_, (Q(email__iexact=e) for e in emails)))


def organization_export(user: Any) -> list[dict]:
    return [row_export(org, ORGANIZATION_FIELDS) for org in _organizations(user)]


def organization_anonymise(user: Any) -> int:
    """An organisation whose contact address is the person's own keeps its entry, without it."""
    return _organizations(user).update(email="", row_version=F("row_version") + 1)


def register() -> None:
    recipients_network = _(
        "Equipo del Hub, la organización de la persona y quienes trabajan con ella en un proyecto "
        "concreto (p. ej. el municipio que preseleccionó la propuesta de su startup); el nombre y el "
        "cargo, además, a cualquier visitante si la persona consintió un perfil público."
    )
    register_personal_data(
        PersonalData(
            key="directory.person",
            model="directory.Person",
            fields=PERSON_FIELDS,
            purpose=_(
                "Directorio de la red: saber quién trabaja en cada municipio, startup o institución y cómo "
                "contactarle para los procesos del Hub."
            ),
            # Legitimate interest: people are listed for their professional role in the network and
            # only their own organisation and the hub see them unless they consent to a public profile.
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=_("Mientras la persona participe en la red; a su pedido se anonimiza."),
            recipients=recipients_network,
            export=person_export,
            anonymise=person_anonymise,
            # The person's name and e-mail find their rows elsewhere: anonymised after the others.
            erase_order=90,
        )
    )
    register_personal_data(
        PersonalData(
            key="directory.person_public",
            model="directory.Person",
            fields=PUBLIC_FIELDS,
            purpose=_("Mostrar públicamente el nombre y cargo de la persona en el directorio de la red."),
            legal_basis=LegalBasis.CONSENT,
            retention=_("Hasta que la persona retire su consentimiento."),
            recipients=_("Cualquier visitante del sitio."),
            export=public_export,
            anonymise=public_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="directory.membership",
            model="directory.Membership",
            fields=MEMBERSHIP_FIELDS,
            purpose=_("Registrar el cargo de cada persona en su organización."),
            # Same reason as the directory entry: a professional role in the network.
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=_("Mientras la persona participe en la red; a su pedido se elimina."),
            recipients=recipients_network,
            export=membership_export,
            anonymise=membership_anonymise,
            erase_order=85,
        )
    )
    register_personal_data(
        PersonalData(
            key="directory.designation",
            model="directory.Designation",
            fields=DESIGNATION_FIELDS,
            purpose=_(
                "Saber a quién avisar en cada municipio (punto focal, administración municipal, alcaldía) "
                "cuando un proceso del Hub queda sin respuesta."
            ),
            # Public function: the municipality designates its officials for the programmes it runs
            # with the hub; the designation is part of that function, not a choice of the official.
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras la designación esté vigente."),
            recipients=_("Equipo del Hub y su municipio."),
            export=designation_export,
            anonymise=designation_anonymise,
            erase_order=85,
        )
    )
    register_personal_data(
        PersonalData(
            key="directory.organization",
            model="directory.Organization",
            fields=ORGANIZATION_FIELDS,
            purpose=_(
                "Contacto de cada organización de la red. El correo y el RUT pueden ser los de una persona "
                "(por ejemplo, una empresa individual)."
            ),
            # Legitimate interest: an organisation's contact is needed to work with it in the network.
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=_("Mientras la organización participe en la red."),
            recipients=_("Equipo del Hub; el correo de contacto es público en la ficha de la organización."),
            export=organization_export,
            anonymise=organization_anonymise,
        )
    )
