"""Personal data held by pilots (Ley 21.719): who registered an agreement (whose signed document
names the signatories) and the municipality's rating of a provider, given by an identified official.

Agreements, pilots and ratings are kept whatever happens to an account (public contracts and the
supplier-performance record); an erasure cuts their link to the person. Declared in
PilotsConfig.ready(); read by the privacy app (record, notice, rights, retention)."""

from __future__ import annotations

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

from .models import PilotAgreement, Rating

# The terms (title, dates, signature date) are agreements.Agreement's, declared by that app.
AGREEMENT_FIELDS = ("created_by", "document", "document_name")
RATING_FIELDS = ("rated_by", "rated_at", "average")
RATING_TEXT = ("comment",)


def agreement_export(user: Any) -> list[dict]:
    rows = PilotAgreement.objects.filter(created_by_id=user.pk).select_related("terms")
    return [{**row_export(a, ("terms", *AGREEMENT_FIELDS)), "title": a.terms.title} for a in rows]


def agreement_anonymise(user: Any) -> int:
    # The signed document itself is a public contract and is kept as signed.
    return PilotAgreement.objects.filter(created_by_id=user.pk).update(
        created_by=None, row_version=F("row_version") + 1
    )


def rating_export(user: Any) -> list[dict]:
    rows = Rating.objects.filter(rated_by_id=user.pk)
    return [row_export(r, ("pilot", *RATING_FIELDS, *RATING_TEXT)) for r in rows]


def rating_anonymise(user: Any) -> int:
    names, emails = subject_identifiers(user)
    mentioned = Q(rated_by_id=user.pk)
    for needle in names + emails:
        mentioned |= Q(comment__icontains=needle)
    rows = list(Rating.objects.filter(mentioned))
    for row in rows:
        if row.rated_by_id == user.pk:
            row.rated_by = None
        row.comment = scrub(row.comment, names + emails)
    Rating.objects.bulk_update(rows, ["rated_by", "comment"])
    return len(rows)


def register() -> None:
    register_personal_data(
        PersonalData(
            key="pilots.agreement",
            model="pilots.PilotAgreement",
            fields=AGREEMENT_FIELDS,
            purpose=_(
                "Registrar los convenios entre municipios y startups que abren un piloto; el documento firmado "
                "incluye el nombre de quienes firman."
            ),
            # Public function: a municipality's agreements are acts of its public function (and
            # commercial ones are public by law).
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_(
                "Se conservan como documento público; a pedido de la persona se corta el vínculo con su cuenta, "
                "no con el documento firmado."
            ),
            recipients=_("Equipo del Hub, el municipio, la startup y, para convenios con valor, cualquier persona."),
            export=agreement_export,
            anonymise=agreement_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="pilots.rating",
            model="pilots.Rating",
            fields=RATING_FIELDS,
            free_text_fields=RATING_TEXT,
            purpose=_(
                "Registrar la evaluación que el municipio hace del proveedor al cerrar un piloto (registro de "
                "desempeño de proveedores)."
            ),
            # Public function: the municipality assesses its provider as part of managing the pilot.
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_(
                "Mientras exista el registro de desempeño del proveedor; a pedido de la persona se corta el "
                "vínculo con su cuenta y se borra su nombre de los comentarios."
            ),
            recipients=_("Equipo del Hub, el municipio y la startup evaluada."),
            export=rating_export,
            anonymise=rating_anonymise,
        )
    )
