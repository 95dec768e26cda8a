"""Questionnaires as versioned data: the schema, the loader and the validation.

An instrument is a YAML file under content/instruments/<slug>/v<version>.yaml. Analysts edit
those files, not code. `manage.py load_instruments` validates every file and publishes new
versions; a published version is immutable (a changed file with the same version number is
refused: publish it as a new version, and old answers keep the version they were given in).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from django.conf import settings

AREAS = ["seguridad", "aps", "capital_humano", "ambiente", "digital"]
QUESTION_TYPES = ["single", "multiple", "scale", "number", "yesno", "text"]
ID_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"

_CONDITION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["question"],
    "properties": {
        "question": {"type": "string", "pattern": ID_PATTERN},
        "equals": {"type": ["string", "number", "boolean"]},
        "in": {"type": "array", "items": {"type": ["string", "number", "boolean"]}, "minItems": 1},
        "answered": {"type": "boolean"},
    },
    "oneOf": [{"required": ["equals"]}, {"required": ["in"]}, {"required": ["answered"]}],
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["slug", "version", "area", "title", "description", "dimensions"],
    "properties": {
        "slug": {"type": "string", "pattern": r"^[a-z][a-z0-9-]{2,60}$"},
        "version": {"type": "integer", "minimum": 1},
        "area": {"enum": AREAS},
        "title": {"type": "string", "minLength": 3},
        "title_en": {"type": "string"},
        "description": {"type": "string", "minLength": 10},
        "estimated_minutes": {"type": "integer", "minimum": 1},
        "frameworks": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "note"],
                "properties": {"name": {"type": "string"}, "url": {"type": "string"}, "note": {"type": "string"}},
            },
        },
        "recommendations": {
            "type": "object",
            "description": "Next steps per dimension id and maturity level band (low/mid/high).",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "low": {"type": "string"},
                    "mid": {"type": "string"},
                    "high": {"type": "string"},
                },
            },
        },
        "dimensions": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "title", "questions"],
                "properties": {
                    "id": {"type": "string", "pattern": ID_PATTERN},
                    "title": {"type": "string"},
                    "title_en": {"type": "string"},
                    "description": {"type": "string"},
                    "weight": {"type": "number", "exclusiveMinimum": 0},
                    "questions": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["id", "type", "text"],
                            "properties": {
                                "id": {"type": "string", "pattern": ID_PATTERN},
                                "type": {"enum": QUESTION_TYPES},
                                "text": {"type": "string", "minLength": 5},
                                "help": {"type": "string"},
                                "required": {"type": "boolean"},
                                "weight": {"type": "number", "minimum": 0},
                                "show_if": _CONDITION,
                                "options": {
                                    "type": "array",
                                    "minItems": 2,
                                    "items": {
                                        "type": "object",
                                        "additionalProperties": False,
                                        "required": ["id", "label"],
                                        "properties": {
                                            "id": {"type": "string", "pattern": ID_PATTERN},
                                            "label": {"type": "string"},
                                            "score": {"type": "number", "minimum": 0, "maximum": 100},
                                            "exclusive": {"type": "boolean"},
                                        },
                                    },
                                },
                                "scale": {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "properties": {
                                        "min_label": {"type": "string"},
                                        "max_label": {"type": "string"},
                                    },
                                },
                                "number": {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "required": ["min", "max"],
                                    "properties": {
                                        "min": {"type": "number"},
                                        "max": {"type": "number"},
                                        "unit": {"type": "string"},
                                        "integer": {"type": "boolean"},
                                        "scoring": {
                                            "type": "array",
                                            "description": "Bands: the first whose 'upto' >= value gives the score.",
                                            "items": {
                                                "type": "object",
                                                "additionalProperties": False,
                                                "required": ["score"],
                                                "properties": {
                                                    "upto": {"type": "number"},
                                                    "score": {"type": "number", "minimum": 0, "maximum": 100},
                                                },
                                            },
                                        },
                                    },
                                },
                                "invert": {"type": "boolean", "description": "yes/no: 'no' is the good answer"},
                                "max_length": {"type": "integer", "minimum": 1, "maximum": 10000},
                            },
                        },
                    },
                },
            },
        },
    },
}


class InstrumentError(ValueError):
    """An instrument file does not follow the schema or its rules. `errors` lists every problem."""

    def __init__(self, source: str, errors: list[str]) -> None:
        super().__init__(f"{source}: " + "; ".join(errors))
        self.source = source
        self.errors = errors


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    score: float | None
    exclusive: bool = False


@dataclass(frozen=True)
class Condition:
    question: str
    equals: Any = None
    in_: tuple[Any, ...] | None = None
    answered: bool | None = None


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    dimension: str
    help: str = ""
    required: bool = True
    weight: float = 1.0
    options: tuple[Option, ...] = ()
    show_if: Condition | None = None
    number_min: float | None = None
    number_max: float | None = None
    number_unit: str = ""
    number_integer: bool = False
    number_scoring: tuple[tuple[float | None, float], ...] = ()
    scale_min_label: str = ""
    scale_max_label: str = ""
    invert: bool = False
    max_length: int = 2000

    @property
    def scored(self) -> bool:
        return self.type != "text" and self.weight > 0

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Dimension:
    id: str
    title: str
    description: str
    weight: float
    questions: tuple[Question, ...]
    title_en: str = ""


@dataclass(frozen=True)
class Instrument:
    slug: str
    version: int
    area: str
    title: str
    description: str
    dimensions: tuple[Dimension, ...]
    frameworks: tuple[dict[str, str], ...] = ()
    recommendations: dict[str, dict[str, str]] = field(default_factory=dict)
    estimated_minutes: int | None = None
    title_en: str = ""

    @property
    def questions(self) -> list[Question]:
        return [q for d in self.dimensions for q in d.questions]

    def question(self, question_id: str) -> Question | None:
        return self._index().get(question_id)

    def _index(self) -> dict[str, Question]:
        cache = self.__dict__.get("_qindex")
        if cache is None:
            cache = {q.id: q for q in self.questions}
            object.__setattr__(self, "_qindex", cache)
        return cache


def _semantic_errors(data: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    seen_dims: set[str] = set()
    seen: dict[str, dict[str, Any]] = {}
    for dim in data["dimensions"]:
        if dim["id"] in seen_dims:
            errors.append(f"dimension '{dim['id']}' is repeated")
        seen_dims.add(dim["id"])
        for q in dim["questions"]:
            where = f"question '{q['id']}'"
            if q["id"] in seen:
                errors.append(f"{where} is repeated")
            qtype = q["type"]
            if qtype in ("single", "multiple"):
                opts = q.get("options") or []
                if len(opts) < 2:
                    errors.append(f"{where}: {qtype} questions need at least two options")
                ids = [o["id"] for o in opts]
                if len(ids) != len(set(ids)):
                    errors.append(f"{where}: option ids must be unique")
                if q.get("weight", 1) > 0 and any("score" not in o for o in opts):
                    errors.append(f"{where}: every option of a scored question needs a score")
            elif q.get("options"):
                errors.append(f"{where}: only single/multiple questions have options")
            if qtype == "number":
                num = q.get("number")
                if not num:
                    errors.append(f"{where}: number questions need 'number: {{min, max}}'")
                elif num["min"] >= num["max"]:
                    errors.append(f"{where}: number min must be below max")
                elif q.get("weight", 1) > 0 and not num.get("scoring"):
                    errors.append(f"{where}: a scored number question needs 'scoring' bands")
                elif num.get("scoring") and "upto" in num["scoring"][-1]:
                    errors.append(f"{where}: the last scoring band must have no 'upto' (it catches the rest)")
            elif q.get("number"):
                errors.append(f"{where}: only number questions have 'number'")
            if qtype == "text" and q.get("weight", 0) not in (0, None):
                errors.append(f"{where}: free-text questions are not scored (weight must be 0)")
            if q.get("scale") and qtype != "scale":
                errors.append(f"{where}: only scale questions have 'scale'")
            cond = q.get("show_if")
            if cond:
                target = seen.get(cond["question"])
                if target is None:
                    errors.append(f"{where}: show_if must refer to an earlier question ('{cond['question']}')")
                else:
                    values = [cond["equals"]] if "equals" in cond else cond.get("in", [])
                    if target["type"] in ("single", "multiple"):
                        valid = {o["id"] for o in target.get("options", [])}
                        for v in values:
                            if v not in valid:
                                errors.append(f"{where}: show_if value '{v}' is not an option of '{target['id']}'")
                    elif target["type"] == "yesno":
                        for v in values:
                            if not isinstance(v, bool):
                                errors.append(f"{where}: show_if on a yes/no question compares with true/false")
            seen[q["id"]] = q
    for dim_id in data.get("recommendations") or {}:
        if dim_id not in seen_dims:
            errors.append(f"recommendations refer to unknown dimension '{dim_id}'")
    return errors


def parse(data: Any, *, source: str = "<instrument>") -> Instrument:
    """Validate raw instrument data (already parsed from YAML/JSON) and build the Instrument.

    Raises InstrumentError listing every problem found."""
    if not isinstance(data, dict):
        raise InstrumentError(source, ["the file must contain a mapping at the top level"])
    validator = jsonschema.Draft202012Validator(SCHEMA)
    problems = [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(root)'}: {err.message}"
        for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        raise InstrumentError(source, problems)
    problems = _semantic_errors(data)
    if problems:
        raise InstrumentError(source, problems)
    dims = []
    for d in data["dimensions"]:
        questions = []
        for q in d["questions"]:
            cond = q.get("show_if")
            num = q.get("number") or {}
            scale = q.get("scale") or {}
            questions.append(
                Question(
                    id=q["id"],
                    type=q["type"],
                    text=q["text"],
                    dimension=d["id"],
                    help=q.get("help", ""),
                    required=q.get("required", q["type"] != "text"),
                    weight=float(q.get("weight", 0 if q["type"] == "text" else 1)),
                    options=tuple(
                        Option(o["id"], o["label"], o.get("score"), o.get("exclusive", False))
                        for o in q.get("options", [])
                    ),
                    show_if=Condition(
                        question=cond["question"],
                        equals=cond.get("equals"),
                        in_=tuple(cond["in"]) if "in" in cond else None,
                        answered=cond.get("answered"),
                    )
                    if cond
                    else None,
                    number_min=num.get("min"),
                    number_max=num.get("max"),
                    number_unit=num.get("unit", ""),
                    number_integer=num.get("integer", False),
                    number_scoring=tuple((b.get("upto"), float(b["score"])) for b in num.get("scoring", [])),
                    scale_min_label=scale.get("min_label", ""),
                    scale_max_label=scale.get("max_label", ""),
                    invert=q.get("invert", False),
                    max_length=q.get("max_length", 2000),
                )
            )
        dims.append(
            Dimension(
                id=d["id"],
                title=d["title"],
                description=d.get("description", ""),
                weight=float(d.get("weight", 1)),
                questions=tuple(questions),
                title_en=d.get("title_en", ""),
            )
        )
    return Instrument(
        slug=data["slug"],
        version=data["version"],
        area=data["area"],
        title=data["title"],
        description=data["description"],
        dimensions=tuple(dims),
        frameworks=tuple(data.get("frameworks", [])),
        recommendations=data.get("recommendations") or {},
        estimated_minutes=data.get("estimated_minutes"),
        title_en=data.get("title_en", ""),
    )


def content_dir() -> Path:
    return Path(getattr(settings, "INSTRUMENTS_DIR", Path(settings.BASE_DIR) / "content" / "instruments"))


@dataclass(frozen=True)
class InstrumentFile:
    path: Path
    data: dict[str, Any]
    checksum: str


def read_file(path: Path) -> InstrumentFile:
    """Read and validate one instrument file. Raises InstrumentError."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) if path.suffix in (".yaml", ".yml") else json.loads(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, json.JSONDecodeError) as exc:
        raise InstrumentError(str(path), [f"cannot read the file: {exc}"]) from None
    instrument = parse(data, source=str(path))
    expected = f"v{instrument.version}"
    if path.stem != expected or path.parent.name != instrument.slug:
        raise InstrumentError(
            str(path), [f"must live at {instrument.slug}/{expected}{path.suffix} (slug and version inside the file)"]
        )
    return InstrumentFile(path=path, data=data, checksum=checksum(data))


def checksum(data: dict[str, Any]) -> str:
    """Content hash of an instrument, independent of YAML formatting and key order."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def discover() -> list[Path]:
    root = content_dir()
    return sorted(p for p in root.glob("*/v*.y*ml")) + sorted(root.glob("*/v*.json"))
