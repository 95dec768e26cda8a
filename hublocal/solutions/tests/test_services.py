from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from hublocal.audit.models import AuditEvent
from hublocal.directory.models import Organization
from hublocal.solutions import services
from hublocal.solutions.models import CatalogueVersion, Solution, StartupProfile

from .factories import SIGNUP, org, solution

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Organization.objects.count(),
        get_user_model().objects.count(),
        StartupProfile.objects.count(),
        AuditEvent.objects.count(),
    )


def _version() -> int:
    return CatalogueVersion.objects.get_or_create(pk=1)[0].version


# --- startup sign-up ------------------------------------------------------------------------------


def test_register_creates_organization_account_and_profile(network):
    user = services.startup_register(**{**SIGNUP, "rut": "76086428-5"})
    user.refresh_from_db()
    assert user.role == "startup" and user.check_password(SIGNUP["password"])
    organization = user.organization
    assert organization.kind == "startup"
    assert organization.rut == "76.086.428-5"  # normalised
    profile = StartupProfile.objects.get(organization=organization)
    assert (profile.stage, profile.team_size, profile.founded_year) == ("early", 6, 2022)
    actions = set(
        AuditEvent.objects.filter(
            action__in=["directory.organization_create", "accounts.user_create", "solutions.startup_register"]
        )
        .filter(object_id__in=[str(organization.pk), str(user.pk), str(profile.pk)])
        .values_list("action", flat=True)
    )
    assert actions == {"directory.organization_create", "accounts.user_create", "solutions.startup_register"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"rut": "76.086.428-4"}, "rut", "dígito verificador"),
        ({"rut": "hola"}, "rut", "formato válido"),
        ({"rut": ""}, "rut", "obligatorio"),
        ({"rut": "76.543.210-3"}, "rut", "Ya existe una organización"),  # DataMuni's
        ({"username": "startup-a"}, "username", "ya está en uso"),
        ({"username": "STARTUP-A"}, "username", "ya está en uso"),
        ({"email": "startup-a@demo.hublocal.cl"}, "email", "Ya existe una cuenta con ese correo"),
        ({"password": "12345678"}, "password", ""),
        ({"password": "corta"}, "password", ""),
        ({"organization_name": "  "}, "organization_name", "nombre"),
        ({"founded_year": 1800}, "founded_year", "entre"),
        ({"team_size": 0}, "team_size", "al menos"),
        ({"stage": "unicornio"}, "stage", "etapa"),
    ],
)
def test_register_refuses_bad_input_and_writes_nothing(network, changes, field, message):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.startup_register(**{**SIGNUP, **changes})
    assert field in exc.value.message_dict, exc.value.message_dict
    assert message in " ".join(exc.value.message_dict[field])
    assert _counts() == before


def test_register_reports_every_problem_at_once(network):
    with pytest.raises(ValidationError) as exc:
        services.startup_register(**{**SIGNUP, "rut": "1-1", "username": "startup-a", "password": "123"})
    assert {"rut", "username", "password"} <= set(exc.value.message_dict)


def test_register_rolls_back_the_organization_when_the_account_fails(network):
    """A failure after the organisation was written (here: an invalid user name, found only by
    the account's own validation) leaves nothing behind: all or nothing."""
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.startup_register(**{**SIGNUP, "username": "con espacios y ñ!"})
    assert "username" in exc.value.message_dict
    assert _counts() == before
    assert not Organization.objects.filter(rut="76.086.428-5").exists()


# --- profiles -------------------------------------------------------------------------------------


def test_profile_update_changes_and_audits(users):
    datamuni = org("datamuni-spa")
    profile = services.startup_profile_update(
        expected_version=None,
        actor=users["startup-a"],
        organization=datamuni,
        data={"stage": "consolidated", "team_size": 25},
    )
    assert (profile.stage, profile.team_size) == ("consolidated", 25)
    event = AuditEvent.objects.filter(action="solutions.startup_profile_update").latest("id")
    assert event.actor == users["startup-a"]
    assert event.before["team_size"] == 18 and event.after["team_size"] == 25


def test_profile_update_creates_a_missing_profile(users):
    organization = services.startup_register(**SIGNUP).organization
    StartupProfile.objects.filter(organization=organization).delete()
    profile = services.startup_profile_update(
        expected_version=None, actor=users["staff"], organization=organization, data={"stage": "idea"}
    )
    assert profile.pk and profile.stage == "idea"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"founded_year": 3000}, "founded_year"),
        ({"team_size": -1}, "team_size"),
        ({"stage": "x"}, "stage"),
        ({"team": "a\x00b"}, "team"),
        ({"organization": 1}, "organization"),
    ],
)
def test_profile_update_refuses_bad_data(users, data, field):
    datamuni = org("datamuni-spa")
    before = StartupProfile.objects.get(organization=datamuni).updated_at
    with pytest.raises(ValidationError) as exc:
        services.startup_profile_update(
            expected_version=None, actor=users["startup-a"], organization=datamuni, data=data
        )
    assert field in exc.value.message_dict
    assert StartupProfile.objects.get(organization=datamuni).updated_at == before


