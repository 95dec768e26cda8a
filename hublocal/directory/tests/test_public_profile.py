"""A public directory profile is the person's own consented choice (Ley 21.719)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hublocal.directory import services
from hublocal.directory.models import Person
from tests.helpers import assert_audited, audit_mark


@pytest.fixture
def daniela(users) -> Person:
    return users["santiago"].person


def test_new_people_are_private(users):
    org = users["santiago"].organization
    person = services.person_create(actor=users["santiago"], full_name="Nueva Colega", organization=org)
    assert person.is_public is False


def test_a_colleague_cannot_create_a_public_profile(users):
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            actor=users["santiago"], full_name="X", organization=users["santiago"].organization, is_public=True
        )
    assert "is_public" in exc.value.message_dict


def test_the_person_makes_their_own_profile_public_audited(users, daniela):
    mark = audit_mark()
    person = services.person_set_public(actor=users["santiago"], person=daniela, is_public=True)
    assert person.is_public is True
    assert_audited(mark, actor=users["santiago"], action="directory.person_set_public")


@pytest.mark.parametrize("username", ["staff", "valparaiso", "startup-a"])
def test_nobody_else_can_make_it_public(users, daniela, username):
    with pytest.raises(ValidationError):
        services.person_set_public(actor=users[username], person=daniela, is_public=True)
    daniela.refresh_from_db()
    assert daniela.is_public is False


def test_withdrawal_is_audited_and_allowed_to_the_hub(users):
    valentina = users["startup-a"].person
    assert valentina.is_public is True  # the demo's consent
    mark = audit_mark()
    services.person_set_public(actor=users["staff"], person=valentina, is_public=False)
    valentina.refresh_from_db()
    assert valentina.is_public is False
    assert_audited(mark, actor=users["staff"], action="directory.person_set_public")


def test_update_cannot_smuggle_a_public_profile(users):
    colleague = services.person_create(
        actor=users["santiago"], full_name="Colega", organization=users["santiago"].organization
    )
    with pytest.raises(ValidationError):
        services.person_update(
            actor=users["santiago"],
            person=colleague,
            data={"full_name": "Colega Renombrada", "is_public": True},
            expected_version=None,
        )
    colleague.refresh_from_db()
    assert colleague.full_name == "Colega" and colleague.is_public is False  # all or nothing


def test_edit_form_offers_the_choice_only_to_the_person(users, client_for, daniela):
    url = reverse("directory:person_edit", kwargs={"pk": daniela.pk})
    own = client_for("santiago").get(url).content.decode()
    assert 'name="is_public"' in own and "retirar" in own
    colleague = services.person_create(
        actor=users["santiago"], full_name="Colega", organization=users["santiago"].organization
    )
    other = client_for("santiago").get(reverse("directory:person_edit", kwargs={"pk": colleague.pk}))
    assert other.status_code == 200 and 'name="is_public"' not in other.content.decode()
