"""Personal data held by solutions (Ley 21.719): the people a startup names in its profile (its
key team and the references it gives).

Declared in SolutionsConfig.ready(); read by the privacy app (record, notice, rights, retention)."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import (
    LegalBasis,
    PersonalData,
    register_personal_data,
    row_export,
    scrub,
    subject_identifiers,
)

from .models import StartupProfile

FREE_TEXT = ("team", "references")


def _profiles(user: Any) -> QuerySet[StartupProfile]:
    # The people named are not linked to accounts: a profile is theirs when it names them.
    names, emails = subject_identifiers(user)
    conditions = [Q(**{f"{field}__icontains": needle}) for field in FREE_TEXT for needle in names + emails]
    if not conditions:
        return StartupProfile.objects.none()
    return StartupProfile.objects.filter(reduce(or_, conditions))


def export(user: Any) -> list[dict]:
    return [row_export(profile, ("organization", *FREE_TEXT)) for profile in _profiles(user)]


def anonymise(user: Any) -> int:
    names, emails = subject_identifiers(user)
    profiles = list(_profiles(user))
    for profile in profiles:
        profile.team = scrub(profile.team, names + emails)
        profile.references = scrub(profile.references, names + emails)
    StartupProfile.objects.bulk_update(profiles, ["team", "references"])
    StartupProfile.objects.filter(pk__in=[p.pk for p in profiles]).update(row_version=F("row_version") + 1)
    return len(profiles)


def register() -> None:
    register_personal_data(
        PersonalData(
            key="solutions.startupprofile",
            model="solutions.StartupProfile",
            fields=(),
            free_text_fields=FREE_TEXT,
            purpose=_(
                "Conocer el equipo clave de cada startup y sus referencias, para evaluar su capacidad en las "
                "convocatorias y recomendar sus soluciones a los municipios."
            ),
            # Legitimate interest: the startup publishes these names to be assessed and hired; the
            # people named appear in their professional role.
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=_("Mientras la startup mantenga su perfil; a pedido de la persona nombrada se borra su nombre."),
            recipients=_("Cualquier visitante: se muestran en la ficha pública de la startup."),
            export=export,
            anonymise=anonymise,
        )
    )
