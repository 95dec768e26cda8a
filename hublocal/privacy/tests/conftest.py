"""Fixtures of the privacy tests: one extra test declaration in the registry, so the rights work
is tested against the registry interface whatever the apps declare."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hublocal.core import registry


class SampleDeclaration:
    """Records what the privacy app asked of it."""

    def __init__(self) -> None:
        self.anonymised: list[int] = []

    def export(self, user: Any) -> list[dict]:
        return [{"model": "sample.Note", "id": 1, "owner": user.pk, "text": "=nota con fórmula"}]

    def anonymise(self, user: Any) -> int:
        self.anonymised.append(user.pk)
        return 1


@pytest.fixture
def sample() -> Iterator[SampleDeclaration]:
    declared = SampleDeclaration()
    registry.register_personal_data(
        registry.PersonalData(
            key="zz_test.sample",
            model="zz_test.Note",
            fields=("owner", "text"),
            purpose="Probar los derechos",
            legal_basis=registry.LegalBasis.CONSENT,
            retention="Un día",
            recipients="Nadie",
            export=declared.export,
            anonymise=declared.anonymise,
        )
    )
    yield declared
    registry._PERSONAL_DATA.pop("zz_test.sample", None)
