"""The pilots' searchable type (site-wide search, core.registry). Every pilot is public (public
money and open data by default: permissions.VIEW_PILOTS), so every pilot is indexed, with its
agreement's scope, challenge and parties as text."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

from .models import Pilot

CHUNK = 1000
UNCLASSIFIED = "sin_clasificar"


def _rows(ids: list[int] | None) -> Iterator[Pilot]:
    qs = Pilot.objects.select_related(
        "agreement",
        "agreement__terms",
        "agreement__challenge",
        "agreement__municipality",
        "agreement__municipality__commune",
        "agreement__startup",
    )
    if ids is not None:
        yield from qs.filter(pk__in=ids)
        return
    last = 0
    while batch := list(qs.filter(pk__gt=last).order_by("pk")[:CHUNK]):
        yield from batch
        last = batch[-1].pk


def _documents(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    for pilot in _rows(ids):
        agreement = pilot.agreement
        commune = agreement.municipality.commune
        typology = commune.typology if commune and commune.typology != UNCLASSIFIED else ""
        started = pilot.started_at or pilot.created_at
        yield registry.SearchDocument(
            object_id=pilot.pk,
            title=pilot.title,
            url=reverse("pilots:pilot_detail", kwargs={"pk": pilot.pk}),
            summary=(pilot.result_summary or agreement.scope)[:300],
            text="\n".join(
                p
                for p in (
                    pilot.result_summary,
                    agreement.title,
                    agreement.scope,
                    agreement.challenge.title,
                    agreement.municipality.name,
                    agreement.startup.name,
                )
                if p
            ),
            areas=(agreement.challenge.area,),
            typologies=(typology,) if typology else (),
            year=started.year if started else None,
        )


def _pilot_of_agreement(label: str, pk: int) -> list[int]:
    if label == "pilots.PilotAgreement":
        return list(Pilot.objects.filter(agreement_id=pk).values_list("pk", flat=True))
    if label == "agreements.Agreement":
        return list(Pilot.objects.filter(agreement__terms_id=pk).values_list("pk", flat=True))
    return [pk]


def register() -> None:
    registry.register_search_type(
        registry.SearchType(
            key="pilots.pilot",
            label=_("Pilotos"),
            documents=_documents,
            watch=("pilots.Pilot", "pilots.PilotAgreement", "agreements.Agreement"),
            ids_for=_pilot_of_agreement,
            order=50,
        )
    )
