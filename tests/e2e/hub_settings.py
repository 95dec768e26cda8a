"""Settings of the hub the browser tests serve: the development settings of `make run`, with
a clock the tests can move forward (tests/e2e/clock.py)."""

from hublocal.settings.dev import *  # noqa: F403
from hublocal.settings.dev import VAR_DIR
from tests.e2e.clock import install

install(VAR_DIR)
