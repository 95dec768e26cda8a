"""Demo data as content files: `content/demo/<name>.yaml`, read and checked in one place.

The demonstration network (`manage.py seed_demo`) is data, not code, like the diagnosis
instruments and the rubrics: each app's seeder loads its file here, against a JSON Schema it
declares next to its seeder, and creates the rows through its own services. A mistake in a file
stops the seeding with the file and the place of the mistake, before anything is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import yaml
from django.conf import settings


class DemoContentError(ValueError):
    """A demo content file is missing, is not YAML, or does not follow its schema."""


def directory() -> Path:
    return Path(getattr(settings, "DEMO_CONTENT_DIR", Path(settings.BASE_DIR) / "content" / "demo"))


def load(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """The mapping in `content/demo/<name>.yaml`, validated against `schema`."""
    path = directory() / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DemoContentError(f"{path}: no existe") from exc
    except yaml.YAMLError as exc:
        raise DemoContentError(f"{path}: no es YAML válido: {exc}") from exc
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(part) for part in errors[0].absolute_path) or "(raíz)"
        raise DemoContentError(f"{path}: {where}: {errors[0].message}")
    return data
