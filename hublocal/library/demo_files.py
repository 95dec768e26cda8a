"""Real, small documents for the library's demo resources (PDF, DOCX, XLSX, ODT, CSV).

`build_file(fmt, title, text)` is pure and deterministic: the same input gives the same bytes, with
no network, no clock and no fonts to install, so `seed_demo` can build its ~45 attachments in well
under a second and tests can compare outputs. The text of every file is the one the library's
extractor must find again (pypdf, zip + XML, openpyxl, csv), which is what makes the demo searchable
by words that only appear inside a document.

`text` is split into paragraphs on blank lines. A paragraph whose lines contain " | " is read as a
table row per line in the spreadsheet formats (XLSX, CSV); elsewhere it stays plain text.
"""

import csv
import io
import re
import textwrap
import zipfile
from xml.sax.saxutils import escape

FORMATS = ("pdf", "docx", "xlsx", "odt", "csv")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "csv": "text/csv",
}

# A fixed timestamp for every zip member keeps the archives byte-for-byte reproducible.
_ZIP_DATE = (2025, 1, 1, 0, 0, 0)
_FIXED_ISO = "2025-01-01T00:00:00Z"

# XML 1.0 forbids most control characters; a stray one would make Word or LibreOffice refuse the file.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def build_file(fmt: str, title: str, text: str) -> bytes:
    """Return a valid `fmt` document holding `title` and `text`. Raises ValueError for an unknown format."""
    builders = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "odt": _odt, "csv": _csv}
    try:
        builder = builders[fmt]
    except KeyError:
        raise ValueError(f"Formato no soportado: {fmt!r}") from None
    return builder(_clean(title).strip(), _paragraphs(text))


def _clean(value: str) -> str:
    return _XML_ILLEGAL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _paragraphs(text: str) -> list[str]:
    blocks = re.split(r"\n\s*\n", _clean(text).strip())
    return [b.strip() for b in blocks if b.strip()]


def _rows(paragraphs: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    for paragraph in paragraphs:
        lines = paragraph.split("\n")
        if any(" | " in line for line in lines):
            rows.extend([cell.strip() for cell in line.split(" | ")] for line in lines if line.strip())
        else:
            rows.append([" ".join(line.strip() for line in lines)])
    return rows


def _zip(members: list[tuple[str, bytes, int]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, compression in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = compression
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _x(value: str) -> str:
    return escape(value, {'"': "&quot;"})


# --- PDF --------------------------------------------------------------------------------------

_PAGE_W, _PAGE_H = 595, 842  # A4 in points
_MARGIN_X, _TOP, _BOTTOM = 56, 786, 56
_BODY_SIZE, _BODY_LEADING, _TITLE_SIZE, _TITLE_LEADING = 10.5, 14, 15, 19
# Helvetica averages ~0.5 em per character in Spanish prose; 88 columns fit 483 pt at 10.5 pt.
_BODY_COLUMNS, _TITLE_COLUMNS = 88, 58

# Characters outside WinAnsi that Spanish and Portuguese writers commonly type.
_WINANSI_FALLBACK = str.maketrans({"≥": ">=", "≤": "<=", "→": "->", "✓": "v", "\u2009": " ", "\u202f": " "})


def _pdf_string(value: str) -> bytes:
    raw = value.translate(_WINANSI_FALLBACK).encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _pdf_lines(title: str, paragraphs: list[str]) -> list[tuple[str, str]]:
    """(font, text) per line; an empty text is a blank line between paragraphs."""
    lines: list[tuple[str, str]] = [("F2", line) for line in textwrap.wrap(title, _TITLE_COLUMNS)]
    for paragraph in paragraphs:
        lines.append(("F1", ""))
        for source_line in paragraph.split("\n"):
            wrapped = textwrap.wrap(source_line, _BODY_COLUMNS, break_long_words=False, break_on_hyphens=False)
            lines.extend(("F1", line) for line in wrapped or [""])
    return lines


def _pdf_pages(lines: list[tuple[str, str]]) -> list[bytes]:
    pages: list[bytes] = []
    ops: list[bytes] = []
    y = float(_TOP)
    for font, line in lines:
        size, leading = (_TITLE_SIZE, _TITLE_LEADING) if font == "F2" else (_BODY_SIZE, _BODY_LEADING)
        if y - leading < _BOTTOM and ops:
            pages.append(b"\n".join(ops))
            ops, y = [], float(_TOP)
            if not line:
                continue
        y -= leading
        if line:
            ops.append(
                b"BT /%s %s Tf 1 0 0 1 %d %s Tm %s Tj ET"
                % (font.encode(), str(size).encode(), _MARGIN_X, f"{y:.1f}".encode(), _pdf_string(line))
            )
    pages.append(b"\n".join(ops))
    return pages


def _pdf(title: str, paragraphs: list[str]) -> bytes:
    pages = _pdf_pages(_pdf_lines(title, paragraphs))
    # Objects: 1 catalog, 2 page tree, 3 body font, 4 title font, 5 info, then (page, content) pairs.
    first_page = 6
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(len(pages)))
    title_hex = (b"\xfe\xff" + title.encode("utf-16-be")).hex().upper().encode()
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Title <%s> /Producer (Hub Local) >>" % title_hex,
    ]
    for i, content in enumerate(pages):
        content_ref = first_page + 2 * i + 1
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
            b"/Contents %d 0 R >>" % (_PAGE_W, _PAGE_H, content_ref)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content) + 0, content))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


