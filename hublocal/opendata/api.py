"""Open-data API: GET /api/v1/datasets/ (every registered dataset with its data dictionary and
distributions) and /api/v1/datasets/<slug>/. Public, like the portal (/datos/)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hublocal.core.api import allow, error_responses, query_param
from hublocal.core.api_strict import StrictSerializer

from . import selectors, services
from .permissions import Action, can

TAG = "datos abiertos"
THEME_PARAM = OpenApiParameter(
    "theme", str, enum=list(selectors.THEMES), description=gettext_lazy("Tema (código de la UE)")
)
# Not "format": DRF reads that one to choose a renderer (an unknown value would be a 404).
FORMAT_PARAM = OpenApiParameter(
    "file_format", str, enum=["csv", "json", "xlsx", "geojson"], description=gettext_lazy("Formato disponible")
)
Q_PARAM = OpenApiParameter(
    "q", str, description=gettext_lazy("Texto en el título, la descripción o las palabras clave")
)


class FieldSerializer(StrictSerializer):
    name = serializers.CharField()
    type = serializers.CharField()
    unit = serializers.CharField()
    description = serializers.CharField()


class DistributionSerializer(StrictSerializer):
    format = serializers.CharField()
    media_type = serializers.CharField()
    url = serializers.URLField()
    byte_size = serializers.IntegerField()
    modified = serializers.DateTimeField()
    downloads = serializers.IntegerField()


class DatasetSerializer(StrictSerializer):
    slug = serializers.CharField()
    key = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    keywords = serializers.ListField(child=serializers.CharField())
    theme = serializers.CharField()
    licence = serializers.CharField()
    licence_url = serializers.URLField()
    publisher = serializers.CharField()
    update_frequency = serializers.CharField()
    temporal_start = serializers.DateField(allow_null=True)
    temporal_end = serializers.DateField(allow_null=True)
    spatial = serializers.CharField()
    page = serializers.URLField()
    version = serializers.DateTimeField(allow_null=True)
    rows = serializers.IntegerField(allow_null=True)
    distributions = DistributionSerializer(many=True)

    def get_fields(self) -> dict[str, Any]:
        # "fields" (the data dictionary) cannot be a class attribute: it would hide Serializer.fields.
        found = super().get_fields()
        found["fields"] = FieldSerializer(many=True)
        return found


def entry_data(entry: selectors.Entry) -> dict[str, Any]:
    ds = entry.dataset
    base = services.site_url()
    distributions = []
    if entry.version is not None:
        for fmt, data in entry.version.files.items():
            url = (
                reverse("opendata:datapackage", kwargs={"slug": ds.slug})
                if fmt == "datapackage"
                else reverse("opendata:download", kwargs={"slug": ds.slug, "fmt": fmt})
            )
            distributions.append(
                {
                    "format": fmt,
                    "media_type": data["content_type"],
                    "url": base + url,
                    "byte_size": data["size"],
                    "modified": data["modified"],
                    "downloads": entry.downloads.get(fmt, 0),
                }
            )
    return {
        "slug": ds.slug,
        "key": ds.key,
        "title": str(ds.title),
        "description": str(ds.description),
        "keywords": list(ds.keywords),
        "theme": ds.theme,
        "licence": ds.licence,
        "licence_url": ds.licence_url,
        "publisher": str(ds.publisher),
        "update_frequency": str(ds.update_frequency),
        "temporal_start": ds.temporal_start or None,
        "temporal_end": ds.temporal_end or None,
        "spatial": str(ds.spatial),
        "page": base + reverse("opendata:dataset", kwargs={"slug": ds.slug}),
        "version": entry.version.built_at if entry.version else None,
        "rows": entry.version.rows if entry.version else None,
        "fields": [
            {"name": f.name, "type": f.type, "unit": str(f.unit), "description": str(f.description)} for f in ds.fields
        ],
        "distributions": distributions,
    }


class DatasetListView(generics.ListAPIView):
    """Every registered open dataset, with its data dictionary and the files of its latest version."""

    permission_classes = [allow(can, Action.LIST)]
    serializer_class = DatasetSerializer

    def get_queryset(self) -> Any:
        theme = query_param(self.request, "theme", 10)
        fmt = query_param(self.request, "file_format", 10)
        if theme and theme not in selectors.THEMES:
            raise exceptions.ValidationError(
                {"theme": [_("Tema desconocido. Valores: %(v)s.") % {"v": ", ".join(selectors.THEMES)}]}
            )
        if fmt and fmt not in ("csv", "json", "xlsx", "geojson"):
            raise exceptions.ValidationError(
                {"file_format": [_("Formato desconocido. Valores: csv, json, xlsx, geojson.")]}
            )
        entries = selectors.portal_entries(theme=theme, fmt=fmt, q=query_param(self.request, "q", 100))
        return [entry_data(e) for e in entries]

    @extend_schema(
        parameters=[THEME_PARAM, FORMAT_PARAM, Q_PARAM],
        responses={200: DatasetSerializer(many=True), **error_responses(400)},
        summary=gettext_lazy("Listar los conjuntos de datos abiertos"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class DatasetDetailView(generics.RetrieveAPIView):
    """One open dataset: its metadata, data dictionary and distributions."""

    permission_classes = [allow(can, Action.VIEW)]
    serializer_class = DatasetSerializer

    def get_object(self) -> Any:
        entry = selectors.entry_get(self.kwargs["slug"])
        if entry is None:
            raise exceptions.NotFound(_("No existe ese conjunto de datos."))
        return entry_data(entry)

    @extend_schema(
        responses={200: DatasetSerializer, **error_responses(404)},
        summary=gettext_lazy("Ver un conjunto de datos abiertos"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
