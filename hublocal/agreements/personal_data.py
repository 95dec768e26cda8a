"""Personal data held by agreements (Ley 21.719): the signatories of each party (name and
position, published as transparencia activa) and who on the hub's staff recorded or amended an
agreement. Declared in AgreementsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import LegalBasis, PersonalData, register_personal_data, row_export

from .models import Agreement, Amendment, Document, DocumentVersion, Party

PARTY_FIELDS = ("signatory_name", "signatory_position")


def _full_name(user: Any) -> str:
    return (user.get_full_name() or "").strip()


def party_export(user: Any) -> list[dict]:
    name = _full_name(user)
    if not name:
        return []
    rows = Party.objects.filter(signatory_name__iexact=name)
    return [row_export(p, ("agreement", "organization", "role", *PARTY_FIELDS, "signed_on")) for p in rows]


def party_anonymise(user: Any) -> int:
    # A signature on a public agreement is a public act, kept as signed (Ley 20.285 art. 7 and
    # the archives law): the register must keep saying who bound each party.
    return 0


def agreement_export(user: Any) -> list[dict]:
    return [
        row_export(a, ("title", "kind", "created_by", "created_at"))
        for a in Agreement.objects.filter(created_by_id=user.pk)
    ]


def agreement_anonymise(user: Any) -> int:
    # The agreement stays (a public act); only who on the hub's staff recorded it is cut.
    return Agreement.objects.filter(created_by_id=user.pk).update(created_by=None, row_version=F("row_version") + 1)


def amendment_export(user: Any) -> list[dict]:
    return [
        row_export(a, ("agreement", "version", "created_by", "created_at"))
        for a in Amendment.objects.filter(created_by_id=user.pk)
    ]


def amendment_anonymise(user: Any) -> int:
    return Amendment.objects.filter(created_by_id=user.pk).update(created_by=None)


def document_export(user: Any) -> list[dict]:
    return [
        row_export(d, ("agreement", "title", "created_by", "created_at"))
        for d in Document.objects.filter(created_by_id=user.pk)
    ]


def document_anonymise(user: Any) -> int:
    return Document.objects.filter(created_by_id=user.pk).update(created_by=None)


def version_export(user: Any) -> list[dict]:
    return [
        row_export(v, ("document", "number", "file_name", "uploaded_by", "uploaded_at"))
        for v in DocumentVersion.objects.filter(uploaded_by_id=user.pk)
    ]


def version_anonymise(user: Any) -> int:
    return DocumentVersion.objects.filter(uploaded_by_id=user.pk).update(uploaded_by=None)


def register() -> None:
    public = _("Cualquier persona, en el registro público de convenios y sus datos abiertos.")
    register_personal_data(
        PersonalData(
            key="agreements.party",
            model="agreements.Party",
            fields=PARTY_FIELDS,
            purpose=_(
                "Transparencia activa: publicar quién firma cada convenio en nombre de cada parte y con qué cargo "
                "(Ley 20.285, art. 7)."
            ),
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            retention=_(
                "Mientras el convenio se publique en el registro, y después según las normas de archivo de los "
                "actos públicos; un firmante puede reservarse con una causal del art. 21."
            ),
            recipients=public,
            export=party_export,
            anonymise=party_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="agreements.agreement",
            model="agreements.Agreement",
            fields=("created_by",),
            purpose=_("Saber qué integrante del equipo del Hub registró cada convenio (trazabilidad)."),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras exista la cuenta; al borrarla se conserva el convenio sin su autor."),
            recipients=_("El equipo del Hub."),
            export=agreement_export,
            anonymise=agreement_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="agreements.amendment",
            model="agreements.Amendment",
            fields=("created_by",),
            purpose=_("Saber quién registró cada modificación de un convenio (historial de versiones)."),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras exista la cuenta; al borrarla se conserva la modificación sin su autor."),
            recipients=public,
            export=amendment_export,
            anonymise=amendment_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="agreements.document",
            model="agreements.Document",
            fields=("created_by",),
            purpose=_("Saber qué integrante del equipo del Hub agregó cada documento de un convenio."),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras exista la cuenta; al borrarla se conserva el documento sin su autor."),
            recipients=_("El equipo del Hub."),
            export=document_export,
            anonymise=document_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="agreements.documentversion",
            model="agreements.DocumentVersion",
            fields=("uploaded_by",),
            purpose=_("Saber quién subió cada versión de un documento de un convenio (historial de versiones)."),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras exista la cuenta; al borrarla se conserva la versión sin su autor."),
            recipients=_("El equipo del Hub."),
            export=version_export,
            anonymise=version_anonymise,
        )
    )
