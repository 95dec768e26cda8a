from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hublocal.audit.models import AuditEvent
from hublocal.engagement import services
from hublocal.engagement.models import Message

from .conftest import LABEL, PROCESS, SUBJECT

DASHBOARD = reverse("engagement:dashboard")
RUN = reverse("engagement:run")
PROCESS_URL = reverse("engagement:process", kwargs={"process": PROCESS, "subject_key": SUBJECT})
STGO_URL = reverse("engagement:organization", kwargs={"slug": "municipalidad-santiago"})


@pytest.fixture
def silent_santiago(santiago, valparaiso, open_track):
    """Santiago silent since long ago (reminded up to the mayor), Valparaíso freshly invited."""
    open_track(santiago, at=timezone.now() - timedelta(days=30))
    open_track(valparaiso, at=timezone.now())
    services.escalate_due(now=timezone.now())
    mail.outbox.clear()
    return santiago


def test_urls_are_under_seguimiento():
    assert DASHBOARD == "/seguimiento/"
    assert PROCESS_URL == "/seguimiento/proceso/diagnosis.campaign/campaign:12/"


@pytest.mark.parametrize(
    ("username", "expected"),
    [("staff", 200), ("analista", 200), ("santiago", 403), ("startup-a", 403), ("partner", 403)],
)
def test_dashboard_is_for_hub_staff(client_for, username, expected):
    assert client_for(username).get(DASHBOARD).status_code == expected


def test_anonymous_is_sent_to_sign_in(client_for):
    for url in (DASHBOARD, PROCESS_URL, STGO_URL):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    response = client_for(None).post(RUN)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_dashboard_lists_processes_and_messages(client_for, silent_santiago, django_assert_max_num_queries):
    client = client_for("staff")
    client.get(DASHBOARD)
    with django_assert_max_num_queries(6):
        response = client.get(DASHBOARD)
    html = response.content.decode()
    assert LABEL in html
    assert PROCESS_URL in html
    assert "María José Contreras (demo)" in html  # the mayor's message is in the log
    assert "Ejecutar recordatorios ahora" in html
    assert "Ejecutar recordatorios ahora" not in client_for("analista").get(DASHBOARD).content.decode()


def test_process_page_shows_funnel_tracks_and_log(client_for, silent_santiago, django_assert_max_num_queries):
    client = client_for("analista")
    client.get(PROCESS_URL)
    with django_assert_max_num_queries(8):
        response = client.get(PROCESS_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Invitada", "Confirmada", "En curso", "Completada", "Sin respuesta"):
        assert text in html
    assert "Municipalidad de Santiago" in html and "Municipalidad de Valparaíso" in html
    assert "hace 30 días" in html
    assert "Aviso al alcalde/sa" in html
    assert "Daniela Soto (demo)" in html
    silent_only = client.get(PROCESS_URL, {"status": "silent"}).content.decode()
    assert "Municipalidad de Valparaíso" not in silent_only.split("tracks-title")[1].split("messages-title")[0]


def test_process_page_query_count_does_not_grow_with_tracks(
    client_for, santiago, valparaiso, concepcion, open_track, django_assert_max_num_queries
):
    for org in (santiago, valparaiso, concepcion):
        open_track(org, at=timezone.now() - timedelta(days=400))
    services.escalate_due(now=timezone.now())
    client = client_for("staff")
    client.get(PROCESS_URL)  # first request: session and last-login writes
    with django_assert_max_num_queries(8):
        assert client.get(PROCESS_URL).status_code == 200


def test_unknown_process_is_404(client_for, network):
    url = reverse("engagement:process", kwargs={"process": "nada", "subject_key": "x"})
    assert client_for("staff").get(url).status_code == 404


def test_organization_page_object_level(client_for, silent_santiago):
    assert client_for("santiago").get(STGO_URL).status_code == 200
    assert client_for("valparaiso").get(STGO_URL).status_code == 403
    assert client_for("startup-a").get(STGO_URL).status_code == 403
    assert client_for("staff").get(STGO_URL).status_code == 200
    html = client_for("santiago").get(STGO_URL).content.decode()
    assert LABEL in html and "María José Contreras (demo)" in html
    missing = reverse("engagement:organization", kwargs={"slug": "no-existe"})
    assert client_for("staff").get(missing).status_code == 404


def test_run_is_admin_only_and_audited(client_for, santiago, open_track, users):
    open_track(santiago, at=timezone.now() - timedelta(days=30))
    for username in ("analista", "santiago", "startup-a"):
        assert client_for(username).post(RUN).status_code == 403
    assert Message.objects.count() == 0
    response = client_for("staff").post(RUN, {"next": PROCESS_URL})
    assert response.status_code == 302 and response["Location"] == PROCESS_URL
    assert Message.objects.count() == 3
    assert len(mail.outbox) == 3
    assert AuditEvent.objects.filter(action="engagement.escalate_run", actor=users["staff"]).exists()
    # Running again at once sends nothing new, and an outside `next` is not followed.
    response = client_for("staff").post(RUN, {"next": "https://example.com/"})
    assert response["Location"] == DASHBOARD
    assert Message.objects.count() == 3


def test_run_rejects_get(client_for, network):
    assert client_for("staff").get(RUN).status_code == 405
