"""Indicator definitions as versioned content: the schema, the loader and the validation.

Each hub indicator is a YAML file under content/evaluation/indicators/<slug>.yaml (analysts edit
those files, not code): its key, version, name, method in words and its measures, each with the
registered data sources it adds up (core.registry.register_indicator_source), how (aggregate),
its unit and the breakdowns it is published with. Every file is validated on load; a broken file
stops the computation with the list of its problems rather than publishing a wrong figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from django.conf import settings

from hublocal.core import registry

AGGREGATES = ["distinct_municipalities", "count", "sum", "mean", "share", "diversity", "typology_gap"]
BREAKDOWNS = ["typology", "region", "country", "area", "line", "kind"]
KEY_PATTERN = r"^[a-z][a-z0-9_]{1,59}$"

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "slug", "version", "name", "method", "measures"],
    "properties": {
        "key": {"type": "string", "pattern": KEY_PATTERN},
        "slug": {"type": "string", "pattern": r"^[a-z][a-z0-9-]{2,60}$"},
        "version": {"type": "integer", "minimum": 1},
        "order": {"type": "integer", "minimum": 0},
        "name": {"type": "string", "minLength": 3},
        "method": {"type": "string", "minLength": 20},
        "measures": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "name", "unit", "aggregate", "sources"],
                "properties": {
                    "key": {"type": "string", "pattern": KEY_PATTERN},
                    "name": {"type": "string", "minLength": 3},
                    "unit": {"type": "string", "minLength": 1},
                    "aggregate": {"enum": AGGREGATES},
                    # "communes": also compared with the number of communes (of each typology).
                    "denominator": {"enum": ["communes"]},
                    "sources": {
                        "type": "array",
                        "minItems": 1,
                        "uniqueItems": True,
                        "items": {"type": "string", "pattern": r"^[a-z_]+\.[a-z_]+$"},
                    },
                    "breakdowns": {"type": "array", "uniqueItems": True, "items": {"enum": BREAKDOWNS}},
                },
            },
        },
    },
}


class DefinitionError(ValueError):
    """An indicator file does not follow the schema or its rules. `errors` lists every problem."""

    def __init__(self, source: str, errors: list[str]) -> None:
        super().__init__(f"{source}: " + "; ".join(errors))
        self.source = source
        self.errors = errors


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    unit: str
    aggregate: str
    sources: tuple[str, ...]
    breakdowns: tuple[str, ...]
    denominator: str = ""
    indicator_key: str = ""

    @property
    def is_percentage(self) -> bool:
        return self.aggregate == "share"


@dataclass(frozen=True)
class Indicator:
    key: str
    slug: str
    version: int
    order: int
    name: str
    method: str
    measures: tuple[Measure, ...]

    @property
    def headline(self) -> Measure:
        return self.measures[0]

    def measure(self, key: str) -> Measure | None:
        return next((m for m in self.measures if m.key == key), None)


def parse(data: Any, *, source: str = "<indicator>", check_sources: bool = True) -> Indicator:
    """Validate raw data (parsed from YAML) and build the Indicator; DefinitionError lists every
    problem found. `check_sources` also requires every source to be registered."""
    if not isinstance(data, dict):
        raise DefinitionError(source, ["the file must contain a mapping at the top level"])
    validator = jsonschema.Draft202012Validator(SCHEMA)
    problems = [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(root)'}: {err.message}"
        for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        raise DefinitionError(source, problems)
    seen: set[str] = set()
    for i, m in enumerate(data["measures"]):
        if m["key"] in seen:
            problems.append(f"measures/{i}/key: duplicate measure {m['key']!r}")
        seen.add(m["key"])
        if check_sources:
            problems += [
                f"measures/{i}/sources: unknown source {s!r} (not registered by any app)"
                for s in m["sources"]
                if registry.indicator_source(s) is None
            ]
    if problems:
        raise DefinitionError(source, problems)
    measures = tuple(
        Measure(
            key=m["key"],
            name=m["name"],
            unit=m["unit"],
            aggregate=m["aggregate"],
            sources=tuple(m["sources"]),
            breakdowns=tuple(m.get("breakdowns", [])),
            denominator=m.get("denominator", ""),
            indicator_key=data["key"],
        )
        for m in data["measures"]
    )
    return Indicator(
        key=data["key"],
        slug=data["slug"],
        version=data["version"],
        order=data.get("order", 100),
        name=data["name"],
        method=" ".join(data["method"].split()),
        measures=measures,
    )


def content_dir() -> Path:
    return Path(
        getattr(
            settings, "EVALUATION_INDICATORS_DIR", Path(settings.BASE_DIR) / "content" / "evaluation" / "indicators"
        )
    )


def load_dir(path: Path) -> list[Indicator]:
    """Every definition of a directory, validated; keys, slugs and measure keys must be unique."""
    found: list[Indicator] = []
    for file in sorted(path.glob("*.yaml")):
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise DefinitionError(file.name, [f"not valid YAML: {exc}"]) from exc
        found.append(parse(data, source=file.name))
    problems = []
    for attr in ("key", "slug"):
        values = [getattr(i, attr) for i in found]
        problems += [f"duplicate indicator {attr} {v!r}" for v in sorted({v for v in values if values.count(v) > 1})]
    measure_keys = [m.key for i in found for m in i.measures]
    problems += [f"duplicate measure {k!r}" for k in sorted({k for k in measure_keys if measure_keys.count(k) > 1})]
    if problems:
        raise DefinitionError(str(path), problems)
    return sorted(found, key=lambda i: (i.order, i.key))


@cache
def indicators() -> tuple[Indicator, ...]:
    """The definitions in content/, loaded once per process (they change with a deploy)."""
    return tuple(load_dir(content_dir()))


def indicator(key_or_slug: str) -> Indicator | None:
    return next((i for i in indicators() if key_or_slug in (i.key, i.slug)), None)


def measures() -> dict[str, Measure]:
    return {m.key: m for i in indicators() for m in i.measures}
