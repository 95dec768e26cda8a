"""Optimistic locking of organisations and people: a stale edit changes nothing, and the edit
page answers 409 with both versions and the person's typed values kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hublocal.core.locking import StaleVersion
from hublocal.directory import selectors, services
from hublocal.directory.models import Person

pytestmark = pytest.mark.django_db


def test_person_update_stale_version_changes_nothing(users):
    person = users["startup-a"].person
    version = person.row_version
    services.person_update(actor=users["staff"], person=person, data={"phone": "+56 2 1111"}, expected_version=version)
    with pytest.raises(StaleVersion) as exc:
        services.person_update(
            actor=users["staff"], person=person, data={"phone": "+56 2 2222"}, expected_version=version
        )
    assert exc.value.current.phone == "+56 2 1111"
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.phone, fresh.row_version) == ("+56 2 1111", version + 1)


def test_internal_callers_skip_the_check_but_still_count_the_edit(users):
    org = selectors.organization_get(slug="tramite-facil-spa")
    version = org.row_version
    updated = services.organization_update(
        actor=None, organization=org, data={"description": "Tarea"}, expected_version=None
    )
    assert updated.row_version == version + 1


def test_organization_edit_page_carries_the_version(client_for):
    org = selectors.organization_get(slug="tramite-facil-spa")
    page = client_for("startup-b").get(reverse("directory:organization_edit", kwargs={"slug": org.slug}))
    html = page.content.decode()
    assert f'name="row_version" value="{org.row_version}"' in html
    assert 'type="hidden"' in html


def test_organization_edit_conflict_shows_both_versions_and_keeps_typed_values(users, client_for):
    org = selectors.organization_get(slug="tramite-facil-spa")
    read = org.row_version
    # A colleague saves after the page was read.
    services.organization_update(
        actor=users["staff"], organization=org, data={"description": "Texto del colega"}, expected_version=read
    )
    url = reverse("directory:organization_edit", kwargs={"slug": org.slug})
    form = {
        "name": org.name,
        "rut": org.rut,
        "description": "Mi texto escrito",
        "website": org.website,
        "email": org.email,
        "row_version": str(read),
    }
    response = client_for("startup-b").post(url, form)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Otra persona guardó cambios mientras usted editaba" in html
    assert "Texto del colega" in html  # the saved value, beside…
    assert "Mi texto escrito" in html  # …the typed one, still in the form
    # The form now carries the saved version: saving again (after review) is deliberate.
    assert f'name="row_version" value="{read + 1}"' in html
    assert selectors.organization_get(slug=org.slug).description == "Texto del colega"

    again = client_for("startup-b").post(url, {**form, "row_version": str(read + 1)})
    assert again.status_code == 302
    assert selectors.organization_get(slug=org.slug).description == "Mi texto escrito"


def test_organization_edit_without_version_is_400(client_for):
    org = selectors.organization_get(slug="tramite-facil-spa")
    url = reverse("directory:organization_edit", kwargs={"slug": org.slug})
    response = client_for("startup-b").post(url, {"name": org.name, "description": "Sin versión"})
    assert response.status_code == 400
    assert selectors.organization_get(slug=org.slug).description != "Sin versión"


def test_person_edit_conflict_is_409_and_saves_nothing(users, client_for):
    person = users["startup-a"].person
    read = person.row_version
    services.person_update(
        actor=users["staff"], person=person, data={"phone": "+56 9 7777 0000"}, expected_version=read
    )
    url = reverse("directory:person_edit", kwargs={"pk": person.pk})
    form = {"full_name": person.full_name, "email": person.email, "phone": "+56 9 1234 0000", "row_version": read}
    response = client_for("startup-a").post(url, form)
    assert response.status_code == 409
    html = response.content.decode()
    assert "+56 9 7777 0000" in html and "+56 9 1234 0000" in html
    assert Person.objects.get(pk=person.pk).phone == "+56 9 7777 0000"
