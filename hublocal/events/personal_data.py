"""Personal data held by events (Ley 21.719): registrants (name, e-mail, organisation, fee and
payment), the people who applied pitches, marked interest or nominated, and the jury with its
scores. Declared in EventsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import ERASED_NAME, LegalBasis, PersonalData, register_personal_data, row_export

from .models import Juror, Nomination, Pitch, PitchInterest, Registration

REGISTRATION_FIELDS = ("full_name", "email", "organization", "participant_type", "fee", "payment_status")


def registration_export(user: Any) -> list[dict]:
    return [
        row_export(r, ("event", *REGISTRATION_FIELDS, "status", "registered_at", "attended"))
        for r in Registration.objects.filter(user_id=user.pk)
    ]


def registration_anonymise(user: Any) -> int:
    # The count of seats and fees stays for the hub's accounts; who held them does not.
    return Registration.objects.filter(user_id=user.pk).update(user=None, full_name=ERASED_NAME, email="")


def juror_export(user: Any) -> list[dict]:
    return [
        row_export(j, ("edition", "full_name", "organization", "appointed_at"))
        for j in Juror.objects.filter(user_id=user.pk)
    ]


def juror_anonymise(user: Any) -> int:
    # The scores stay (the published results rest on them); the juror's name does not.
    return Juror.objects.filter(user_id=user.pk).update(user=None, full_name=ERASED_NAME)


def pitch_export(user: Any) -> list[dict]:
    return [
        row_export(p, ("event", "solution_name", "status", "created_at"))
        for p in Pitch.objects.filter(applied_by_id=user.pk)
    ]


def pitch_anonymise(user: Any) -> int:
    return Pitch.objects.filter(applied_by_id=user.pk).update(applied_by=None)


def interest_export(user: Any) -> list[dict]:
    return [
        row_export(i, ("pitch", "organization", "created_at")) for i in PitchInterest.objects.filter(user_id=user.pk)
    ]


def interest_anonymise(user: Any) -> int:
    return PitchInterest.objects.filter(user_id=user.pk).update(user=None)


def nomination_export(user: Any) -> list[dict]:
    return [
        row_export(n, ("category", "title", "created_at")) for n in Nomination.objects.filter(nominated_by_id=user.pk)
    ]


def nomination_anonymise(user: Any) -> int:
    return Nomination.objects.filter(nominated_by_id=user.pk).update(nominated_by=None)


def register() -> None:
    hub = _("El equipo del Hub.")
    register_personal_data(
        PersonalData(
            key="events.registration",
            model="events.Registration",
            fields=(*REGISTRATION_FIELDS, "user"),
            purpose=_("Inscribir a las personas en los eventos del Hub, gestionar cupos, lista de espera y pagos."),
            legal_basis=LegalBasis.CONTRACT,
            retention=_("Mientras exista la cuenta; al borrarla la inscripción queda sin nombre ni correo."),
            recipients=_("El equipo del Hub (listado de inscritos y su exportación)."),
            export=registration_export,
            anonymise=registration_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="events.juror",
            model="events.Juror",
            fields=("user", "full_name", "organization"),
            purpose=_("Nombrar el jurado de los premios y evitar conflictos de interés."),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras exista la cuenta; al borrarla las evaluaciones quedan sin nombre."),
            recipients=hub,
            export=juror_export,
            anonymise=juror_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="events.pitch",
            model="events.Pitch",
            fields=("applied_by",),
            purpose=_("Saber quién postuló cada pitch de su startup a un demo day."),
            legal_basis=LegalBasis.CONTRACT,
            retention=_("Mientras exista la cuenta."),
            recipients=hub,
            export=pitch_export,
            anonymise=pitch_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="events.pitch_interest",
            model="events.PitchInterest",
            fields=("user",),
            purpose=_("Saber quién marcó el interés de su municipio en un pitch, para el seguimiento."),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras exista la cuenta."),
            recipients=hub,
            export=interest_export,
            anonymise=interest_anonymise,
        )
    )
    register_personal_data(
        PersonalData(
            key="events.nomination",
            model="events.Nomination",
            fields=("nominated_by",),
            purpose=_("Saber quién nominó cada innovación municipal a un premio."),
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Mientras exista la cuenta."),
            recipients=hub,
            export=nomination_export,
            anonymise=nomination_anonymise,
        )
    )
