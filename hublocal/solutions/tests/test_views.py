from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from hublocal.audit.models import AuditEvent
from hublocal.directory.models import Organization
from hublocal.solutions import selectors
from hublocal.solutions.models import Solution, StartupProfile
from tests.helpers import write_event_count

from .factories import SIGNUP, org, solution

pytestmark = pytest.mark.django_db

SOLUTION_FORM = {
    "name": "Semáforo de Trámites",
    "summary": "Estado de cada trámite municipal visible para el vecino.",
    "problem": "Los vecinos no saben en qué va su solicitud y llaman a la OIRS una y otra vez.",
    "description": "",
    "area": "digital",
    "deployment": "cloud",
    "pricing_model": "subscription",
    "price_range": "5 UF al mes",
    "typologies": ["mayor", "urbana_mediana"],
    "pilots_done": "1",
    "evidence": "",
    "keywords": "seguimiento, trámites",
    "is_published": "on",
}
REGISTER_FORM = {**SIGNUP, "password_confirm": SIGNUP["password"], "website": "", "description": ""}


# --- catalogue ------------------------------------------------------------------------------------


def test_catalogue_lists_filters_and_searches(client_for):
    client = client_for(None)
    page = client.get("/soluciones/").content.decode()
    assert "Catálogo de soluciones GovTech" in page and 'for="f-area"' in page
    assert "Registrar mi startup" in page
    filtered = client.get("/soluciones/", {"area": "aps"}).content.decode()
    assert "Agenda CESFAM" in filtered and "Patentes en Línea" not in filtered
    found = client.get("/soluciones/", {"q": "licencias de funcionamiento"}).content.decode()
    assert found.index("Patentes en Línea") < found.index("</main>")
    assert "ordenadas por pertinencia" in found


