"""Agreement documents with immutable versions and a public (redacted) version, the links UI,
funding links shown on projects and round tables, agreements cited on the roadmap, and the
amendment history in words. Bad input first: nothing is saved."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hublocal.agreements import selectors, services
from hublocal.agreements.demo import _pdf
from hublocal.agreements.models import AgreementLink, Document, DocumentVersion
from hublocal.audit.models import AuditEvent
from hublocal.core.uploads import check_document

from .factories import agreement

pytestmark = pytest.mark.django_db

PDF = _pdf("Convenio de prueba")


def _zip(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


# --- the content check (core.uploads) -------------------------------------------------------


def test_check_document_by_content():
    assert check_document("Convenio firmado.pdf", PDF).fmt == "pdf"
    assert check_document("anexo.docx", _zip(**{"word/document.xml": b"<w/>"})).fmt == "docx"
    with pytest.raises(ValidationError, match="no es de un tipo aceptado"):
        check_document("programa.exe", b"MZ\x90\x00")
    with pytest.raises(ValidationError, match="dice ser PDF"):
        check_document("falso.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError, match="dice ser DOCX"):
        check_document("falso.docx", _zip(**{"otra/cosa.xml": b"x"}))
    with pytest.raises(ValidationError, match="vacío"):
        check_document("vacio.pdf", b"")


# --- document services -------------------------------------------------------------------------


def test_versions_are_kept_and_the_public_sees_only_the_public_version(users):
    a = agreement(users["staff"], withholdings=[{"field": "amount", "reason": "commercial_secret"}])
    v1 = services.document_upload(
        actor=users["staff"], agreement=a, name="firmado.pdf", data=PDF, kind="signed", title="Texto firmado"
    )
    v2 = services.document_upload(
        actor=users["staff"], agreement=a, document=v1.document, name="firmado-v2.pdf", data=_pdf("v2")
    )
    public = services.document_upload(
        actor=users["staff"],
        agreement=a,
        document=v1.document,
        name="tachado.pdf",
        data=_pdf("tachado"),
        is_public_version=True,
    )
    assert [v1.number, v2.number, public.number] == [1, 2, 3]
    assert AuditEvent.objects.filter(action="agreements.document_upload", object_id=str(a.pk)).count() == 3
    fresh = selectors.agreement_get(pk=a.pk)
    anon = selectors.document_rows(fresh, user=None)[0]
    assert [v.pk for v in anon["versions"]] == [public.pk]
    staff = selectors.document_rows(fresh, user=users["staff"])[0]
    assert [v.pk for v in staff["versions"]] == [public.pk, v2.pk, v1.pk]
    # A party (Santiago) sees the full text too.
    assert len(selectors.document_rows(fresh, user=users["santiago"])[0]["versions"]) == 3


def test_without_withholdings_every_version_is_public(users):
    a = agreement(users["staff"])
    v = services.document_upload(actor=users["staff"], agreement=a, name="a.pdf", data=PDF, kind="annex", title="A")
    assert selectors.document_rows(selectors.agreement_get(pk=a.pk), user=None)[0]["versions"] == [v]


def test_bad_uploads_save_nothing(users):
    a = agreement(users["staff"])
    before = (Document.objects.count(), DocumentVersion.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.document_upload(actor=users["staff"], agreement=a, name="x.exe", data=b"MZ", kind="x", title="")
    errors = exc.value.message_dict
    assert {"file", "kind", "title"} <= set(errors)
    with pytest.raises(ValidationError):
        services.document_upload(actor=users["santiago"], agreement=a, name="a.pdf", data=PDF, kind="signed", title="T")
    other = agreement(users["staff"], title="Otro")
    doc = services.document_upload(
        actor=users["staff"], agreement=other, name="a.pdf", data=PDF, kind="signed", title="T"
    ).document
    with pytest.raises(ValidationError, match="no es de este convenio"):
        services.document_upload(actor=users["staff"], agreement=a, document=doc, name="a.pdf", data=PDF)
    assert (Document.objects.count(), DocumentVersion.objects.count()) == (before[0] + 1, before[1] + 1)


# --- document views ----------------------------------------------------------------------------


def test_upload_view_wrong_type_is_a_clear_400_and_download_is_checked(users, client_for):
    a = agreement(users["staff"], withholdings=[{"field": "amount", "reason": "commercial_secret"}])
    url = reverse("agreements:document_upload", kwargs={"pk": a.pk})
    staff = client_for("staff")
    bad = staff.post(
        url, {"kind": "signed", "title": "Firmado", "file": SimpleUploadedFile("firmado.pdf", b"MZ not a pdf")}
    )
    assert bad.status_code == 400 and "dice ser PDF" in bad.content.decode()
    assert not Document.objects.filter(agreement=a).exists()
    ok = staff.post(url, {"kind": "signed", "title": "Firmado", "file": SimpleUploadedFile("firmado.pdf", PDF)})
    assert ok.status_code == 302
    full = DocumentVersion.objects.get(document__agreement=a)
    doc = full.document
    public = staff.post(
        url,
        {"document": str(doc.pk), "file": SimpleUploadedFile("tachado.pdf", _pdf("x")), "is_public_version": "on"},
    )
    assert public.status_code == 302
    redacted = DocumentVersion.objects.get(document=doc, number=2)
    assert redacted.is_public_version
    download = reverse("agreements:version_download", kwargs={"pk": full.pk})
    assert client_for(None).get(download).status_code == 404  # the full text is withheld
    assert client_for("valparaiso").get(download).status_code == 404  # not a party
    got = client_for("santiago").get(download)  # a party
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF-")
    assert got["Content-Type"] == "application/pdf"
    assert client_for(None).get(reverse("agreements:version_download", kwargs={"pk": redacted.pk})).status_code == 200
    page = client_for(None).get(reverse("agreements:detail", kwargs={"pk": a.pk})).content.decode()
    assert "Versión 2 (PDF)" in page and "Versión 1 (PDF)" not in page
    # Nobody but the hub uploads.
    assert client_for("santiago").post(url, {"kind": "signed", "title": "x"}).status_code == 403


# --- links -------------------------------------------------------------------------------------


def _project_and_table():
    from hublocal.articulation.models import RoundTable
    from hublocal.projects.models import Project

    return Project.objects.filter(is_demo=True).first(), RoundTable.objects.filter(is_demo=True).first()


def test_link_ui_adds_validates_and_removes(users, client_for):
    a = agreement(users["staff"], title="Convenio que financia")
    project, table = _project_and_table()
    staff = client_for("staff")
    url = reverse("agreements:link_add", kwargs={"pk": a.pk})
    page = staff.get(reverse("agreements:detail", kwargs={"pk": a.pk})).content.decode()
    assert f'value="projects.project:{project.pk}"' in page and "Vincular a" in page
    for bad, message in [
        ("projects.project:999999999", "no existe"),
        ("nada:1", "Elija qué vincular"),
        ("projects.project:abc", "no existe"),
        ("", "Revise los siguientes datos"),
    ]:
        r = staff.post(url, {"target": bad})
        assert r.status_code == 400 and message in r.content.decode(), bad
    assert not AgreementLink.objects.filter(agreement=a).exists()
    assert staff.post(url, {"target": f"projects.project:{project.pk}"}).status_code == 302
    dup = staff.post(url, {"target": f"projects.project:{project.pk}"})
    assert dup.status_code == 400 and "ya está vinculado" in dup.content.decode()
    assert staff.post(url, {"target": f"articulation.roundtable:{table.pk}"}).status_code == 302
    assert AuditEvent.objects.filter(action="agreements.link_add", object_id=str(a.pk)).count() == 2
    # Projects and round tables show the agreements that fund them.
    body = client_for(None).get(reverse("projects:project_detail", kwargs={"slug": project.slug})).content.decode()
    assert "Convenio que financia" in body
    body = client_for(None).get(reverse("articulation:table_detail", kwargs={"slug": table.slug})).content.decode()
    assert "Convenio que financia" in body
    # Only the hub links; removing is audited.
    assert client_for("santiago").post(url, {"target": f"projects.project:{project.pk}"}).status_code == 403
    link = AgreementLink.objects.get(agreement=a, kind="projects.project")
    remove = reverse("agreements:link_remove", kwargs={"pk": a.pk, "link_pk": link.pk})
    assert client_for("santiago").post(remove).status_code == 403
    assert staff.post(remove).status_code == 302
    assert staff.post(remove).status_code == 400  # already gone: said, not a 500
    assert AuditEvent.objects.filter(action="agreements.link_remove", object_id=str(a.pk)).count() == 1


def test_hidden_agreement_is_not_listed_on_a_project(users, client_for):
    project, _table = _project_and_table()
    a = agreement(users["staff"], title="Convenio no público de prueba", is_public=False)
    services.link_create(actor=users["staff"], agreement=a, kind="projects.project", object_id=project.pk)
    url = reverse("projects:project_detail", kwargs={"slug": project.slug})
    assert "Convenio no público de prueba" not in client_for("valparaiso").get(url).content.decode()
    assert "Convenio no público de prueba" in client_for("staff").get(url).content.decode()


def test_roadmap_cites_agreements_as_evidence(users, client_for):
    from hublocal.network.models import Stage

    stage = Stage.objects.get(number=5)
    a = agreement(users["staff"], title="Convenio evidencia de la etapa cinco")
    services.link_create(actor=users["staff"], agreement=a, kind="network.stage", object_id=stage.pk)
    body = client_for(None).get(reverse("network:roadmap")).content.decode()
    section = body[body.index('id="etapa-5"') : body.index('id="etapa-6"')]
    assert "Convenio evidencia de la etapa cinco" in section
    # The demo cites the framework agreement with SUBDERE on stage 4.
    section4 = body[body.index('id="etapa-4"') : body.index('id="etapa-5"')]
    assert "Convenio marco Hub–SUBDERE" in section4


def test_roadmap_query_count_does_not_grow_with_cited_agreements(users, client_for):
    from hublocal.network.models import Stage

    client = client_for("staff")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("network:roadmap")).status_code == 200
        return len(ctx.captured_queries)

    first = count()
    for stage in Stage.objects.all()[:6]:
        a = agreement(users["staff"], title=f"Evidencia {stage.number}")
        services.link_create(actor=users["staff"], agreement=a, kind="network.stage", object_id=stage.pk)
    assert count() <= first


def test_detail_query_count_does_not_grow_with_documents_and_links(users, client_for):
    a = agreement(users["staff"])
    client = client_for("staff")
    url = reverse("agreements:detail", kwargs={"pk": a.pk})

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    first = count()
    project, table = _project_and_table()
    services.link_create(actor=users["staff"], agreement=a, kind="projects.project", object_id=project.pk)
    services.link_create(actor=users["staff"], agreement=a, kind="articulation.roundtable", object_id=table.pk)
    for i in range(4):
        services.document_upload(
            actor=users["staff"], agreement=a, name=f"{i}.pdf", data=PDF, kind="annex", title=f"A{i}"
        )
    # One query per link kind and one for the versions; never one per document or link.
    with_two = count()
    for i in range(4, 8):
        services.document_upload(
            actor=users["staff"], agreement=a, name=f"{i}.pdf", data=PDF, kind="annex", title=f"A{i}"
        )
    assert with_two <= first + 3
    assert count() == with_two


# --- amendment history in words ---------------------------------------------------------------


def test_amendment_history_shows_labels_and_formatted_values(users, client_for):
    a = agreement(users["staff"], withholdings=[{"field": "amount", "reason": "commercial_secret"}])
    new_end = a.ends_on + timedelta(days=30)
    services.agreement_amend(
        actor=users["staff"],
        agreement=a,
        changes={"ends_on": new_end, "amount": "2000000", "currency": "CLP"},
        reason="Prórroga",
    )
    url = reverse("agreements:detail", kwargs={"pk": a.pk})
    staff = client_for("staff").get(url).content.decode()
    assert "Término de vigencia:" in staff and "ends_on" not in staff
    assert "Monto:" in staff and "2\xa0000\xa0000,00" in staff
    anon = client_for(None).get(url).content.decode()
    assert "Monto: reservado" in anon and "2\xa0000\xa0000" not in anon
    assert "Término de vigencia:" in anon and str(new_end.year) in anon
    assert new_end.isoformat() not in anon
