"""Need-to-know contact data: e-mail and phone of people, page by page and role by role.

The table is tests/matrix/contact.py (CONTACT); its status rows run in the permission matrix.
Here every visible page of each person is read as each role, and the e-mail must appear exactly
where the table says: the person page, the people API (detail and list), and never on the
organisation or municipality pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.helpers import api_client
from tests.matrix import ROLES
from tests.matrix.contact import CONTACT, DATAMUNI_FOUNDER, SANTIAGO_FOCAL, placeholders


def _user(role: str) -> str | None:
    return None if role == "anon" else role


def _cases() -> list[Any]:
    return [
        pytest.param(person, role, sees, id=f"{person}-{role}")
        for person, expected in CONTACT
        for role, sees in zip(ROLES, expected, strict=True)
    ]


@pytest.mark.parametrize(("person", "role", "sees"), _cases())
def test_contact_on_person_page_and_api(person: str, role: str, sees: bool | None, users, client_for) -> None:
    from hublocal.directory.models import Person

    pk = placeholders(users)[person]
    target = Person.objects.get(pk=pk)
    page = client_for(_user(role)).get(reverse("directory:person_detail", kwargs={"pk": pk}))
    detail = api_client(_user(role)).get(reverse("api:person_detail", kwargs={"pk": pk}))
    if sees is None:
        assert page.status_code == 404 and detail.status_code == 404
        return
    assert page.status_code == 200 and detail.status_code == 200
    assert (target.email in page.content.decode()) is sees, "web page"
    body = detail.json()
    assert (body["email"] == target.email) is sees and (body["email"] is None) is not sees, body
    if not sees:
        assert body["phone"] is None
    listed = api_client(_user(role)).get(reverse("api:person_list"), {"q": target.full_name[:9]}).json()
    rows = [r for r in listed["results"] if r["id"] == pk]
    for r in rows:  # listed only for the public profile, staff and colleagues
        assert (r["email"] == target.email) is sees, ("list", r)


@pytest.mark.parametrize("role", ROLES)
def test_organisation_pages_never_show_peoples_contact(role: str, users, client_for) -> None:
    """Member lists name people and their positions; their e-mails stay on the person page."""
    people = placeholders(users)
    from hublocal.directory.models import Person

    emails = list(Person.objects.filter(pk__in=people.values()).values_list("email", flat=True))
    for url in (
        reverse("directory:organization_detail", kwargs={"slug": "datamuni-spa"}),
        reverse("directory:organization_detail", kwargs={"slug": "tramite-facil-spa"}),
        reverse("directory:municipality_detail", kwargs={"code": "13101"}),
    ):
        html = client_for(_user(role)).get(url).content.decode()
        assert not [e for e in emails if e and e in html], (url, role)


def test_public_profile_shows_name_and_role_to_the_public_not_contact(users, client_for) -> None:
    pk = placeholders(users)[DATAMUNI_FOUNDER]
    html = client_for(None).get(reverse("directory:person_detail", kwargs={"pk": pk})).content.decode()
    assert "Valentina Muñoz" in html and "DataMuni" in html
    assert "startup-a@demo.hublocal.cl" not in html


def test_relationship_ends_with_the_shortlist(users, client_for) -> None:
    """The startup sees the municipality's contacts because of the shortlisted proposal only:
    without it, the focal point is private again for the startup."""
    from hublocal.proposals.models import Proposal

    pk = placeholders(users)[SANTIAGO_FOCAL]
    url = reverse("api:person_detail", kwargs={"pk": pk})
    assert api_client("startup-a").get(url).status_code == 200
    Proposal.objects.filter(organization__slug="datamuni-spa", status="shortlisted").update(status="not_selected")
    assert api_client("startup-a").get(url).status_code == 404