def test_catalogue_ignores_unknown_filter_values(client_for):
    response = client_for(None).get("/soluciones/", {"area": "deportes", "typology": "x", "stage": "?"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == selectors.catalogue().count()


def test_catalogue_htmx_returns_only_results(client_for):
    response = client_for(None).get("/soluciones/", {"q": "oirs"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "OIRS Digital" in body


def test_catalogue_query_count_is_bounded(users, client_for, django_assert_max_num_queries):
    for i in range(40):
        solution(users["staff"], org("reciclapp"), name=f"Solución numerada {i}", area="ambiente")
    client = client_for("startup-a")
    client.get("/soluciones/?q=residuos")  # warm the index and per-process caches
    cache.clear()
    for url in ("/soluciones/", "/soluciones/?area=ambiente&q=residuos", "/soluciones/?typology=mayor&stage=early"):
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_startup_list_query_count_is_bounded(client_for, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client_for(None).get("/soluciones/startups/").status_code == 200


# --- solution pages -------------------------------------------------------------------------------


def test_detail_shows_the_facts(client_for):
    page = client_for(None).get("/soluciones/patentes-en-linea/").content.decode()
    for text in ("Patentes en Línea", "DataMuni SpA (demo)", "Transformación digital", "Nube (SaaS)", "Suscripción"):
        assert text in page
    assert "Pilotos realizados" in page and "Evidencia de resultados" in page
    assert 'href="/pilotos/proveedores/datamuni-spa/">Ver ficha del proveedor' in page
    assert "Editar" not in page


def test_draft_is_404_to_outsiders_and_visible_to_owner_and_hub(users, client_for):
    draft = solution(users["startup-a"], org("datamuni-spa"), name="Borrador", is_published=False)
    url = f"/soluciones/{draft.slug}/"
    assert client_for(None).get(url).status_code == 404
    assert client_for("startup-b").get(url).status_code == 404
    assert client_for("santiago").get(url).status_code == 404
    for username in ("startup-a", "staff", "analista"):
        assert client_for(username).get(url).status_code == 200


def test_startup_creates_a_solution(users, client_for):
    response = client_for("startup-a").post("/soluciones/nueva/", SOLUTION_FORM)
    assert response.status_code == 302
    created = Solution.objects.get(name="Semáforo de Trámites")
    assert created.organization.slug == "datamuni-spa" and created.typologies == ["mayor", "urbana_mediana"]
    assert response["Location"].endswith(f"/soluciones/{created.slug}/")
    assert AuditEvent.objects.filter(action="solutions.solution_create", actor=users["startup-a"]).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Este campo es requerido"),
        ({"area": "deportes"}, "Escoja una opción válida"),
        ({"typologies": ["capital"]}, "Escoja una opción válida"),
        ({"pilots_done": "-3"}, "mayor o igual a 0"),
        ({"summary": "x" * 301}, "300 caracteres"),
    ],
)
def test_bad_solution_form_shows_errors_and_writes_nothing(client_for, changes, message):
    before = (Solution.objects.count(), write_event_count())
    response = client_for("startup-a").post("/soluciones/nueva/", {**SOLUTION_FORM, **changes})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Revise los siguientes datos" in body and message in body
    assert (Solution.objects.count(), write_event_count()) == before


def test_admin_chooses_the_startup(users, client_for):
    client = client_for("staff")
    assert 'name="organization"' in client.get("/soluciones/nueva/").content.decode()
    response = client.post("/soluciones/nueva/", {**SOLUTION_FORM})
    assert response.status_code == 400 and "Elija una startup" in response.content.decode()
    response = client.post("/soluciones/nueva/", {**SOLUTION_FORM, "organization": "reciclapp"})
    assert response.status_code == 302
    assert Solution.objects.get(name="Semáforo de Trámites").organization.slug == "reciclapp"


def test_owner_edits_and_other_startup_cannot(users, client_for):
    url = "/soluciones/tramite-facil-municipal/editar/"
    assert client_for("startup-a").post(url, {**SOLUTION_FORM}).status_code == 403
    version = selectors.solution_get_by_slug(slug="tramite-facil-municipal").row_version
    form = {**SOLUTION_FORM, "name": "Trámite Fácil Municipal 2", "row_version": version}
    response = client_for("startup-b").post(url, form)
    assert response.status_code == 302
    edited = selectors.solution_get_by_slug(slug="tramite-facil-municipal")
    assert edited.name == "Trámite Fácil Municipal 2"  # the slug stays: links keep working


def test_edit_with_bad_input_keeps_the_solution(client_for):
    before = selectors.solution_get_by_slug(slug="tramite-facil-municipal").updated_at
    response = client_for("startup-b").post(
        "/soluciones/tramite-facil-municipal/editar/", {**SOLUTION_FORM, "problem": ""}
    )
    assert response.status_code == 400
    assert selectors.solution_get_by_slug(slug="tramite-facil-municipal").updated_at == before


def test_publish_and_unpublish(users, client_for):
    client = client_for("startup-a")
    url = "/soluciones/patentes-en-linea/publicar/"
    assert client.post(url, {"publish": "0"}).status_code == 302
    assert not selectors.solution_get_by_slug(slug="patentes-en-linea").is_published
    assert client_for(None).get("/soluciones/patentes-en-linea/").status_code == 404
    assert client.post(url, {"publish": "maybe"}).status_code == 400
    assert client.post(url, {"publish": "1"}).status_code == 302
    assert selectors.solution_get_by_slug(slug="patentes-en-linea").is_published
    assert client.get(url).status_code == 405


def test_my_solutions_lists_drafts_too(users, client_for):
    solution(users["startup-a"], org("datamuni-spa"), name="Borrador Propio", is_published=False)
    page = client_for("startup-a").get("/soluciones/mis-soluciones/").content.decode()
    assert "Borrador Propio" in page and "Patentes en Línea" in page and "No publicada" in page
    assert client_for("santiago").get("/soluciones/mis-soluciones/").status_code == 403


# --- startups -------------------------------------------------------------------------------------


def test_startup_directory_and_profile(client_for):
    listing = client_for(None).get("/soluciones/startups/", {"stage": "scaling"}).content.decode()
    assert "DataMuni SpA (demo)" in listing and "Trámite Fácil SpA (demo)" not in listing
    page = client_for(None).get("/soluciones/startups/datamuni-spa/").content.decode()
    for text in ("En escalamiento", "Experiencia con el sector público", "Referencias", "Patentes en Línea"):
        assert text in page
    assert client_for(None).get("/soluciones/startups/municipalidad-santiago/").status_code == 404


def test_startup_edits_its_profile(users, client_for):
    version = StartupProfile.objects.get(organization__slug="datamuni-spa").row_version
    form = {"stage": "consolidated", "team_size": "30", "founded_year": "2019", "team": "", "references": ""}
    form["row_version"] = str(version)
    assert client_for("startup-b").post("/soluciones/startups/datamuni-spa/editar/", form).status_code == 403
    response = client_for("startup-a").post("/soluciones/startups/datamuni-spa/editar/", form)
    assert response.status_code == 302
    assert StartupProfile.objects.get(organization__slug="datamuni-spa").stage == "consolidated"
    bad = client_for("startup-a").post("/soluciones/startups/datamuni-spa/editar/", {**form, "founded_year": "2999"})
    assert bad.status_code == 400


# --- sign-up --------------------------------------------------------------------------------------


def test_register_creates_everything_and_signs_in(client_for):
    client = client_for(None)
    assert client.get("/soluciones/registrar-startup/").status_code == 200
    response = client.post("/soluciones/registrar-startup/", REGISTER_FORM)
    assert response.status_code == 302
    user = get_user_model().objects.get(username="municipio-abierto")
    assert response["Location"].endswith(f"/soluciones/startups/{user.organization.slug}/")
    # Signed in as the new account: its own "my solutions" page opens.
    assert client.get("/soluciones/mis-soluciones/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"rut": "76.086.428-4"}, "dígito verificador"),
        ({"rut": "77.123.456-9"}, "Ya existe una organización registrada con ese RUT"),
        ({"username": "startup-b"}, "ya está en uso"),
        ({"password": "123", "password_confirm": "123"}, "demasiado corta"),
        ({"password_confirm": "otra-distinta-2026"}, "no coinciden"),
        ({"email": "no-es-correo"}, "correo electrónico válida"),
    ],
)
def test_register_with_bad_input_shows_errors_and_writes_nothing(client_for, changes, message):
    before = (Organization.objects.count(), get_user_model().objects.count(), write_event_count())
    client = client_for(None)
    response = client.post("/soluciones/registrar-startup/", {**REGISTER_FORM, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (Organization.objects.count(), get_user_model().objects.count(), write_event_count()) == before
    assert "_auth_user_id" not in client.session


def test_signed_in_users_do_not_register_again(client_for):
    assert client_for("startup-a").get("/soluciones/registrar-startup/").status_code == 403
    assert client_for("staff").post("/soluciones/registrar-startup/", REGISTER_FORM).status_code == 403
    assert not get_user_model().objects.filter(username="municipio-abierto").exists()


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("startup-a", "/soluciones/nueva/"),
        ("startup-a", "/soluciones/patentes-en-linea/editar/"),
        ("startup-a", "/soluciones/startups/datamuni-spa/editar/"),
        (None, "/soluciones/registrar-startup/"),
    ],
)
def test_an_empty_post_is_validated_not_shown_as_a_fresh_form(client_for, who, url):
    # request.POST is falsy when empty: "request.POST or None" used to answer 200 with a blank form.
    before = (write_event_count(), Solution.objects.count(), Organization.objects.count())
    response = client_for(who).post(url, {})
    assert response.status_code == 400, url
    assert "Este campo es requerido." in response.content.decode(), url
    assert (write_event_count(), Solution.objects.count(), Organization.objects.count()) == before
