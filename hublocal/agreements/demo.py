"""Demo agreements (seeder "agreements", after the directory): a framework agreement with
SUBDERE, a specific one with a university, a funding agreement with an international
cooperation agency in USD, and a commercial SaaS licence with three municipalities whose amount
is withheld as a commercial secret. Idempotent: an agreement already seeded (by title) is left
alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors

from . import selectors, services
from .models import Agreement

HUB = "hub-nacional-de-gobierno-local"


def _org(slug: str = "", code: str = "") -> Any:
    if code:
        return directory_selectors.municipalities(codes=[code]).first()
    return directory_selectors.organization_get(slug=slug)


def seed(write: Callable[[str], None]) -> None:
    staff = get_user_model().objects.filter(username="staff").first()
    if staff is None:
        write("agreements: no staff account, skipped")
        return
    today = timezone.localdate()
    y = today.year
    hub, subdere, uni, bid = (
        _org(HUB),
        _org("subdere-demo"),
        _org("universidad-de-los-andes-del-sur"),
        _org("cooperacion-bid-demo"),
    )
    stgo, valpo, conce, datamuni = _org(code="13101"), _org(code="05101"), _org(code="08101"), _org("datamuni-spa")
    if not all((hub, subdere, uni, bid, stgo, valpo, conce, datamuni)):
        write("agreements: demo organisations missing, skipped")
        return
    specs: list[dict[str, Any]] = [
        {
            "kind": "framework",
            "title": "Convenio marco Hub–SUBDERE para el fortalecimiento municipal (demo)",
            "object": (
                "Colaborar en diagnóstico, formación y asistencia técnica a municipios, y compartir datos de "
                "gestión municipal."
            ),
            "starts_on": date(y - 1, 3, 1),
            "ends_on": date(y + 3, 2, 28),
            "status": "in_force",
            "parties": [
                {
                    "organization_id": hub.pk,
                    "role": "principal",
                    "signatory_name": "Camila Rojas (demo)",
                    "signatory_position": "Directora ejecutiva",
                },
                {
                    "organization_id": subdere.pk,
                    "role": "counterpart",
                    "signatory_name": "Subsecretario/a (demo)",
                    "signatory_position": "Subsecretario/a de Desarrollo Regional",
                },
            ],
            "obligations": [
                {
                    "party": 0,
                    "description": "Informe anual de resultados del diagnóstico municipal.",
                    "due_on": date(y, 12, 15),
                },
                {
                    "party": 1,
                    "description": "Entregar datos del SINIM actualizados cada semestre.",
                    "due_on": today - timedelta(days=10),
                },
            ],
            "milestones": [{"title": "Primera mesa de seguimiento", "due_on": date(y - 1, 6, 30)}],
        },
        {
            "kind": "specific",
            "title": "Convenio específico de formación con la Universidad Austral de Innovación Pública (demo)",
            "object": "Diseñar y dictar el diplomado de gestión de datos municipales para 60 funcionarios.",
            "starts_on": today - timedelta(days=300),
            "ends_on": today + timedelta(days=60),
            "status": "in_force",
            "amount": "18000000",
            "currency": "CLP",
            "parties": [
                {
                    "organization_id": hub.pk,
                    "role": "principal",
                    "signatory_name": "Camila Rojas (demo)",
                    "signatory_position": "Directora ejecutiva",
                },
                {
                    "organization_id": uni.pk,
                    "role": "executor",
                    "signatory_name": "Rector/a (demo)",
                    "signatory_position": "Rector/a",
                },
            ],
            "obligations": [
                {
                    "party": 1,
                    "description": "Entregar las notas y la asistencia del diplomado.",
                    "due_on": today + timedelta(days=30),
                }
            ],
        },
        {
            "kind": "funding",
            "title": "Financiamiento de la cooperación internacional para pilotos GovTech (demo)",
            "object": "Financiar cinco pilotos de innovación abierta en municipios de menos de 50.000 habitantes.",
            "starts_on": date(y, 4, 1),
            "ends_on": date(y + 2, 3, 31),
            "status": "in_force",
            "amount": "250000",
            "currency": "USD",
            "parties": [
                {
                    "organization_id": bid.pk,
                    "role": "funder",
                    "signatory_name": "Representante (demo)",
                    "signatory_position": "Representante en Chile",
                },
                {
                    "organization_id": hub.pk,
                    "role": "executor",
                    "signatory_name": "Camila Rojas (demo)",
                    "signatory_position": "Directora ejecutiva",
                },
            ],
            "milestones": [{"title": "Primer desembolso", "due_on": date(y, 6, 30)}],
        },
        {
            "kind": "commercial",
            "title": "Licencia SaaS de tableros de gestión para tres municipios (demo)",
            "object": (
                "Licencia anual del tablero de permisos y patentes de DataMuni para Santiago, Valparaíso y Concepción."
            ),
            "starts_on": date(y, 2, 1),
            "ends_on": date(y + 1, 1, 31),
            "status": "in_force",
            "amount": "1200",
            "currency": "UF",
            "parties": [
                {
                    "organization_id": datamuni.pk,
                    "role": "provider",
                    "signatory_name": "Valentina Muñoz (demo)",
                    "signatory_position": "Gerenta general",
                },
                {
                    "organization_id": stgo.pk,
                    "role": "principal",
                    "signatory_name": "María José Contreras (demo)",
                    "signatory_position": "Alcaldesa",
                },
                {
                    "organization_id": valpo.pk,
                    "role": "principal",
                    "signatory_name": "Andrés Salinas (demo)",
                    "signatory_position": "Alcalde",
                },
                {
                    "organization_id": conce.pk,
                    "role": "principal",
                    "signatory_name": "Alcalde/sa (demo)",
                    "signatory_position": "Alcalde/sa",
                },
            ],
            "obligations": [
                {
                    "party": 0,
                    "description": "Disponibilidad mensual del servicio sobre 99,5 %.",
                    "due_on": date(y, 12, 31),
                }
            ],
            "withholdings": [{"field": "amount", "reason": "commercial_secret"}],
        },
    ]
    created = 0
    for spec in specs:
        if Agreement.objects.filter(title=spec["title"]).exists():
            continue
        services.agreement_create(actor=staff, is_demo=True, **spec)
        created += 1
    write(f"agreements: {created} demo agreements")


# --- Documents (issue 14): the SaaS licence's signed text, and since its amount is withheld as a
# commercial secret, its redacted public version; the framework agreement's signed text. Its own
# seeder (after seed); idempotent: an agreement that has documents is left as it is.
SAAS_TITLE = "Licencia SaaS de tableros de gestión para tres municipios (demo)"
FRAMEWORK_TITLE = "Convenio marco Hub–SUBDERE para el fortalecimiento municipal (demo)"
FUNDING_TITLE = "Financiamiento de la cooperación internacional para pilotos GovTech (demo)"


def _pdf(text: str) -> bytes:
    """A one-page PDF with a line of text (demo files; no PDF library needed)."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def seed_documents(write: Callable[[str], None]) -> None:
    staff = get_user_model().objects.filter(username="staff").first()
    saas = selectors.demo_agreement(SAAS_TITLE)
    framework = selectors.demo_agreement(FRAMEWORK_TITLE)
    if staff is None or saas is None or framework is None:
        write("agreements: demo agreements missing, documents skipped")
        return
    if saas.documents.exists():
        write("agreements: demo documents already exist")
        return
    signed = services.document_upload(
        actor=staff,
        agreement=saas,
        name="licencia-saas-firmada.pdf",
        data=_pdf("Licencia SaaS (demo) - texto firmado - monto: 1.200 UF"),
        kind="signed",
        title="Contrato de licencia firmado",
    )
    services.document_upload(
        actor=staff,
        agreement=saas,
        document=signed.document,
        name="licencia-saas-version-publica.pdf",
        data=_pdf("Licencia SaaS (demo) - version publica - monto: [RESERVADO art. 21 N 2]"),
        is_public_version=True,
        note="Monto tachado: secreto comercial (Ley 20.285, art. 21 N° 2).",
    )
    services.document_upload(
        actor=staff,
        agreement=framework,
        name="convenio-marco-firmado.pdf",
        data=_pdf("Convenio marco Hub - SUBDERE (demo) - texto firmado"),
        kind="signed",
        title="Convenio marco firmado",
    )
    write("agreements: 3 demo document versions")
