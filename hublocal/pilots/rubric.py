"""The provider-rating rubric as versioned data: content/rubrics/provider-rating/v<n>.yaml.

Analysts edit the YAML, not code. A file is checked against SCHEMA (jsonschema) and then for
what a schema cannot say (unique criterion ids, one label per point of the scale). Loaded
files are cached per process: they change only with a deployment. Each rating stores the
version it was given with, so a new version never rewrites old ratings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from django.conf import settings

SLUG = "provider-rating"
ID_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["slug", "version", "title", "scale", "criteria"],
    "properties": {
        "slug": {"const": SLUG},
        "version": {"type": "integer", "minimum": 1},
        "title": {"type": "string", "minLength": 3},
        "description": {"type": "string"},
        "scale": {
            "type": "object",
            "additionalProperties": False,
            "required": ["min", "max", "labels"],
            "properties": {
                "min": {"const": 1},
                "max": {"const": 5},
                "labels": {
                    "type": "array",
                    "minItems": 5,
                    "maxItems": 5,
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["value", "label"],
                        "properties": {
                            "value": {"type": "integer", "minimum": 1, "maximum": 5},
                            "label": {"type": "string", "minLength": 2},
                        },
                    },
                },
            },
        },
        "criteria": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "label", "description"],
                "properties": {
                    "id": {"type": "string", "pattern": ID_PATTERN},
                    "label": {"type": "string", "minLength": 3},
                    "description": {"type": "string", "minLength": 10},
                },
            },
        },
    },
}


class RubricError(Exception):
    """A rubric file that cannot be used; `errors` says what to fix, one message each."""

    def __init__(self, source: str, errors: list[str]) -> None:
        super().__init__(f"{source}: {'; '.join(errors)}")
        self.source = source
        self.errors = errors


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Rubric:
    slug: str
    version: int
    title: str
    description: str
    criteria: tuple[Criterion, ...]
    scale_min: int
    scale_max: int
    scale_labels: tuple[tuple[int, str], ...]

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    @property
    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    def label_for(self, value: int) -> str:
        return dict(self.scale_labels).get(value, "")


def directory() -> Path:
    return Path(settings.BASE_DIR) / "content" / "rubrics" / SLUG


def parse(data: Any, *, source: str = "rubric") -> Rubric:
    """Validate parsed YAML and build the Rubric. Raises RubricError listing every problem."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    problems = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if problems:
        raise RubricError(source, [f"{'/'.join(map(str, e.absolute_path)) or '(raíz)'}: {e.message}" for e in problems])
    errors: list[str] = []
    ids = [c["id"] for c in data["criteria"]]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        errors.append(f"criterios repetidos: {', '.join(duplicates)}")
    values = sorted(item["value"] for item in data["scale"]["labels"])
    if values != [1, 2, 3, 4, 5]:
        errors.append("la escala necesita exactamente una etiqueta para cada valor de 1 a 5")
    if errors:
        raise RubricError(source, errors)
    return Rubric(
        slug=data["slug"],
        version=data["version"],
        title=data["title"].strip(),
        description=(data.get("description") or "").strip(),
        criteria=tuple(Criterion(c["id"], c["label"].strip(), c["description"].strip()) for c in data["criteria"]),
        scale_min=data["scale"]["min"],
        scale_max=data["scale"]["max"],
        scale_labels=tuple(sorted((i["value"], i["label"]) for i in data["scale"]["labels"])),
    )


def read_file(path: Path) -> Rubric:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RubricError(path.name, [str(exc)]) from None
    rubric = parse(data, source=path.name)
    match = re.fullmatch(r"v(\d+)\.ya?ml", path.name)
    if match is None or int(match.group(1)) != rubric.version:
        raise RubricError(path.name, [f"el nombre del archivo debe ser v{rubric.version}.yaml"])
    return rubric


@cache
def versions() -> dict[int, Rubric]:
    """Every valid version on disk, by number (cached: files change only with a deployment).
    Raises RubricError on the first invalid file, so a broken file fails loudly at start."""
    found: dict[int, Rubric] = {}
    for path in sorted(directory().glob("v*.y*ml")):
        rubric = read_file(path)
        found[rubric.version] = rubric
    return found


def load(version: int | None = None) -> Rubric:
    """A given version, or the newest one. Raises RubricError if there is none."""
    available = versions()
    if not available:
        raise RubricError(SLUG, ["no hay ninguna versión de la rúbrica"])
    if version is None:
        return available[max(available)]
    if version not in available:
        raise RubricError(SLUG, [f"no existe la versión {version}"])
    return available[version]
