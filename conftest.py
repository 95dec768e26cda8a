"""Shared test fixtures: the real territory and the demo network, loaded once per test database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client

DEMO_USERNAMES = ["staff", "analista", "santiago", "valparaiso", "startup-a", "startup-b", "partner"]


def _load_network() -> None:
    from hublocal.territory import selectors as territory_selectors

    if territory_selectors.commune_count_chile() == 345 and _demo_loaded():
        return
    call_command("load_territory", stdout=_Null())
    call_command("seed_demo", stdout=_Null())


def _demo_loaded() -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="staff").exists()


class _Null:
    def write(self, *_args: object) -> None:
        pass

    def flush(self) -> None:
        pass


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _load_network()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Spanish: a test that leaves English active would otherwise make the
    next test's reverse() build /en/ addresses (and the order of tests differs between runs)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached aggregates never leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def network(db):
    """The 345 communes, their municipalities and the demo accounts (reloaded after a flush)."""
    _load_network()


@pytest.fixture
def users(network) -> dict:
    from django.contrib.auth import get_user_model

    found = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERNAMES)}
    return found


@pytest.fixture
def client_for(users) -> Callable[[str | None], Client]:
    """A browser-like client signed in as a demo account (None: anonymous)."""

    def make(username: str | None) -> Client:
        client = Client()
        if username:
            client.force_login(users[username])
        return client

    return make
