"""A strict API: what a client sends must be something the OpenAPI document describes.

Two halves:

- `StrictSerializer` / `StrictModelSerializer`: a request body with a field the serializer does
  not accept is refused (400, "Campo desconocido: 'foo'." under that field), nested serializers
  included. DRF's default silently drops unknown keys, so a client that misspells `descripcion`
  believes it saved something it did not. Every serializer in `hublocal.*.api` derives from one
  of these (tests/test_api.py walks them).
- `StrictQueryMiddleware`: a query parameter the document does not declare for that operation is
  refused (400, "Parámetro desconocido"). The declared parameters are read from the document
  itself, generated once per process, so the check and the document cannot disagree.

`openapi_postprocess` is the drf-spectacular hook that states in the document the error
responses every operation can give because of the plumbing above (unknown parameters, a bad
token, rate limits, the pagination bounds)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import serializers

# Query parameters every operation may receive although no view reads them.
_ALWAYS_ALLOWED: frozenset[str] = frozenset()


class StrictMixin:
    """Refuse unknown keys in the input mapping. Works for nested serializers too: DRF calls
    `to_internal_value` on each nested mapping, not only on the root's `initial_data`."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            accepted = {name for name, field in self.fields.items() if not field.read_only}  # type: ignore[attr-defined]
            unknown = sorted(str(key) for key in data if key not in accepted)
            if unknown:
                raise serializers.ValidationError(
                    {key: [_("Campo desconocido: '%(name)s'.") % {"name": key}] for key in unknown}
                )
        return super().to_internal_value(data)  # type: ignore[misc]


class StrictSerializer(StrictMixin, serializers.Serializer):
    """Base class of every API serializer (input and output alike: output ones never validate)."""


class StrictModelSerializer(StrictMixin, serializers.ModelSerializer):
    """Base class of every API model serializer."""


# ------------------------------------------------------------------------- query parameters

_DECLARED: dict[tuple[str, str], frozenset[str]] | None = None
# drf-spectacular's generator is not thread-safe (it loads its extension classes lazily, and a
# second thread can see one half-loaded: AttributeError, a 500): a gthread worker's first API
# requests arrive together, so one thread builds the document and the others wait for it.
_BUILD = threading.Lock()


def _route_template(route: str) -> str:
    # <int:pk> → {id} (drf-spectacular's SCHEMA_COERCE_PATH_PK), <conv:name> → {name}
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "{%s}" % ("id" if m[1] == "pk" else m[1]), route)


def declared_query_parameters() -> dict[tuple[str, str], frozenset[str]]:
    """{(path template, METHOD): declared query parameter names}, from the generated document."""
    global _DECLARED
    if _DECLARED is not None:
        return _DECLARED
    with _BUILD:
        if _DECLARED is not None:
            return _DECLARED
        from drf_spectacular.generators import SchemaGenerator

        document = SchemaGenerator().get_schema(request=None, public=True)
        found: dict[tuple[str, str], frozenset[str]] = {}
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                names = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
                found[(path, method.upper())] = frozenset(names)
        _DECLARED = found
    return _DECLARED


class StrictQueryMiddleware:
    """400 for an /api/ request whose query string names a parameter its operation does not
    declare. Operations outside the document (the document itself, the docs page) are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> Any:
        match = request.resolver_match
        if match is None or "api" not in match.namespaces or not request.GET:
            return None
        method = "GET" if request.method == "HEAD" else (request.method or "")
        template = "/api/v1/" + _route_template(match.route.removeprefix("api/v1/"))
        declared = declared_query_parameters().get((template, method))
        if declared is None:
            return None
        unknown = sorted(k for k in request.GET if k not in declared and k not in _ALWAYS_ALLOWED)
        if not unknown:
            return None
        message = _("Parámetro desconocido.")
        allowed = ", ".join(sorted(declared)) or _("ninguno")
        return JsonResponse(
            {
                "detail": _("Parámetro desconocido: %(names)s. Parámetros aceptados: %(allowed)s.")
                % {"names": ", ".join(f"'{k}'" for k in unknown), "allowed": allowed},
                "errors": {k: [message] for k in unknown},
            },
            status=400,
        )


# ------------------------------------------------------------------------------ the document


def openapi_postprocess(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular hook: declare on every operation the errors the shared plumbing gives,
    whatever the view declared, so clients and the contract tests see every status it answers:

    - 400: an undeclared query parameter (StrictQueryMiddleware) or an out-of-range page;
    - 401: a bearer token that is malformed, unknown, revoked or expired, public endpoints included;
    - 404: an object in the path that does not exist, or a page past the end of a list;
    - 415: a body that is not JSON, on operations that take one;

    and marks every request body as closed (`additionalProperties: false`)."""
    from hublocal.core.api import _ERROR_DESCRIPTIONS

    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = [400, 401]
            names = {p.get("name") for p in operation.get("parameters", [])}
            if "{" in path or "page" in names:
                codes.append(404)
            if "requestBody" in operation:
                codes.append(415)
            for parameter in operation.get("parameters", []):
                enum = parameter.get("schema", {}).get("enum")
                if (
                    parameter.get("in") == "query"
                    and enum
                    and "" not in enum
                    and parameter["schema"].get("type") == "string"
                ):
                    # query_param() reads an empty filter (`?kind=`, as an HTML form sends it) as
                    # no filter at all: a valid value, not an error.
                    parameter["schema"]["enum"] = [*enum, ""]
            responses = operation["responses"]
            for code in codes:
                responses.setdefault(str(code), {"description": str(_ERROR_DESCRIPTIONS[code]), "content": content})
            operation["responses"] = dict(sorted(responses.items()))
    # Request bodies (the "…Request" components of COMPONENT_SPLIT_REQUEST) refuse unknown
    # fields (StrictMixin): say so, so generated clients and validators agree.
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
    return result
