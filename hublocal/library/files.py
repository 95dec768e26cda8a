"""Uploaded documents: what is accepted (type by content AND by name, size) and how their text
is read for search. Pure functions: the services store, the task queue extracts."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hublocal.core import uploads

MAX_BYTES = 20 * 1024 * 1024
# What a search index needs of a document; a 500-page annex would only slow it down.
MAX_TEXT_CHARS = 200_000
MAX_NAME = 200
FORMATS = ("pdf", "docx", "xlsx", "odt", "csv")
FORMAT_LABELS = {"pdf": "PDF", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)", "odt": "OpenDocument (ODT)", "csv": "CSV"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "csv": "text/csv; charset=utf-8",
}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class CheckedFile:
    name: str
    fmt: str
    size: int
    sha256: str


def _sniff(data: bytes) -> str:
    """The format the bytes really are ("" when none of ours): the document formats as core's
    upload check reads them (magic numbers, and the members that make a zip Word, Excel or
    OpenDocument), else CSV when the start is text."""
    if data.startswith((b"%PDF-", b"PK\x03\x04")):
        return uploads.sniff(data)
    head = data[:4096]
    if b"\x00" in head:
        return ""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(head) - 4:
            try:
                head.decode("latin-1")
            except UnicodeDecodeError:
                return ""
    return "csv"


def check_upload(name: str, data: bytes) -> CheckedFile:
    """Accept a document or raise ValidationError with a message a person understands: the
    extension must be one of ours, the size within the limit, and the content must really be
    that format (a renamed ZIP or program is refused)."""
    clean = _SAFE_NAME.sub("-", (name or "").strip())[-MAX_NAME:].strip("-.") or "documento"
    ext = clean.rsplit(".", 1)[-1].lower() if "." in clean else ""
    if ext not in FORMATS:
        raise ValidationError(
            _("El archivo «%(name)s» no es de un tipo aceptado. Suba PDF, DOCX, XLSX, ODT o CSV.") % {"name": clean},
            code="file_type",
        )
    if not data:
        raise ValidationError(_("El archivo «%(name)s» está vacío.") % {"name": clean}, code="file_empty")
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("El archivo «%(name)s» pesa %(size)s MB; el máximo es %(max)s MB.")
            % {"name": clean, "size": round(len(data) / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024},
            code="file_size",
        )
    real = _sniff(data)
    if real != ext:
        raise ValidationError(
            _(
                "El archivo «%(name)s» dice ser %(ext)s pero su contenido no lo es. Súbalo en su formato "
                "original (PDF, DOCX, XLSX, ODT o CSV)."
            )
            % {"name": clean, "ext": ext.upper()},
            code="file_disguised",
        )
    return CheckedFile(clean, ext, len(data), hashlib.sha256(data).hexdigest())


class ExtractionError(Exception):
    """The document could not be read; the message says why, for the flag shown to its authors."""


def _xml_text(data: bytes) -> str:
    root = ElementTree.fromstring(data)  # noqa: S314 (our own parse of a size-limited upload; no DTDs are resolved)
    parts: list[str] = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if element.text and tag in ("t", "p", "h", "span"):
            parts.append(element.text)
        if tag in ("p", "h") and parts and not parts[-1].endswith("\n"):
            parts.append("\n")
    return " ".join(parts)


def extract_text(fmt: str, data: bytes) -> str:
    """The document's text. Raises ExtractionError when it cannot be read."""
    try:
        if fmt == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            text = "\n".join((page.extract_text() or "") for page in reader.pages)
        elif fmt == "docx":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                text = _xml_text(archive.read("word/document.xml"))
        elif fmt == "odt":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                text = _xml_text(archive.read("content.xml"))
        elif fmt == "xlsx":
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            rows = []
            for sheet in book.worksheets:
                for values in sheet.iter_rows(values_only=True):
                    rows.append(" ".join(str(v) for v in values if v is not None))
            book.close()
            text = "\n".join(rows)
        elif fmt == "csv":
            decoded = data.decode("utf-8-sig", errors="replace")
            text = "\n".join(" ".join(row) for row in csv.reader(io.StringIO(decoded)))
        else:
            raise ExtractionError(_("Formato desconocido."))
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError(_("No se pudo leer el documento (%(error)s).") % {"error": type(exc).__name__}) from exc
    text = re.sub(r"[ \t]+", " ", text).strip()
    if not text:
        raise ExtractionError(_("El documento no contiene texto legible (¿es una imagen escaneada?)."))
    return text[:MAX_TEXT_CHARS]
