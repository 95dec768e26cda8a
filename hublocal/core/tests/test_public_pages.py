"""Help, contact, robots.txt and the sitemap (issue 16, item 6)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from hublocal.audit.models import AuditEvent
from hublocal.core import content, services
from hublocal.core.models import ContactMessage

CONTACT = {
    "name": "Ana Pérez",
    "email": "ana.perez@example.cl",
    "organization_name": "Municipalidad de Ejemplo",
    "topic": "diagnosis",
    "message": "¿Cómo cambio el punto focal de nuestro diagnóstico?",
}


# --- Help -------------------------------------------------------------------------------------


def test_help_page_answers_each_kind_of_user(client_for):
    response = client_for(None).get(reverse("core:help"))
    assert response.status_code == 200
    page = response.content.decode()
    for heading in (
        "Funcionarias y funcionarios municipales",
        "Startups y proveedores GovTech",
        "Universidades, organismos y cooperación",
        "Público general y datos abiertos",
        "Su cuenta",
        "Sus datos personales",
    ):
        assert heading in page
    for answer in ("Guardar", "punto focal", "Enviar diagnóstico", "verificación en dos pasos", "/privacidad/"):
        assert answer in page
    # A table of contents pointing at the sections' anchors, and the way to the contact page.
    assert re.search(r'<a href="#([a-z0-9-]+)">Su cuenta</a>', page)
    assert reverse("core:contact") in page
    body = page.split("<body", 1)[1]  # the head's one inline style is the critical CSS, allowed by hash
    assert "<style" not in body and "style=" not in body


def test_content_markdown_is_sanitised():
    html, _toc = content.render_markdown(
        "## Título\n\n<script>alert(1)</script>\n\nTexto <b onclick='x()'>negrita</b> "
        "[malo](javascript:alert(1)) [bueno](/ayuda/) [correo](mailto:a@b.cl) ![img](http://x/y.png)\n"
    )
    assert "<script" not in html and "<b " not in html
    assert "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert 'href="/ayuda/"' in html and 'href="mailto:a@b.cl"' in html
    assert "<img" not in html


def test_help_page_in_english_is_the_english_text(client_for):
    from django.utils import translation

    with translation.override("en"):
        url = reverse("core:help")
    assert url.startswith("/en/")
    page = client_for(None).get(url).content.decode()
    assert "Municipal staff" in page and "Funcionarias y funcionarios municipales" not in page
    assert 'href="/en/privacidad/"' in page


def test_footer_links_to_help_and_contact(client_for):
    page = client_for(None).get(reverse("core:home")).content.decode()
    assert f'href="{reverse("core:help")}"' in page and f'href="{reverse("core:contact")}"' in page


# --- Contact ----------------------------------------------------------------------------------


def test_contact_page_shows_the_hub_address(client_for, settings):
    response = client_for(None).get(reverse("core:contact"))
    assert response.status_code == 200
    assert settings.HUB_CONTACT_EMAIL in response.content.decode()


def test_contact_message_is_stored_mailed_through_the_queue_and_audited(
    client_for, settings, django_capture_on_commit_callbacks
):
    # The e-mail is queued after the commit (a failed write sends nothing); tests run tasks at once.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(None).post(reverse("core:contact"), CONTACT)
    assert len(callbacks) == 1
    assert response.status_code == 302 and response["Location"] == reverse("core:contact")
    message = ContactMessage.objects.get()
    assert message.email == CONTACT["email"] and message.sent_at is not None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [settings.HUB_CONTACT_EMAIL] and sent.reply_to == [CONTACT["email"]]
    assert CONTACT["message"] in sent.body and "Ana Pérez" in sent.body
    actions = list(
        AuditEvent.objects.filter(object_type="core.contactmessage", object_id=str(message.pk)).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["core.contact_message", "core.contact_message_sent"]
    # The audit trail says what came, not who wrote or what they said.
    event = AuditEvent.objects.get(action="core.contact_message")
    assert CONTACT["email"] not in str(event.after) and CONTACT["message"] not in str(event.after)


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "no-es-un-correo"), ("name", ""), ("topic", "inventado"), ("message", "corto")],
)
def test_contact_bad_input_is_a_400_with_the_reason_and_writes_nothing(client_for, field, value):
    response = client_for(None).post(reverse("core:contact"), {**CONTACT, field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert CONTACT["name"] in page or field == "name"  # what the person typed is kept
    assert not ContactMessage.objects.exists() and not mail.outbox


def test_contact_honeypot_drops_robots_silently(client_for):
    response = client_for(None).post(reverse("core:contact"), {**CONTACT, "sitio_web": "http://spam.example"})
    assert response.status_code == 302
    assert not ContactMessage.objects.exists() and not mail.outbox


def test_contact_is_rate_limited_per_address(client_for):
    client = client_for(None)
    for _ in range(services.CONTACT_RATE_LIMIT):
        assert client.post(reverse("core:contact"), CONTACT).status_code == 302
    response = client.post(reverse("core:contact"), CONTACT)
    assert response.status_code == 429
    assert "Espere un momento" in response.content.decode()
    assert ContactMessage.objects.count() == services.CONTACT_RATE_LIMIT
    # Another address is not affected.
    other = client_for(None)
    assert other.post(reverse("core:contact"), CONTACT, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_contact_messages_expire_after_a_year(client_for):
    from datetime import timedelta

    from django.utils import timezone

    from hublocal.core import personal_data

    client_for(None).post(reverse("core:contact"), CONTACT)
    old = ContactMessage.objects.get()
    ContactMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=366))
    assert personal_data.contact_expire(timezone.now()) == 1
    assert not ContactMessage.objects.exists()


# --- robots.txt -------------------------------------------------------------------------------


def test_robots_txt(client_for):
    response = client_for(None).get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    lines = text.splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/cuenta/", "/en/cuenta/", "/api/", "/admin/", "/diagnostico/campanas/", "/seguimiento/"):
        assert f"Disallow: {path}" in lines
    assert f"Allow: {reverse('api:docs')}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # Public pages stay open.
    assert not any(line in ("Disallow: /", "Disallow: /municipios/") for line in lines)


# --- sitemap.xml ------------------------------------------------------------------------------


def _locations(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def _all_locations(client) -> list[str]:
    found = []
    for section in _locations(client, "/sitemap.xml"):
        found += _locations(client, section.replace("http://testserver", ""))
    return found


def test_sitemap_index_and_public_pages(client_for, django_assert_max_num_queries):
    client = client_for(None)
    with django_assert_max_num_queries(30):  # a count (and a MAX for lastmod) per section, whatever the sizes
        sections = _locations(client, "/sitemap.xml")
    assert "http://testserver/sitemap-municipios.xml" in sections
    with django_assert_max_num_queries(3):
        municipalities = _locations(client, "/sitemap-municipios.xml")
    assert len(municipalities) >= 345
    assert "http://testserver/municipios/13101/" in municipalities
    pages = _all_locations(client)
    for name in ("core:home", "core:about", "core:help", "core:contact", "core:accessibility", "solutions:catalogue"):
        assert f"http://testserver{reverse(name)}" in pages
    assert not any("/en/" in url or "/cuenta/" in url for url in pages)
    page = client.get("/sitemap-municipios.xml").content.decode()
    assert "<lastmod>" in page


def test_sitemap_lists_only_public_objects(client_for):
    from hublocal.diagnosis.models import Campaign, Result
    from hublocal.innovation.models import Challenge
    from hublocal.solutions.models import Solution

    client = client_for(None)
    draft = Challenge.objects.exclude(status__in=("published", "closed", "in_pilot", "finished", "archived")).first()
    assert draft is not None, "the demo has a draft challenge"
    published = Challenge.objects.filter(status="published").first()
    solution = Solution.objects.filter(is_published=True).first()
    result = Result.objects.filter(campaign__results_public=True).first()
    assert published and solution and result
    before = _all_locations(client)
    assert f"http://testserver{reverse('innovation:challenge_detail', kwargs={'pk': published.pk})}" in before
    assert f"http://testserver{reverse('innovation:challenge_detail', kwargs={'pk': draft.pk})}" not in before
    solution_url = f"http://testserver{reverse('solutions:solution_detail', kwargs={'slug': solution.slug})}"
    result_path = reverse("diagnosis:participation_results", kwargs={"pk": result.participation_id})
    result_url = f"http://testserver{result_path}"
    assert solution_url in before and result_url in before
    # Unpublish the solution and the campaign's results: both leave the sitemap.
    Solution.objects.filter(pk=solution.pk).update(is_published=False)
    Campaign.objects.filter(pk=result.campaign_id).update(results_public=False)
    after = _all_locations(client)
    assert solution_url not in after and result_url not in after


def test_sitemap_unknown_section_is_404(client_for):
    assert client_for(None).get("/sitemap-inventada.xml").status_code == 404