# --- DOCX -------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(title: str, paragraphs: list[str]) -> bytes:
    def para(value: str, *, bold: bool = False, size: int = 0) -> str:
        props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/>' if size else "")
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        runs = "<w:br/>".join(f'<w:t xml:space="preserve">{_x(line)}</w:t>' for line in value.split("\n"))
        return f"<w:p><w:r>{rpr}{runs}</w:r></w:p>"

    body = para(title, bold=True, size=32) + "".join(para(p) for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W}"><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" '
        'w:header="708" w:footer="708" w:gutter="0"/>'
        "</w:sectPr></w:body></w:document>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/>'
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
        'Target="docProps/core.xml"/>'
        "</Relationships>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_x(title)}</dc:title><dc:creator>Hub Local</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{_FIXED_ISO}</dcterms:created>'
        "</cp:coreProperties>"
    )
    deflated = zipfile.ZIP_DEFLATED
    return _zip(
        [
            ("[Content_Types].xml", content_types.encode(), deflated),
            ("_rels/.rels", rels.encode(), deflated),
            ("docProps/core.xml", core.encode(), deflated),
            ("word/document.xml", document.encode(), deflated),
        ]
    )


# --- ODT --------------------------------------------------------------------------------------


def _odt(title: str, paragraphs: list[str]) -> bytes:
    def para(value: str) -> str:
        return "<text:p>" + "<text:line-break/>".join(_x(line) for line in value.split("\n")) + "</text:p>"

    office = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"'
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {office} xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        "<office:body><office:text>"
        f'<text:h text:outline-level="1">{_x(title)}</text:h>'
        + "".join(para(p) for p in paragraphs)
        + "</office:text></office:body></office:document-content>"
    )
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-meta {office} xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<office:meta><dc:title>{_x(title)}</dc:title></office:meta></office:document-meta>"
    )
    styles = f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {office}/>'
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    deflated = zipfile.ZIP_DEFLATED
    # ODF requires "mimetype" first and stored uncompressed so tools can sniff the type.
    return _zip(
        [
            ("mimetype", CONTENT_TYPES["odt"].encode(), zipfile.ZIP_STORED),
            ("content.xml", content.encode(), deflated),
            ("styles.xml", styles.encode(), deflated),
            ("meta.xml", meta.encode(), deflated),
            ("META-INF/manifest.xml", manifest.encode(), deflated),
        ]
    )


# --- XLSX -------------------------------------------------------------------------------------


def _xlsx(title: str, paragraphs: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Datos"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    for row in _rows(paragraphs):
        sheet.append(row)
    sheet.column_dimensions["A"].width = 60
    workbook.properties.title = title
    workbook.properties.creator = "Hub Local"
    raw = io.BytesIO()
    workbook.save(raw)
    # openpyxl stamps the current time into core.xml and the zip entries; pin both.
    members = []
    with zipfile.ZipFile(raw) as archive:
        for info in archive.infolist():
            data = archive.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + _FIXED_ISO.encode() + rb"\2",
                    data,
                )
            members.append((info.filename, data, zipfile.ZIP_DEFLATED))
    return _zip(members)


# --- CSV --------------------------------------------------------------------------------------


def _csv(title: str, paragraphs: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title])
    writer.writerows(_rows(paragraphs))
    return out.getvalue().encode("utf-8")
