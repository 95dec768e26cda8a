"""Personal data held by the library (Ley 21.719): who proposed, wrote, reviewed and assessed each
resource (accounts and the author names cited), reviewer appointments, and free text that may
name people (bodies, summaries, change notes, review comments, justifications, file text).

Published works and their editorial record are kept; an erasure cuts the link to the account and
replaces the person's name wherever it appears. Declared in LibraryConfig.ready()."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import F, Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hublocal.core import search
from hublocal.core.registry import (
    ERASED_NAME,
    LegalBasis,
    PersonalData,
    register_personal_data,
    row_export,
    scrub,
    subject_identifiers,
)

from .models import (
    DimensionLink,
    EvidenceAssessment,
    Resource,
    ResourceFile,
    ResourceVersion,
    Review,
    ReviewerAppointment,
)

RETENTION = _(
    "Mientras el recurso exista en la biblioteca (es obra publicada y su historial editorial); a pedido de la "
    "persona se corta el vínculo con su cuenta y se reemplaza su nombre."
)
PURPOSE = _(
    "Publicar y citar los recursos de la biblioteca con su autoría, y llevar el registro de quién los propuso, "
    "revisó y evaluó."
)


def _rows(model: type[Model], user: Any, accounts: tuple[str, ...], texts: tuple[str, ...]) -> QuerySet[Any]:
    names, emails = subject_identifiers(user)
    conditions = [Q(**{f"{field}_id": user.pk}) for field in accounts]
    conditions += [Q(**{f"{field}__icontains": needle}) for field in texts for needle in names + emails]
    return model._default_manager.filter(reduce(or_, conditions)) if conditions else model._default_manager.none()


def _export(model: type[Model], accounts: tuple[str, ...], texts: tuple[str, ...]) -> Any:
    def export(user: Any) -> list[dict]:
        return [row_export(row, (*accounts, *texts)) for row in _rows(model, user, accounts, texts)]

    return export


def _anonymise(
    model: type[Model], accounts: tuple[str, ...], texts: tuple[str, ...], lists: tuple[str, ...] = ()
) -> Any:
    def anonymise(user: Any) -> int:
        names, emails = subject_identifiers(user)
        needles = names + emails
        rows = list(_rows(model, user, accounts, texts))
        for row in rows:
            for field in accounts:
                if getattr(row, f"{field}_id") == user.pk:
                    setattr(row, field, None)
            for field in texts:
                if field in lists:
                    setattr(row, field, [scrub(v, needles) if isinstance(v, str) else v for v in getattr(row, field)])
                else:
                    setattr(row, field, scrub(getattr(row, field) or "", needles))
        if rows:
            model._default_manager.bulk_update(rows, [*accounts, *texts])
        return len(rows)

    return anonymise


def _erase_appointments(user: Any) -> int:
    mine = ReviewerAppointment.objects.filter(user_id=user.pk).delete()[0]
    appointed = ReviewerAppointment.objects.filter(appointed_by_id=user.pk).update(appointed_by=None)
    return mine + appointed


def _resource_anonymise(user: Any) -> int:
    touched = _anonymise(Resource, ("created_by",), ("summary", "retired_reason"))(user)
    # The search text is derived: rebuilt from the (scrubbed) current version, never scrubbed by hand.
    names, emails = subject_identifiers(user)
    terms = [search.document_of(n) for n in names + emails]
    stale = [Q(search_document__contains=t) for t in terms if t]
    if stale:
        from .services import _refresh_search

        for resource in Resource.objects.filter(reduce(or_, stale)).select_related("current_version"):
            _refresh_search(resource)
            Resource.objects.filter(pk=resource.pk).update(
                search_document=resource.search_document, row_version=F("row_version") + 1
            )
            touched += 1
    return touched


def _declare(
    key: str, model: str, fields: tuple[str, ...], texts: tuple[str, ...], export: Any, anonymise: Any, recipients: Any
) -> None:
    register_personal_data(
        PersonalData(
            key=key,
            model=model,
            fields=fields,
            free_text_fields=texts,
            purpose=PURPOSE,
            # Legitimate interest: authorship and editorial accountability of published knowledge,
            # in the people's professional role.
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=RETENTION,
            recipients=recipients,
            export=export,
            anonymise=anonymise,
        )
    )


def register() -> None:
    public = _("Cualquier visitante, una vez publicado el recurso; antes, su organización y el equipo del Hub.")
    editorial = _("El equipo del Hub, las personas revisoras designadas y la organización autora.")
    v_accounts, v_texts = ("created_by",), ("authors", "summary", "body", "change_note")
    _declare(
        "library.resourceversion",
        "library.ResourceVersion",
        v_accounts + ("authors",),
        ("summary", "body", "change_note"),
        _export(ResourceVersion, v_accounts, v_texts),
        _anonymise(ResourceVersion, v_accounts, v_texts, lists=("authors",)),
        public,
    )
    _declare(
        "library.resource",
        "library.Resource",
        ("created_by",),
        ("summary", "retired_reason", "search_document"),
        _export(Resource, ("created_by",), ("summary", "retired_reason")),
        _resource_anonymise,
        public,
    )
    _declare(
        "library.resourcefile",
        "library.ResourceFile",
        (),
        ("text",),
        _export(ResourceFile, (), ("text",)),
        _anonymise(ResourceFile, (), ("text",)),
        public,
    )
    _declare(
        "library.evidenceassessment",
        "library.EvidenceAssessment",
        ("set_by",),
        ("justification",),
        _export(EvidenceAssessment, ("set_by",), ("justification",)),
        _anonymise(EvidenceAssessment, ("set_by",), ("justification",)),
        public,
    )
    _declare(
        "library.review",
        "library.Review",
        ("reviewer",),
        ("comment",),
        _export(Review, ("reviewer",), ("comment",)),
        _anonymise(Review, ("reviewer",), ("comment",)),
        editorial,
    )
    _declare(
        "library.reviewerappointment",
        "library.ReviewerAppointment",
        ("user", "appointed_by"),
        (),
        _export(ReviewerAppointment, ("user", "appointed_by"), ()),
        _erase_appointments,
        _("El equipo del Hub."),
    )
    _declare(
        "library.dimensionlink",
        "library.DimensionLink",
        ("created_by",),
        (),
        _export(DimensionLink, ("created_by",), ()),
        _anonymise(DimensionLink, ("created_by",), ()),
        _("El equipo del Hub."),
    )


__all__ = ["ERASED_NAME", "register"]
