"""Startup B never sees startup A's proposal, on the demo's shared challenge, anywhere: lists,
detail pages, the API, attachment URLs, counts, the challenge's page and its API."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from hublocal.proposals import selectors, services
from hublocal.proposals.models import Proposal
from tests.helpers import api_client, assert_api_error

from .conftest import upload

PATENTES = "Patentes comerciales sin filas ni papeles"


@pytest.fixture
def demo(users):
    pa = Proposal.objects.select_related("challenge").get(challenge__title=PATENTES, organization__slug="datamuni-spa")
    pb = Proposal.objects.get(challenge__title=PATENTES, organization__slug="tramite-facil-spa")
    attachment = services.attachment_add(actor=users["startup-a"], proposal=pa, upload=upload("oferta-datamuni.pdf"))
    return {"a": pa, "b": pb, "challenge": pa.challenge, "attachment": attachment}


def test_demo_has_both_startups_on_the_same_open_challenge(demo):
    assert demo["a"].challenge_id == demo["b"].challenge_id
    assert demo["a"].status == demo["b"].status == "submitted"


def test_selector_lists_only_own_proposals_for_startups(users, demo):
    for who, own, other in (("startup-a", "a", "b"), ("startup-b", "b", "a")):
        visible = set(selectors.proposals_visible_to(users[who]).values_list("pk", flat=True))
        assert demo[own].pk in visible and demo[other].pk not in visible
        assert set(selectors.proposals_visible_to(users[who], demo["challenge"]).values_list("pk", flat=True)) == {
            demo[own].pk
        }
        assert not selectors.proposal_visible_to(users[who], demo[other])


@pytest.mark.parametrize("who", ["staff", "analista", "santiago", "valparaiso"])
def test_hub_and_buyers_see_both(users, demo, who):
    visible = set(selectors.proposals_visible_to(users[who], demo["challenge"]).values_list("pk", flat=True))
    assert {demo["a"].pk, demo["b"].pk} <= visible


def test_partner_and_anonymous_see_none(users, demo):
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.proposals_visible_to(users["partner"]).exists()
    assert not selectors.proposals_visible_to(AnonymousUser()).exists()


def test_web_pages_hide_the_competitor(client_for, demo):
    b = client_for("startup-b")
    assert b.get(reverse("proposals:detail", kwargs={"pk": demo["a"].pk})).status_code == 404
    assert b.get(reverse("proposals:edit", kwargs={"pk": demo["a"].pk})).status_code == 404
    assert b.post(reverse("proposals:withdraw", kwargs={"pk": demo["a"].pk})).status_code == 404
    assert b.get(reverse("proposals:attachment_download", kwargs={"pk": demo["attachment"].pk})).status_code == 404
    assert b.post(reverse("proposals:attachment_delete", kwargs={"pk": demo["attachment"].pk})).status_code == 404
    assert (
        b.get(reverse("proposals:challenge_proposals", kwargs={"challenge_pk": demo["challenge"].pk})).status_code
        == 403
    )
    mine = b.get(reverse("proposals:mine")).content.decode()
    assert "DataMuni" not in mine and PATENTES in mine
    own = b.get(reverse("proposals:detail", kwargs={"pk": demo["b"].pk})).content.decode()
    assert "DataMuni" not in own and "oferta-datamuni" not in own


def test_api_hides_the_competitor(demo):
    b = api_client("startup-b")
    listed = b.get("/api/v1/proposals/").json()
    assert {p["organization"]["slug"] for p in listed["results"]} == {"tramite-facil-spa"}
    filtered = b.get("/api/v1/proposals/", {"challenge": demo["challenge"].pk}).json()
    assert filtered["count"] == 1 and filtered["results"][0]["id"] == demo["b"].pk
    for url in (
        f"/api/v1/proposals/{demo['a'].pk}/",
        f"/api/v1/proposals/{demo['a'].pk}/scores/",
    ):
        assert_api_error(b.get(url), 404)
    assert_api_error(b.patch(f"/api/v1/proposals/{demo['a'].pk}/", "{}", content_type="application/json"), 404)
    assert_api_error(b.delete(f"/api/v1/proposals/{demo['a'].pk}/"), 404)
    assert "DataMuni" not in b.get(f"/api/v1/proposals/{demo['b'].pk}/").content.decode()


def test_counts_are_absent_for_startups(users, demo):
    assert selectors.proposal_counts_for(users["startup-b"], challenge_ids=[demo["challenge"].pk]) is None
    counts = selectors.proposal_counts_for(users["santiago"], challenge_ids=[demo["challenge"].pk])
    assert counts == {demo["challenge"].pk: 2}


def test_the_challenge_page_and_api_show_no_proposal_count_to_startups(client_for, demo):
    pk = demo["challenge"].pk
    page = client_for("startup-b").get(reverse("innovation:challenge_detail", kwargs={"pk": pk})).content.decode()
    assert "Propuestas recibidas" not in page and "DataMuni" not in page.split("Postular")[0]
    assert not re.search(r"\d+\s+(propuestas?|postulaciones?)\b", page, re.IGNORECASE)
    body = api_client("startup-b").get(reverse("api:challenge_detail", kwargs={"pk": pk})).content.decode()
    assert "proposal" not in body.lower()


def test_buyer_of_another_challenge_does_not_see_it(users, client_for, demo):
    from hublocal.accounts import services as accounts_services
    from hublocal.directory import selectors as directory_selectors

    temuco = directory_selectors.municipalities(codes=["09101"]).get()
    official = accounts_services.user_create(
        actor=users["staff"],
        username="temuco-2",
        email="t2@example.cl",
        password=None,
        role="municipal",
        organization=temuco,
    )
    client = client_for(None)
    client.force_login(official)
    assert client.get(reverse("proposals:detail", kwargs={"pk": demo["a"].pk})).status_code == 404
    assert not selectors.proposals_visible_to(official, demo["challenge"]).exists()
