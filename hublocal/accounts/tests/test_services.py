import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from hublocal.accounts import selectors, services
from hublocal.accounts.models import ApiToken, User
from hublocal.audit.models import AuditEvent
from hublocal.directory import selectors as directory_selectors


def _request():
    return RequestFactory().post("/api/v1/auth/token/")


def test_non_staff_account_needs_an_organisation(users):
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=users["staff"], username="x", email="x@example.cl", password=None, role="municipal")
    assert "organization" in exc.value.message_dict
    assert not User.objects.filter(username="x").exists()


def test_role_must_match_organisation_kind(users):
    startup = directory_selectors.organization_get(slug="datamuni-spa")
    with pytest.raises(ValidationError):
        services.user_create(
            actor=users["staff"],
            username="y",
            email="y@example.cl",
            password=None,
            role="municipal",
            organization=startup,
        )


def test_create_is_audited(users):
    org = directory_selectors.organization_get(slug="municipalidad-temuco")
    user = services.user_create(
        actor=users["staff"],
        username="temuco",
        email="t@example.cl",
        password="una-clave-larga",
        role="municipal",
        organization=org,
    )
    assert user.check_password("una-clave-larga")
    event = AuditEvent.objects.get(action="accounts.user_create", object_id=str(user.pk))
    assert event.actor == users["staff"] and "password" not in str(event.after)


def test_cannot_deactivate_oneself(users):
    with pytest.raises(ValidationError):
        services.user_set_active(actor=users["staff"], user=users["staff"], is_active=False)


def test_token_stored_as_digest_only(users):
    raw = services.api_token_issue(username="santiago", password="hublocal-demo", request=_request())
    token = ApiToken.objects.get(user=users["santiago"])
    assert token.digest != raw and raw not in token.digest
    assert selectors.api_token_resolve(raw=raw) == token
    assert selectors.api_token_resolve(raw=raw + "x") is None


def test_token_refused_for_bad_password(users):
    with pytest.raises(ValidationError):
        services.api_token_issue(username="santiago", password="mala", request=_request())
    assert not ApiToken.objects.exists()


def test_inactive_user_token_stops_working(users):
    raw = services.api_token_issue(username="partner", password="hublocal-demo", request=_request())
    services.user_set_active(actor=users["staff"], user=users["partner"], is_active=False)
    assert selectors.api_token_resolve(raw=raw) is None
