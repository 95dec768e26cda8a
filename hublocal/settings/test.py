"""Fast, isolated settings for the test suite (database from DATABASE_URL)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import HUEY

# MD5 for speed; one test switches to Argon2 to prove hashes are upgraded at sign-in.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Lockouts live in axes' database tables (never the cache), so each test's transaction rolls
# them back and they cannot leak into the next test.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
MFA_REQUIRED_ROLES = []
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
HUEY = {**HUEY, "immediate": True}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Cached campaign aggregates would make query counts depend on test order; one test turns it on.
DIAGNOSIS_AGGREGATE_CACHE = False
# Likewise anonymous visitors' cached fragments (core/cache.py): tests that write through the ORM
# rather than a service would see them; the cache's own tests turn it on.
ANONYMOUS_FRAGMENT_CACHE = False
ANONYMOUS_PAGE_CACHE = False
PERSONAL_PAGE_CACHE = False
# Uploaded proposal attachments and signed agreements written by tests go to a throw-away
# folder (one per process), never into var/media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="hublocal-test-media-"))
