"""Personal data held by the ICT asset register (Ley 21.719): the person responsible for each
asset (name and e-mail, seen only by that municipality and the hub), who recorded an asset or a
solution, and who declared an adoption. Declared in IctAssetsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import (
    ERASED_NAME,
    LegalBasis,
    PersonalData,
    register_personal_data,
    row_export,
    subject_identifiers,
)

from .models import Adoption, IctAsset, OpenSourceSolution

OWNER_FIELDS = ("owner_name", "owner_email")


def _owned(user: Any) -> Any:
    names, emails = subject_identifiers(user)
    from django.db.models import Q

    q = Q(created_by_id=user.pk)
    for e in emails:
        q |= Q(owner_email__iexact=e)
    for n in names:
        q |= Q(owner_name__iexact=n)
    return IctAsset.objects.filter(q)


def asset_export(user: Any) -> list[dict]:
    return [row_export(a, ("name", "municipality", *OWNER_FIELDS, "created_by", "created_at")) for a in _owned(user)]


def asset_anonymise(user: Any) -> int:
    # The asset stays (it is the municipality's inventory); the person is cut from it.
    names, emails = subject_identifiers(user)
    n = 0
    for asset in _owned(user):
        if asset.owner_email.lower() in [e.lower() for e in emails] or asset.owner_name.lower() in [
            x.lower() for x in names
        ]:
            asset.owner_name, asset.owner_email = ERASED_NAME, ""
        if asset.created_by_id == user.pk:
            asset.created_by = None
        asset.save(update_fields=["owner_name", "owner_email", "created_by", "updated_at"])
        n += 1
    return n


def solution_export(user: Any) -> list[dict]:
    return [
        row_export(s, ("name", "created_by", "created_at"))
        for s in OpenSourceSolution.objects.filter(created_by_id=user.pk)
    ]


def solution_anonymise(user: Any) -> int:
    return OpenSourceSolution.objects.filter(created_by_id=user.pk).update(created_by=None)


def adoption_export(user: Any) -> list[dict]:
    return [
        row_export(a, ("solution", "municipality", "status", "declared_by", "created_at"))
        for a in Adoption.objects.filter(declared_by_id=user.pk)
    ]


def adoption_anonymise(user: Any) -> int:
    return Adoption.objects.filter(declared_by_id=user.pk).update(declared_by=None)


def register() -> None:
    register_personal_data(
        PersonalData(
            key="ictassets.asset",
            model="ictassets.IctAsset",
            fields=(*OWNER_FIELDS, "created_by"),
            purpose=_(
                "Saber a quién consultar por cada sistema de información municipal (inventario de activos TIC) y "
                "quién lo registró."
            ),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras el activo siga en el inventario del municipio."),
            recipients=_("Las personas funcionarias del mismo municipio y el equipo del Hub; nunca se publica."),
            export=asset_export,
            anonymise=asset_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="ictassets.solution",
            model="ictassets.OpenSourceSolution",
            fields=("created_by",),
            purpose=_("Saber quién registró cada solución de código abierto (trazabilidad)."),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras exista la cuenta; al borrarla se conserva la solución sin su autor."),
            recipients=_("El equipo del Hub."),
            export=solution_export,
            anonymise=solution_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="ictassets.adoption",
            model="ictassets.Adoption",
            fields=("declared_by",),
            purpose=_("Saber quién declaró la adopción de una solución por su municipio (trazabilidad)."),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras exista la cuenta; al borrarla se conserva la adopción sin su autor."),
            recipients=_("El equipo del Hub."),
            export=adoption_export,
            anonymise=adoption_anonymise,
        )
    )
