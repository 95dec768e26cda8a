"""Uploaded documents: accepted by content AND name, within the size limit; text extraction that
flags an unreadable file instead of dropping it."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from hublocal.library import files, services
from hublocal.library.demo_files import build_file
from hublocal.library.models import Extraction, ResourceFile

from .factories import draft


@pytest.mark.parametrize("fmt", files.FORMATS)
def test_every_format_is_accepted_and_its_text_read(fmt):
    data = build_file(fmt, "Título", "Primer párrafo con la palabra murcielagoazul.\n\nSegundo párrafo.")
    checked = files.check_upload(f"informe.{fmt}", data)
    assert checked.fmt == fmt and checked.size == len(data) and len(checked.sha256) == 64
    assert "murcielagoazul" in files.extract_text(fmt, data)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # A fixed date: the bytes are the test's id, which every xdist worker must compute alike.
        archive.writestr(zipfile.ZipInfo("virus.txt", date_time=(2026, 1, 1, 0, 0, 0)), "nada")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("informe.pdf", _zip(), "file_disguised"),  # a ZIP renamed .pdf
        ("informe.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "file_disguised"),  # a Windows program
        ("informe.docx", build_file("pdf", "t", "x"), "file_disguised"),  # a PDF renamed .docx
        ("informe.xlsx", build_file("docx", "t", "x"), "file_disguised"),  # Word renamed Excel
        ("programa.exe", b"MZ\x90\x00", "file_type"),
        ("sin-extension", b"%PDF-1.4", "file_type"),
        ("vacio.pdf", b"", "file_empty"),
    ],
    ids=["zip-as-pdf", "exe-as-pdf", "pdf-as-docx", "docx-as-xlsx", "exe", "no-extension", "empty"],
)
def test_disguised_wrong_or_empty_files_are_refused_with_a_clear_message(name, data, code):
    with pytest.raises(ValidationError) as exc:
        files.check_upload(name, data)
    assert exc.value.code == code
    assert "«" in exc.value.messages[0] or "vacío" in exc.value.messages[0]


def test_an_oversized_file_is_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    with pytest.raises(ValidationError) as exc:
        files.check_upload("grande.pdf", b"%PDF-1.4\n" + b"0" * 2000)
    assert exc.value.code == "file_size"
    assert "máximo" in exc.value.messages[0]


def test_a_refused_upload_writes_nothing(users):
    before = ResourceFile.objects.count()
    with pytest.raises(ValidationError) as exc:
        draft(users["partner"], uploads=[("estudio.pdf", _zip())])
    assert "file" in exc.value.message_dict
    assert ResourceFile.objects.count() == before


def test_extraction_ok_on_the_task_queue(users):
    resource = draft(users["partner"], uploads=[("estudio.pdf", build_file("pdf", "t", "Palabra ornitorrincoverde."))])
    row = ResourceFile.objects.get(version__resource=resource)
    # Tests run Huey immediately: the upload's commit queued and ran the extraction.
    services.file_extract(file_id=row.pk)
    row.refresh_from_db()
    assert row.extraction == Extraction.OK and "ornitorrincoverde" in row.text


def test_an_unreadable_file_is_kept_and_flagged(users):
    broken = b"%PDF-1.4\n1 0 obj<<>>\nthis is not a real pdf\n%%EOF\n"
    resource = draft(users["partner"], uploads=[("roto.pdf", broken)])
    row = ResourceFile.objects.get(version__resource=resource)
    services.file_extract(file_id=row.pk)
    row.refresh_from_db()
    assert row.extraction == Extraction.FAILED
    assert row.extraction_reason
    assert row.file.size == len(broken)  # kept, not dropped
