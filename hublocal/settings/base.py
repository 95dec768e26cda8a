"""Settings shared by every environment; values come from the environment.

Environment variables:
    DATABASE_URL  default: SQLite under var/ (embedded). PostgreSQL in production.
    REDIS_URL     optional: cache and task queue broker. Without it the cache is local
                  memory and the task queue is an embedded SQLite file.
    SECRET_KEY    required in production.
    DEBUG         "1"/"true" to enable debug pages (never in production).
    ALLOWED_HOSTS comma-separated host names.
    TRUSTED_PROXY_COUNT  reverse proxies in front of the app (default 0: X-Forwarded-For ignored).
    MFA_REQUIRED_ROLES   comma-separated roles that must use a second factor (default none).
    STORAGE_BACKEND, STORAGE_OPTIONS  where uploaded files live (default: local disk under
                  var/media; an S3-compatible bucket through django-storages: docs/deployment.md).
    LOG_FORMAT    "json" for one JSON object per log line (default "text"); request lines
                  (logger hublocal.request, level REQUEST_LOG_LEVEL) are always JSON.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("HUBLOCAL_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The development key is only used when no SECRET_KEY is given; production settings refuse it.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-insecure-hublocal-key-change-me-0123456789abcdefghij")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # /sitemap.xml of the public pages (core/sitemaps.py)
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "huey.contrib.djhuey",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Hub Local domain apps (one per domain; see docs/architecture.md).
    "hublocal.core",
    "hublocal.exports",
    "hublocal.opendata",
    "hublocal.search",
    "hublocal.audit",
    "hublocal.accounts",
    "hublocal.privacy",
    "hublocal.territory",
    "hublocal.directory",
    "hublocal.notifications",
    "hublocal.certificates",
    "hublocal.engagement",
    "hublocal.diagnosis",
    "hublocal.agreements",
    "hublocal.solutions",
    "hublocal.innovation",
    "hublocal.proposals",
    "hublocal.pilots",
    "hublocal.library",
    "hublocal.replications",
    "hublocal.training",
    "hublocal.assistance",
    "hublocal.articulation",
    "hublocal.projects",
    "hublocal.network",
    "hublocal.finance",
    "hublocal.ictassets",
    "hublocal.events",
    "hublocal.evaluation",
]

MIDDLEWARE = [
    # First, so it times everything below it: one JSON log line per request (hublocal.request).
    "hublocal.core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "hublocal.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hublocal.core.middleware.SecurityHeadersMiddleware",
    "hublocal.core.web.LoginRequiredMiddleware",
    # API only: a query parameter the OpenAPI document does not declare is a 400.
    "hublocal.core.api_strict.StrictQueryMiddleware",
    # After authentication: idle/absolute session limits, then the second-factor gate.
    "hublocal.accounts.middleware.SessionLimitsMiddleware",
    "hublocal.accounts.middleware.MfaRequiredMiddleware",
    # Last, so it sees the lockout flag the login views set and answers 429 (see AXES_*).
    "axes.middleware.AxesMiddleware",
    # Innermost: whole public pages for anonymous visitors from the cache (core/page_cache.py).
    "hublocal.core.page_cache.AnonymousPageCacheMiddleware",
    # And a signed-in person's busiest pages, kept until a write they depend on (core/personal_page.py).
    "hublocal.core.personal_page.PersonalPageCacheMiddleware",
]

ROOT_URLCONF = "hublocal.urls"
WSGI_APPLICATION = "hublocal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hublocal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hublocal.core.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hublocal.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the single writer work at once; busy timeout avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server fails within seconds instead of hanging a request (or /readyz).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:my_home"  # the personal home: what awaits the person now
LOGOUT_REDIRECT_URL = "core:home"

AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out (username, address) pairs before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 first: existing PBKDF2 hashes are re-hashed with Argon2 at each person's next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# A reset link works once (Django's token changes with the password) and for one hour.
PASSWORD_RESET_TIMEOUT = 3600

# Client address for lockouts and the audit trail. Only as many X-Forwarded-For entries as there
# are proxies of our own are believed (counted from the right, where our proxies append); with
# 0 the header, which any client can write, is ignored and REMOTE_ADDR is used.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Login protection (django-axes): 5 failures within 15 minutes for one (username, address) pair
# lock that pair for 15 minutes. Counted in the database, so every app server sees them.
AXES_ENABLED = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lock lasts 15 minutes from the fifth failure; attempts during it do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "hublocal.accounts.client.client_ip"
AXES_LOCKOUT_CALLABLE = "hublocal.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Sign-ins and sign-outs are recorded once, in the audit trail (accounts.login/logout).
AXES_DISABLE_ACCESS_LOG = True

# Second factor (django-otp): accounts of these roles must enrol before using the platform.
MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", "")
OTP_TOTP_ISSUER = "Hub Local"

# Sessions: signed out after inactivity (shorter for hub staff and municipal officials, who
# reach more data) and, whatever the activity, 12 hours after signing in.
SESSION_IDLE_TIMEOUT_STAFF_MINUTES = int(os.environ.get("SESSION_IDLE_TIMEOUT_STAFF_MINUTES", "30"))
SESSION_IDLE_TIMEOUT_MINUTES = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "120"))
SESSION_ABSOLUTE_HOURS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
# Bearer tokens for scripts expire after this many days.
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "30"))

LANGUAGE_CODE = "es-cl"
LANGUAGES = [("es-cl", _("Español")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "hublocal" / "locale"]
TIME_ZONE = "America/Santiago"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "hublocal" / "static"]
# Uploaded files: every read and write goes through Django's storage API (default_storage and
# FileField), so any backend works. STORAGE_BACKEND names its class and STORAGE_OPTIONS (JSON)
# its options, e.g. for an S3-compatible bucket with django-storages (docs/deployment.md):
#   STORAGE_BACKEND=storages.backends.s3.S3Storage
#   STORAGE_OPTIONS='{"bucket_name": "hublocal-media", "endpoint_url": "https://…", "default_acl": "private"}'
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("STORAGE_BACKEND") or "django.core.files.storage.FileSystemStorage",
        "OPTIONS": json.loads(os.environ.get("STORAGE_OPTIONS", "") or "{}"),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Who sends prepared export files (core/exports.py): "" the web worker (sendfile for a local
# file); "accel" the front nginx for private files (X-Accel-Redirect to EXPORTS_ACCEL_PREFIX, an
# `internal` location over MEDIA_ROOT), public ones being cached by its proxy_cache; "redirect"
# the storage's own URL for public files (a bucket or CDN). See docs/deployment.md.
EXPORTS_OFFLOAD = os.environ.get("EXPORTS_OFFLOAD", "")
if EXPORTS_OFFLOAD not in ("", "accel", "redirect"):
    raise ImproperlyConfigured("EXPORTS_OFFLOAD must be empty, 'accel' or 'redirect'")
EXPORTS_ACCEL_PREFIX = os.environ.get("EXPORTS_ACCEL_PREFIX", "/_protected/")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hublocal",
            # A Redis that stops answering fails requests after a few seconds instead of holding
            # every worker thread forever.
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "5")),
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Without Redis, a cache on disk: the web server and the task-queue worker of `make run` are
    # separate processes, and a write by the worker must invalidate the pages the server caches.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Public pages and fragments served from the cache to anonymous visitors, invalidated by every
# committed write (core/cache.py, core/page_cache.py). Off in the test settings.
ANONYMOUS_PAGE_CACHE = env_bool("ANONYMOUS_PAGE_CACHE", True)
ANONYMOUS_FRAGMENT_CACHE = env_bool("ANONYMOUS_FRAGMENT_CACHE", True)
# A signed-in person's homes and lists kept whole until a write they read from commits
# (core/personal_page.py). Off in the test settings, like the others.
PERSONAL_PAGE_CACHE = env_bool("PERSONAL_PAGE_CACHE", True)

# Task queue: Huey. Embedded SQLite storage by default (no extra server for `make run`),
# Redis when REDIS_URL is set (production). Run the worker with `manage.py run_huey`.
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "hublocal",
        "url": REDIS_URL,
        "immediate": False,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "hublocal",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": env_bool("HUEY_IMMEDIATE", False),
    }

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hub Local <no-responder@hublocal.cl>")
# Where the contact page's messages go, and the address it shows (core: /contacto/).
HUB_CONTACT_EMAIL = os.environ.get("HUB_CONTACT_EMAIL", "contacto@hublocal.cl")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hublocal.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["hublocal.core.api.DenyAll"],
    "DEFAULT_PAGINATION_CLASS": "hublocal.core.api.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "hublocal.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["hublocal.core.api.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Hub Local API",
    "DESCRIPTION": "API pública y autenticada del Hub Nacional de Gobierno Local.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The document is for scripts: bearer tokens only. The site's own pages may call the API with
    # their session cookie, but a client cannot obtain one through the API, so it is not described
    # (an unknown cookie is simply no session: public operations still answer 200).
    "AUTHENTICATION_WHITELIST": ["hublocal.accounts.authentication.BearerTokenAuthentication"],
    # Errors every operation can answer through the shared plumbing (hublocal/core/api_strict.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "hublocal.core.api_strict.openapi_postprocess",
    ],
    # The bearer scheme and each operation's security come from hublocal/accounts/schema.py.
    # Fields with the same name ("kind", "status") and different choices: each enum gets its own
    # stable name.
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "hublocal.directory.models.OrganizationKind",
        "ResourceKindEnum": "hublocal.library.models.Kind",
        "EngagementStatusEnum": "hublocal.assistance.models.EngagementStatus",
        "ResourceStatusEnum": "hublocal.library.models.Status",
        "AgreementKindEnum": "hublocal.agreements.models.AgreementKind",
        "AgreementStatusEnum": "hublocal.agreements.models.AgreementStatus",
        "FinancePrincipleStatusEnum": "hublocal.finance.principles.STATUS_CHOICES",
        "PolicyKindEnum": "hublocal.articulation.models.PolicyKind",
        "PolicyEvidenceKindEnum": "hublocal.articulation.models.EvidenceKind",
        "PolicyActivityKindEnum": "hublocal.articulation.models.ActivityKind",
        "RoundTableStatusEnum": "hublocal.articulation.models.TableStatus",
        "CommitmentStatusEnum": "hublocal.articulation.models.CommitmentStatus",
        "ProjectStatusEnum": "hublocal.projects.models.ProjectStatus",
        "ProjectPartnerRoleEnum": "hublocal.projects.models.PartnerRole",
        "UnitKindEnum": "hublocal.network.models.UnitKind",
        "UnitProductKindEnum": "hublocal.network.models.ProductKind",
        "UnitRelationKindEnum": "hublocal.network.models.RelationKind",
        "EventKindEnum": "hublocal.events.models.EventKind",
        "EventStatusEnum": "hublocal.events.models.EventStatus",
        "RegistrationStatusEnum": "hublocal.events.models.RegistrationStatus",
    },
}

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "hublocal-demo")
# Public address of the site, for links in e-mails sent by background jobs (no request there).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# /readyz: each check (database, cache, task queue) must answer within this many seconds.
READINESS_TIMEOUT = float(os.environ.get("READINESS_TIMEOUT", "2"))

LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "hublocal.core.request_log.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", **({"formatter": "json"} if LOG_FORMAT == "json" else {})},
        "requests": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # axes logs every sign-in at INFO; failures and lockouts (WARNING) are what matter.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        # One JSON line per request (hublocal/core/request_log.py); WARNING silences them.
        "hublocal.request": {
            "handlers": ["requests"],
            "level": os.environ.get("REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}
