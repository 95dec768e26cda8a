"""The certificate as a tagged A4 landscape PDF (PDF/UA-1), drawn by WeasyPrint as the diagnosis
reports are: the name, the programme, hours, dates, completion date, issuer and signatories, the
code and a QR code to the public verification page. Deterministic for the same certificate (fixed
identifier, no creation date)."""

from __future__ import annotations

import hashlib
import os
from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils import translation

from . import codes, credential


def qr_svg_data_uri(url: str) -> str:
    # A standalone SVG (with its namespace): an inline fragment is not an image to WeasyPrint.
    return str(segno.make(url, error="m").svg_data_uri(scale=4, dark="#083a66", border=2))


def certificate_html(certificate: Any) -> str:
    url = credential.verify_url(certificate.code)
    language = certificate.language or "es"
    with translation.override(language):
        return render_to_string(
            "certificates/certificate_pdf.html",
            {
                "c": certificate,
                "lang": "es-CL" if language.startswith("es") else language,
                "code": codes.display(certificate.code),
                "verify_url": url,
                "qr_src": qr_svg_data_uri(url),
                "holder": credential.WITHHELD if certificate.holder_erased else certificate.holder_name,
            },
        )


def render(certificate: Any) -> bytes:
    from weasyprint import HTML

    html = certificate_html(certificate)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    pdf: bytes = HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier)
    return pdf
