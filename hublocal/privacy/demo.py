"""Demo consents: the demo accounts whose directory profile is public (directory's demo makes
that choice with the person's own account) get the matching public-profile consent, so the
record of consents and the directory agree. Idempotent."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model

from . import selectors, services


def seed(write: Callable[[str], None]) -> None:
    services.consent_texts_ensure()
    given = 0
    for user in get_user_model().objects.filter(is_active=True, person__isnull=False).select_related("person"):
        if user.person.is_public and not selectors.has_consent(user, services.PUBLIC_PROFILE):
            services.consent_give(user=user, purpose=services.PUBLIC_PROFILE)
            given += 1
    write(f"privacy: {given} consentimientos de perfil público registrados")
