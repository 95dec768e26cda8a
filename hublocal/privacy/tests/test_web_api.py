"""Privacy pages and API: the notice, "Mis datos", the queue, the record, breaches; bad input
answers 4xx with a message and writes nothing."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hublocal.privacy import services
from hublocal.privacy.models import Breach, DataSubjectRequest, RequestStatus
from tests.helpers import api_client, assert_api_error, assert_audited, assert_unchanged, audit_mark, db_state

pytestmark = pytest.mark.django_db


# ----------------------------------------------------------------------------- public notice


def test_notice_is_public_and_generated_from_the_registry(client_for, sample):
    body = client_for(None).get(reverse("privacy:notice")).content.decode()
    assert "Probar los derechos" in body  # the test declaration's purpose
    assert "Agencia de Protección de Datos Personales" in body
    assert "AMUCH" in body
    assert reverse("privacy:notice") in client_for(None).get(reverse("core:home")).content.decode()  # footer


def test_forms_collecting_personal_data_link_the_notice(users, client_for):
    body = client_for("startup-a").get(reverse("directory:person_edit", args=[users["startup-a"].person.pk]))
    assert "Aviso de privacidad" in body.content.decode()


# ----------------------------------------------------------------------------- my data


def test_my_data_page_lists_groups_rectification_and_consents(users, client_for, sample):
    response = client_for("startup-a").get(reverse("privacy:my_data"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Probar los derechos" in body and "Consentimiento de la persona" in body
    assert reverse("directory:person_edit", args=[users["startup-a"].person.pk]) in body
    assert "Perfil público en el directorio" in body and "Dar consentimiento" in body


def test_downloads_are_audited_and_never_cached(users, client_for, sample):
    client = client_for("startup-a")
    mark = audit_mark()
    response = client.get(reverse("privacy:my_data_download", args=["json"]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert any(g["key"] == "zz_test.sample" for g in json.loads(response.content))
    response = client.get(reverse("privacy:my_data_download", args=["zip"]))
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert_audited(mark, actor=users["startup-a"], action="privacy.export")
    assert client.get(reverse("privacy:my_data_download", args=["exe"])).status_code == 404


def test_web_request_bad_input_is_400_and_writes_nothing(users, client_for):
    client = client_for("partner")
    before = db_state()
    response = client.post(reverse("privacy:request_create"), {"kind": "olvido", "details": ""})
    assert response.status_code == 400
    response = client.post(reverse("privacy:request_create"), {"kind": "rectification", "details": ""})
    assert response.status_code == 400 and "Cuéntenos" in response.content.decode()
    assert_unchanged(before)


def test_web_request_and_own_detail_only(users, client_for):
    response = client_for("partner").post(reverse("privacy:request_create"), {"kind": "erasure", "details": ""})
    assert response.status_code == 302
    r = DataSubjectRequest.objects.get(user=users["partner"])
    assert client_for("partner").get(reverse("privacy:my_request", args=[r.pk])).status_code == 200
    assert client_for("startup-b").get(reverse("privacy:my_request", args=[r.pk])).status_code == 404


def test_consent_buttons_give_and_withdraw(users, client_for):
    from hublocal.privacy import selectors

    client = client_for("partner")
    assert client.post(reverse("privacy:consent_change", args=["newsletter", "dar"])).status_code == 302
    assert selectors.has_consent(users["partner"], "newsletter")
    assert client.post(reverse("privacy:consent_change", args=["newsletter", "retirar"])).status_code == 302
    assert not selectors.has_consent(users["partner"], "newsletter")
    assert client.post(reverse("privacy:consent_change", args=["nada", "dar"])).status_code == 404
    assert client.post(reverse("privacy:consent_change", args=["newsletter", "borrar"])).status_code == 404


# ----------------------------------------------------------------------------- staff


def test_queue_highlights_overdue_and_detail_shows_data_summary(users, client_for, sample):
    r = services.request_create(user=users["partner"], kind="access")
    DataSubjectRequest.objects.filter(pk=r.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    body = client_for("analista").get(reverse("privacy:request_queue")).content.decode()
    assert "Vencida" in body and reverse("privacy:request_detail", args=[r.pk]) in body
    body = client_for("analista").get(reverse("privacy:request_detail", args=[r.pk])).content.decode()
    assert "zz_test.sample" in body
    assert "Registrar y enviar respuesta" not in body  # analysts follow, admins decide


def test_extension_twice_and_answer_twice_are_refused_on_the_web(users, client_for):
    r = services.request_create(user=users["partner"], kind="access")
    staff = client_for("staff")
    extend = reverse("privacy:request_extend", args=[r.pk])
    assert staff.post(extend, {"reason": ""}).status_code == 400
    assert staff.post(extend, {"reason": "Falta revisar archivos."}).status_code == 302
    response = staff.post(extend, {"reason": "Otra vez."})
    assert response.status_code == 400 and "una vez" in response.content.decode()
    answer = reverse("privacy:request_answer", args=[r.pk])
    assert staff.post(answer, {"decision": "approve", "answer": ""}).status_code == 400
    assert staff.post(answer, {"decision": "approve", "answer": "Aquí van sus datos."}).status_code == 302
    before = db_state()
    response = staff.post(answer, {"decision": "reject", "answer": "No."})
    assert response.status_code == 400 and "ya fue respondida" in response.content.decode()
    assert_unchanged(before)
    r.refresh_from_db()
    assert r.status == RequestStatus.ANSWERED


def test_record_of_processing_csv(users, client_for, sample):
    response = client_for("analista").get(reverse("privacy:record"), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Actividad,")
    assert "zz_test.sample" in text and "accounts.user" in text


def test_breach_form_bad_input_is_400(users, client_for):
    before = db_state()
    response = client_for("staff").post(reverse("privacy:breach_create"), {"title": "x", "people_affected": "-3"})
    assert response.status_code == 400
    assert_unchanged(before)
    assert not Breach.objects.exists()


def test_analyst_reads_breach_but_cannot_write(users, client_for):
    breach = services.breach_create(
        actor=users["staff"],
        data={
            "title": "Acceso indebido",
            "description": "d",
            "detected_at": timezone.now(),
            "data_categories": "c",
            "people_affected": 1,
            "measures": "",
            "authority_notified_at": None,
            "people_notified_at": None,
        },
    )
    url = reverse("privacy:breach_edit", args=[breach.pk])
    assert client_for("analista").get(url).status_code == 200
    assert client_for("analista").post(url, {"title": "cambio"}).status_code == 403


# ----------------------------------------------------------------------------- API


def test_api_request_unknown_kind_lists_valid_ones(users):
    client = api_client("partner")
    response = client.post("/api/v1/me/requests/", {"kind": "olvido"}, content_type="application/json")
    body = assert_api_error(response, 400)
    assert "erasure" in body["errors"]["kind"][0] and "portability" in body["errors"]["kind"][0]
    response = client.post(
        "/api/v1/me/requests/", {"kind": "rectification", "details": ""}, content_type="application/json"
    )
    assert "details" in assert_api_error(response, 400)["errors"]
    response = client.post("/api/v1/me/requests/", {"kind": "access", "extra": 1}, content_type="application/json")
    assert "extra" in assert_api_error(response, 400)["errors"]
    assert not DataSubjectRequest.objects.exists()


def test_api_requests_are_the_callers_own(users):
    mine = api_client("partner").post("/api/v1/me/requests/", {"kind": "erasure"}, content_type="application/json")
    assert mine.status_code == 201, mine.content
    created = mine.json()
    assert created["status"] == "received" and created["kind"] == "erasure" and created["due_on"]
    services.request_create(user=users["startup-b"], kind="access")
    listed = api_client("partner").get("/api/v1/me/requests/").json()
    assert [r["id"] for r in listed] == [created["id"]]
    assert api_client("partner").get(f"/api/v1/me/requests/{created['id']}/").status_code == 200
    assert_api_error(api_client("startup-b").get(f"/api/v1/me/requests/{created['id']}/"), 404)


def test_api_my_data_is_grouped_and_audited(users, sample):
    mark = audit_mark()
    response = api_client("startup-a").get("/api/v1/me/data/")
    assert response.status_code == 200
    groups = {g["key"]: g for g in response.json()}
    assert groups["zz_test.sample"]["rows"][0]["owner"] == users["startup-a"].pk
    assert groups["accounts.user"]["rows"][0]["username"] == "startup-a"
    assert groups["accounts.user"]["legal_basis_label"]
    assert_audited(mark, actor=users["startup-a"], action="privacy.export")
    assert_api_error(api_client(None).get("/api/v1/me/data/"), 401)


def test_queue_and_breach_list_queries_do_not_grow_with_rows(users, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url: str) -> int:
        client = client_for("staff")
        client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    breach = {
        "title": "b",
        "description": "d",
        "detected_at": timezone.now(),
        "data_categories": "c",
        "people_affected": 1,
        "measures": "",
        "authority_notified_at": None,
        "people_notified_at": None,
    }
    services.request_create(user=users["partner"], kind="access")
    services.breach_create(actor=users["staff"], data=breach)
    small = (count(reverse("privacy:request_queue")), count(reverse("privacy:breach_list")))
    for name in ("santiago", "valparaiso", "startup-a", "startup-b", "analista"):
        services.request_create(user=users[name], kind="erasure")
        services.breach_create(actor=users["staff"], data=breach)
    assert (count(reverse("privacy:request_queue")), count(reverse("privacy:breach_list"))) == small
