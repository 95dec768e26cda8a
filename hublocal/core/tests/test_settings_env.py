"""Deployment settings read from the environment (docs/deployment.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({'storage': settings.STORAGES['default'], 'middleware': settings.MIDDLEWARE[0], "
    "'console': settings.LOGGING['handlers']['console'], 'readiness': settings.READINESS_TIMEOUT, "
    "'cache': settings.CACHES['default'].get('OPTIONS')}))"
)


def _settings_with(env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hublocal.settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_storage_backend_and_logs_come_from_the_environment():
    chosen = _settings_with(
        {
            "STORAGE_BACKEND": "storages.backends.s3.S3Storage",
            "STORAGE_OPTIONS": '{"bucket_name": "hublocal-media", "endpoint_url": "https://s3.example.cl"}',
            "LOG_FORMAT": "json",
            "READINESS_TIMEOUT": "1.5",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "REDIS_TIMEOUT": "3",
        }
    )
    assert chosen["storage"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "hublocal-media", "endpoint_url": "https://s3.example.cl"},
    }
    assert chosen["console"]["formatter"] == "json"
    assert chosen["readiness"] == 1.5
    assert chosen["middleware"] == "hublocal.core.request_log.RequestLogMiddleware"
    assert chosen["cache"] == {"socket_connect_timeout": 3.0, "socket_timeout": 3.0}

    # Unset or empty (as a compose file may pass them): the local disk, plain-text logs.
    default = _settings_with({"STORAGE_BACKEND": "", "STORAGE_OPTIONS": "", "LOG_FORMAT": ""})
    assert default["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {}}
    assert "formatter" not in default["console"]
