"""Innovation's searchable types (site-wide search, core.registry): published challenges (and
those that moved on: closed, in pilot, finished, archived — all public record) and calls that
are no longer drafts. Drafts and challenges in review belong to their municipalities and the
hub, so they are never indexed (permissions.PUBLIC_STATUSES decides, as on the pages)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

from .models import Call, CallStatus, Challenge, Criterion
from .permissions import PUBLIC_STATUSES

CHUNK = 1000
UNCLASSIFIED = "sin_clasificar"


def _rows(qs: QuerySet[Any], ids: list[int] | None) -> Iterator[Any]:
    if ids is not None:
        yield from qs.filter(pk__in=ids)
        return
    last = 0
    while batch := list(qs.filter(pk__gt=last).order_by("pk")[:CHUNK]):
        yield from batch
        last = batch[-1].pk


def _challenges(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    qs = Challenge.objects.filter(status__in=PUBLIC_STATUSES).select_related("owner", "owner__commune", "call")
    for challenge in _rows(qs, ids):
        commune = challenge.owner.commune
        typology = commune.typology if commune and commune.typology != UNCLASSIFIED else ""
        yield registry.SearchDocument(
            object_id=challenge.pk,
            title=challenge.title,
            url=reverse("innovation:challenge_detail", kwargs={"pk": challenge.pk}),
            summary=challenge.problem[:300],
            text="\n".join(
                p
                for p in (
                    challenge.problem,
                    challenge.affected,
                    challenge.current_process,
                    challenge.constraints,
                    challenge.success,
                    challenge.owner.name,
                    challenge.call.title if challenge.call else "",
                )
                if p
            ),
            areas=(challenge.area,),
            typologies=(typology,) if typology else (),
            year=(challenge.published_at or challenge.created_at).year,
        )


def _calls(ids: list[int] | None) -> Iterator[registry.SearchDocument]:
    public_challenges = Challenge.objects.filter(status__in=PUBLIC_STATUSES).only("pk", "call_id", "area")
    qs = Call.objects.exclude(status=CallStatus.DRAFT).prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("order", "pk")),
        Prefetch("challenges", queryset=public_challenges, to_attr="public_challenges"),
    )
    for call in _rows(qs, ids):
        areas = tuple(dict.fromkeys(c.area for c in call.public_challenges))
        yield registry.SearchDocument(
            object_id=call.pk,
            title=call.title,
            url=reverse("innovation:call_detail", kwargs={"slug": call.slug}),
            summary=call.description[:300],
            text="\n".join(
                [call.description, call.eligibility, *(f"{c.name}. {c.description}" for c in call.criteria.all())]
            ),
            areas=areas,
            year=call.opens_at.year,
        )


def _call_of_criterion(label: str, pk: int) -> list[int]:
    if label == "innovation.Criterion":
        return list(Criterion.objects.filter(pk=pk).values_list("call_id", flat=True))
    if label == "innovation.Challenge":
        # A challenge published in a call adds its area to the call's.
        return [c for c in Challenge.objects.filter(pk=pk).values_list("call_id", flat=True) if c]
    return [pk]


def register() -> None:
    registry.register_search_type(
        registry.SearchType(
            key="innovation.challenge",
            label=_("Desafíos de innovación"),
            documents=_challenges,
            watch=("innovation.Challenge",),
            order=30,
        )
    )
    registry.register_search_type(
        registry.SearchType(
            key="innovation.call",
            label=_("Convocatorias"),
            documents=_calls,
            watch=("innovation.Call", "innovation.Criterion", "innovation.Challenge"),
            ids_for=_call_of_criterion,
            order=40,
        )
    )
