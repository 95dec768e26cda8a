"""The content check of an uploaded document, for apps below the library in the import layers
(agreements): the extension must be one we accept, the size within a limit, and the bytes must
really be that format (magic numbers; for the zip formats, the members that make them Word,
Excel or OpenDocument), so a renamed program or archive is refused. The library's check
(library.files.check_upload) reads document formats with this module's `sniff` and adds CSV and
text extraction; this one is deliberately minimal and depends on nothing above core."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
MAX_NAME = 200
DOCUMENT_FORMATS = ("pdf", "docx", "xlsx", "odt")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class CheckedDocument:
    name: str
    fmt: str
    size: int
    sha256: str


def sniff(data: bytes) -> str:
    """The document format the bytes really are, or "" when none of ours."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if not data.startswith(b"PK\x03\x04"):
        return ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text":
                return "odt"
    except (zipfile.BadZipFile, KeyError, ValueError):
        return ""
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return ""


def check_document(name: str, data: bytes, formats: tuple[str, ...] = DOCUMENT_FORMATS) -> CheckedDocument:
    """Accept a document or raise ValidationError with a message a person understands."""
    clean = _SAFE_NAME.sub("-", (name or "").strip())[-MAX_NAME:].strip("-.") or "documento"
    ext = clean.rsplit(".", 1)[-1].lower() if "." in clean else ""
    accepted = ", ".join(f.upper() for f in formats)
    if ext not in formats:
        raise ValidationError(
            _("El archivo «%(name)s» no es de un tipo aceptado. Suba %(formats)s.")
            % {"name": clean, "formats": accepted},
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
    if sniff(data) != ext:
        raise ValidationError(
            _("El archivo «%(name)s» dice ser %(ext)s pero su contenido no lo es. Súbalo en su formato original.")
            % {"name": clean, "ext": ext.upper()},
            code="file_disguised",
        )
    return CheckedDocument(clean, ext, len(data), hashlib.sha256(data).hexdigest())
