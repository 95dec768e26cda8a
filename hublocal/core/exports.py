"""Files that downloads are served from instead of being computed in the request (issue 16).

The exports app (hublocal/exports) builds open datasets and personal export jobs with the task
queue; this module holds what every app's views need to hand those files out, so that a
download costs a web worker a file read, never the query and formatting that produced it:

- `write_file` streams pieces of text or bytes into Django's storage (local disk by default, an
  S3-compatible bucket when configured) with a gzip copy beside it, and returns size and digest;
- `file_response` serves a stored file with `ETag`, `Last-Modified`, `Content-Length` and
  conditional GETs (304), sending the gzip copy to clients that accept it (the GZip middleware
  then leaves it alone instead of compressing megabytes per request);
- where the front of the deployment can send files itself, `EXPORTS_OFFLOAD` hands the bytes
  over: "accel" answers `X-Accel-Redirect: EXPORTS_ACCEL_PREFIX/<name>` (nginx), "redirect" a
  302 to the storage's URL (public files only: a bucket, a CDN). Two hundred downloads then cost
  the Python workers headers only; "" (the default) sends the file from the worker;
- `preparing_response` is the page a person gets while a file is being built: 503 with
  `Retry-After`, never the file computed inline.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",  # documents drawn by the task queue (e.g. training's cohort report)
}
# How long a person or a script is told to wait while a file is built (seconds).
RETRY_AFTER = 30
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


@dataclass(frozen=True)
class StoredFile:
    """A file in storage and what a response needs to know about it without opening it."""

    name: str
    size: int
    etag: str  # the digest of the uncompressed content, quoted: a strong validator
    modified: datetime
    filename: str  # the download's name
    content_type: str
    gz_name: str = ""
    gz_size: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "size": self.size,
            "etag": self.etag,
            "modified": self.modified.isoformat(),
            "filename": self.filename,
            "content_type": self.content_type,
            "gz_name": self.gz_name,
            "gz_size": self.gz_size,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoredFile:
        return cls(
            name=data["name"],
            size=int(data["size"]),
            etag=data["etag"],
            modified=datetime.fromisoformat(data["modified"]),
            filename=data["filename"],
            content_type=data["content_type"],
            gz_name=data.get("gz_name", ""),
            gz_size=int(data.get("gz_size", 0)),
        )


@dataclass(frozen=True)
class Written:
    name: str
    size: int
    sha256: str
    gz_name: str
    gz_size: int


def write_file(name: str, chunks: Iterable[str | bytes], *, compressed_copy: bool = True) -> Written:
    """Write the pieces (text as UTF-8) to storage under `name` (and `name + ".gz"`), through a
    temporary file so that memory stays bounded whatever the size. Storage may adjust the name
    (it never overwrites): the returned names are the ones to keep."""
    digest = hashlib.sha256()
    with tempfile.TemporaryFile() as raw, tempfile.TemporaryFile() as packed:
        gz = gzip.GzipFile(fileobj=packed, mode="wb", compresslevel=6, mtime=0) if compressed_copy else None
        for chunk in chunks:
            data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
            if not data:
                continue
            digest.update(data)
            raw.write(data)
            if gz is not None:
                gz.write(data)
        if gz is not None:
            gz.close()
        size = raw.tell()
        raw.seek(0)
        stored = default_storage.save(name, File(raw))
        gz_name, gz_size = "", 0
        if compressed_copy:
            gz_size = packed.tell()
            packed.seek(0)
            gz_name = default_storage.save(name + ".gz", File(packed))
    return Written(name=stored, size=size, sha256=digest.hexdigest(), gz_name=gz_name, gz_size=gz_size)


def delete_files(names: Iterable[str]) -> None:
    """Remove stored files, ignoring those already gone (another worker may have cleaned up)."""
    for name in names:
        if name:
            with contextlib.suppress(OSError):  # a storage that refuses: the file is left behind
                default_storage.delete(name)


def _not_modified(request: HttpRequest, stored: StoredFile) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or stored.etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(stored.modified.timestamp()) <= since


def file_response(
    request: HttpRequest, stored: StoredFile, *, cache_seconds: int = 60, public: bool = True
) -> HttpResponseBase | None:
    """The stored file as a download: 304 when the client's copy is current, the gzip copy when
    the client accepts it. Reading goes through the storage API (a local file is sent with
    sendfile by the server; a bucket is streamed). None when the file is missing from storage
    (removed by hand, or storage that is not shared between machines): the caller rebuilds it."""
    use_gz = bool(stored.gz_name) and bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    offload = getattr(settings, "EXPORTS_OFFLOAD", "")
    response: HttpResponseBase
    if _not_modified(request, stored):
        response = HttpResponseNotModified()
    elif offload == "redirect" and public:
        # The bytes come from the storage's own URL (a bucket or CDN, or MEDIA_URL served by the
        # front web server): the Python worker answers a redirect and is free again.
        response = HttpResponseRedirect(default_storage.url(stored.name))
    elif offload == "accel" and not public:
        # The front web server (nginx `internal` location over MEDIA_ROOT) sends the file. Public
        # files are answered with their bytes instead: the front caches them (proxy_cache in
        # deploy/nginx.conf, `Cache-Control: public`), so a crowd of downloads never reaches
        # the workers at all, which nginx cannot do for an X-Accel-Redirect answer.
        name = stored.gz_name if use_gz else stored.name
        response = HttpResponse(content_type=stored.content_type)
        prefix = str(getattr(settings, "EXPORTS_ACCEL_PREFIX", "/_protected/")).rstrip("/")
        response["X-Accel-Redirect"] = f"{prefix}/{quote(name)}"
        if stored.filename:
            response["Content-Disposition"] = f'attachment; filename="{stored.filename}"'
        if use_gz:
            response["Content-Encoding"] = "gzip"
    else:
        try:
            handle = default_storage.open(stored.gz_name if use_gz else stored.name, "rb")
        except FileNotFoundError:
            return None
        response = FileResponse(handle, content_type=stored.content_type)
        response["Content-Length"] = str(stored.gz_size if use_gz else stored.size)
        if stored.filename:
            response["Content-Disposition"] = f'attachment; filename="{stored.filename}"'
        if use_gz:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = stored.etag
    response["Last-Modified"] = http_date(stored.modified.timestamp())
    response["Cache-Control"] = f"{'public' if public else 'private'}, max-age={cache_seconds}"
    if stored.gz_name:
        patch_vary_headers(response, ("Accept-Encoding",))
    return response


def preparing_response(request: HttpRequest, *, retry_after: int = RETRY_AFTER) -> HttpResponse:
    """503 with Retry-After: the file is being prepared by the task queue."""
    response = render(
        request,
        "core/preparing.html",
        {
            "title": _("El archivo se está preparando"),
            "message": _(
                "Estamos generando este archivo con los datos más recientes. Vuelva a intentarlo en "
                "unos %(s)s segundos; la descarga será inmediata."
            )
            % {"s": retry_after},
            "retry_after": retry_after,
            "again": request.get_full_path(),
        },
        status=503,
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    # An expected, temporary answer: not an error for Django's request log (which reports every
    # 5xx as one), or a storm of early downloads would flood it.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response
