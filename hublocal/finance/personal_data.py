"""Personal data held by finance (Ley 21.719): the contact person of a client for an income
(name, e-mail, phone), and who on the hub's staff recorded or voided an income. Declared in
FinanceConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import LegalBasis, PersonalData, register_personal_data, row_export

from .models import Income

CONTACT_FIELDS = ("client_contact_name", "client_contact_email", "client_contact_phone")


def _contact_match(user: Any) -> Q:
    q = Q(pk__in=[])
    if user.email:
        q |= Q(client_contact_email__iexact=user.email)
    name = (user.get_full_name() or "").strip()
    if name:
        q |= Q(client_contact_name__iexact=name)
    return q


def contact_export(user: Any) -> list[dict]:
    return [
        row_export(i, ("date", "line", "client", *CONTACT_FIELDS)) for i in Income.objects.filter(_contact_match(user))
    ]


def contact_anonymise(user: Any) -> int:
    # The income stays (accounting records are kept by law); only the person is cut from it.
    return Income.objects.filter(_contact_match(user)).update(
        client_contact_name="", client_contact_email="", client_contact_phone="", row_version=F("row_version") + 1
    )


def author_export(user: Any) -> list[dict]:
    rows = Income.objects.filter(Q(created_by_id=user.pk) | Q(voided_by_id=user.pk))
    return [row_export(i, ("date", "line", "created_by", "voided_by", "created_at", "voided_at")) for i in rows]


def author_anonymise(user: Any) -> int:
    created = Income.objects.filter(created_by_id=user.pk).update(created_by=None)
    return created + Income.objects.filter(voided_by_id=user.pk).update(voided_by=None)


def register() -> None:
    register_personal_data(
        PersonalData(
            key="finance.income_contact",
            model="finance.Income",
            fields=CONTACT_FIELDS,
            purpose=_("Contactar a la persona responsable del pago o de la factura de un ingreso del Hub."),
            legal_basis=LegalBasis.CONTRACT,
            retention=_(
                "Mientras se conserven los registros contables del ingreso (seis años, Código Tributario art. 17); "
                "después se borra el contacto y se conserva el ingreso."
            ),
            recipients=_(
                "El equipo del Hub. Nunca se publica: la página pública de finanzas muestra solo porcentajes."
            ),
            export=contact_export,
            anonymise=contact_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="finance.income_author",
            model="finance.Income",
            fields=("created_by", "voided_by"),
            purpose=_("Saber qué integrante del equipo del Hub registró o anuló cada ingreso (trazabilidad)."),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras exista la cuenta; al borrarla se conserva el ingreso sin su autor."),
            recipients=_("El equipo del Hub."),
            export=author_export,
            anonymise=author_anonymise,
        )
    )