def test_profile_only_for_startups(users):
    with pytest.raises(ValidationError) as exc:
        services.startup_profile_update(
            expected_version=None, actor=users["staff"], organization=org("municipalidad-santiago"), data={}
        )
    assert "organization" in exc.value.message_dict


# --- solutions ------------------------------------------------------------------------------------


def test_create_sets_terms_slug_search_name_version_and_audit(users):
    version = _version()
    created = solution(users["startup-a"], org("datamuni-spa"), name="Bitácora Ñuble", typologies=["rural_semiurbana"])
    assert created.slug == "bitacora-nuble"
    assert created.search_name == "bitacora nuble"
    assert created.terms and all(isinstance(t, str) for t in created.terms)
    assert created.created_by == users["startup-a"]
    assert _version() == version + 1
    event = AuditEvent.objects.get(action="solutions.solution_create", object_id=str(created.pk))
    assert event.actor == users["startup-a"] and event.after["typologies"] == ["rural_semiurbana"]


def test_slug_is_unique_and_avoids_page_names(users):
    datamuni = org("datamuni-spa")
    first = solution(users["staff"], datamuni, name="Patentes en línea")
    assert first.slug == "patentes-en-linea-2"  # the demo's own "Patentes en Línea" holds the plain one
    assert solution(users["staff"], datamuni, name="Startups").slug == "startups-solucion"
    assert solution(users["staff"], datamuni, name="¡¡!!").slug == "solucion"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"summary": "   "}, "summary"),
        ({"problem": ""}, "problem"),
        ({"name": "x" * 201}, "name"),
        ({"area": "deportes"}, "area"),
        ({"deployment": "nube"}, "deployment"),
        ({"pricing_model": "gratis"}, "pricing_model"),
        ({"typologies": ["capital"]}, "typologies"),
        ({"typologies": "mayor"}, "typologies"),
        ({"pilots_done": -1}, "pilots_done"),
        ({"pilots_done": 10**20}, "pilots_done"),
        ({"keywords": "a\x00"}, "keywords"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(users, changes, field):
    count, version, events = Solution.objects.count(), _version(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        solution(users["startup-a"], org("datamuni-spa"), **changes)
    assert field in exc.value.message_dict, exc.value.message_dict
    assert (Solution.objects.count(), _version(), AuditEvent.objects.count()) == (count, version, events)


def test_create_only_for_startups(users):
    with pytest.raises(ValidationError) as exc:
        solution(users["staff"], org("municipalidad-santiago"))
    assert "organization" in exc.value.message_dict


def test_update_refreshes_terms_and_bumps_version(users):
    created = solution(users["startup-a"], org("datamuni-spa"))
    version, old_terms = _version(), list(created.terms)
    updated = services.solution_update(
        expected_version=None,
        actor=users["startup-a"],
        solution=created,
        data={"problem": "Las luminarias apagadas dejan calles oscuras", "typologies": ["mayor", "metropolitana"]},
    )
    assert updated.terms != old_terms
    assert updated.typologies == ["metropolitana", "mayor"]  # in the typologies' own order
    assert _version() == version + 1
    event = AuditEvent.objects.filter(action="solutions.solution_update", object_id=str(created.pk)).latest("id")
    assert event.before["problem"].startswith("Los inspectores") and event.after["problem"].startswith("Las lumin")


def test_update_without_changes_records_nothing(users):
    created = solution(users["startup-a"], org("datamuni-spa"))
    version, events = _version(), AuditEvent.objects.count()
    services.solution_update(
        expected_version=None, actor=users["startup-a"], solution=created, data={"name": created.name}
    )
    assert (_version(), AuditEvent.objects.count()) == (version, events)


def test_update_refuses_unknown_fields_and_bad_values(users):
    created = solution(users["startup-a"], org("datamuni-spa"))
    for data in ({"organization": 1}, {"slug": "otra"}, {"area": "x"}, {"name": ""}):
        with pytest.raises(ValidationError):
            services.solution_update(expected_version=None, actor=users["startup-a"], solution=created, data=data)
    created.refresh_from_db()
    assert created.name == "Bitácora de Inspección" and created.area == "seguridad"


def test_set_published_toggles_bumps_and_audits(users):
    created = solution(users["startup-a"], org("datamuni-spa"))
    version = _version()
    hidden = services.solution_set_published(actor=users["startup-a"], solution=created, is_published=False)
    assert hidden.is_published is False and _version() == version + 1
    event = AuditEvent.objects.filter(action="solutions.solution_set_published").latest("id")
    assert event.before == {"is_published": True} and event.after == {"is_published": False}
