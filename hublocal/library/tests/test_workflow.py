"""The editorial workflow by role, versions and stable URLs, evidence levels, reviewers, the
dimension mapping, "turn a pilot into a model", usage counts."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from hublocal.audit.models import AuditEvent
from hublocal.core import registry
from hublocal.library import selectors, services, tasks, usage
from hublocal.library.models import EvidenceAssessment, Resource, ResourceFile, ResourceVersion, UsageMonth
from hublocal.library.permissions import Action, can
from hublocal.pilots.models import Pilot

from .factories import ALL_MET, data, draft, published


def _audited(action: str, resource: Resource) -> bool:
    return AuditEvent.objects.filter(action=action, object_id=str(resource.pk)).exists()


@pytest.mark.parametrize("role", ["santiago", "startup-a", "partner", "staff"])
def test_any_organisation_member_and_the_hub_propose(users, role):
    user = users[role]
    assert can(user, Action.PROPOSE)
    resource = draft(user)
    assert resource.status == "draft" and resource.organization_id == user.organization_id
    assert _audited("library.resource_create", resource)


def test_anonymous_cannot_propose(users):
    from django.contrib.auth.models import AnonymousUser

    assert not can(AnonymousUser(), Action.PROPOSE)


def test_submit_then_approve_publishes_and_denormalises(users):
    partner, staff = users["partner"], users["staff"]
    resource = draft(partner, title="Estudio de convivencia barrial")
    services.resource_submit(actor=partner, resource=resource)
    assert resource.status == "in_review"
    services.review_record(actor=staff, resource=resource, decision="approve", comment="", checklist=ALL_MET)
    resource.refresh_from_db()
    assert resource.status == "published" and resource.published_at is not None
    assert resource.title == "Estudio de convivencia barrial" and resource.areas == ["seguridad"]
    assert resource.current_version.number == 1 and resource.current_version.state == "approved"
    assert resource.search_document
    assert _audited("library.resource_submit", resource) and _audited("library.review_approve", resource)


def test_return_needs_a_comment_and_goes_back_to_draft(users):
    partner, staff = users["partner"], users["staff"]
    resource = draft(partner)
    services.resource_submit(actor=partner, resource=resource)
    with pytest.raises(ValidationError) as exc:
        services.review_record(actor=staff, resource=resource, decision="return", comment=" ", checklist={})
    assert "comment" in exc.value.message_dict
    services.review_record(actor=staff, resource=resource, decision="return", comment="Cite sus fuentes.", checklist={})
    resource.refresh_from_db()
    assert resource.status == "draft"
    assert [r.pk for r in selectors.returned_drafts(organization_id=partner.organization_id)] == [resource.pk]


def test_approval_requires_every_criterion(users):
    partner, staff = users["partner"], users["staff"]
    resource = draft(partner)
    services.resource_submit(actor=partner, resource=resource)
    with pytest.raises(ValidationError) as exc:
        services.review_record(
            actor=staff, resource=resource, decision="approve", comment="", checklist={**ALL_MET, "fuentes": False}
        )
    assert "checklist" in exc.value.message_dict
    resource.refresh_from_db()
    assert resource.status == "in_review"


@pytest.mark.parametrize("role", ["santiago", "startup-a", "partner"])
def test_organisation_members_cannot_review(users, role):
    resource = draft(users["valparaiso"])
    services.resource_submit(actor=users["valparaiso"], resource=resource)
    assert not can(users[role], Action.REVIEW, resource)
    with pytest.raises(ValidationError):
        services.review_record(actor=users[role], resource=resource, decision="approve", comment="", checklist=ALL_MET)


def test_appointed_reviewer_reviews_others_not_own_and_only_their_areas(users):
    staff, partner = users["staff"], users["partner"]
    services.reviewer_appoint(actor=staff, user=partner, areas=["seguridad"])
    other = draft(users["santiago"])
    services.resource_submit(actor=users["santiago"], resource=other)
    own = draft(partner)
    services.resource_submit(actor=partner, resource=own)
    aps = draft(users["santiago"], areas=["aps"], dimensions=[])
    services.resource_submit(actor=users["santiago"], resource=aps)
    assert can(partner, Action.REVIEW, other)
    assert can(partner, Action.VIEW_RESOURCE, other)  # a reviewer sees what it reviews
    assert not can(partner, Action.REVIEW, own)
    assert not can(partner, Action.REVIEW, aps)
    queue = {r.pk for r in selectors.review_queue(viewer=partner)}
    assert other.pk in queue and own.pk not in queue and aps.pk not in queue
    services.review_record(actor=partner, resource=other, decision="approve", comment="", checklist=ALL_MET)
    other.refresh_from_db()
    assert other.status == "published"


def test_non_partner_cannot_be_appointed(users):
    with pytest.raises(ValidationError):
        services.reviewer_appoint(actor=users["staff"], user=users["santiago"], areas=[])


def test_retire_by_staff_only_with_a_reason(users):
    resource = published(users["santiago"], users["staff"])
    assert not can(users["santiago"], Action.RETIRE, resource)
    assert can(users["analista"], Action.RETIRE, resource)
    with pytest.raises(ValidationError):
        services.resource_retire(actor=users["staff"], resource=resource, reason="")
    services.resource_retire(actor=users["staff"], resource=resource, reason="Reemplazado por la versión oficial.")
    resource.refresh_from_db()
    assert resource.status == "retired"
    assert selectors.resource_get_public(pk=resource.pk) is None
    assert not can(users["santiago"], Action.CHANGE_RESOURCE, resource)
    assert can(None, Action.VIEW_RESOURCE, resource)  # citations keep resolving


def test_editing_a_published_resource_makes_a_pending_version(users):
    stgo, staff = users["santiago"], users["staff"]
    resource = published(stgo, staff, title="Primera versión")
    with pytest.raises(ValidationError) as exc:
        services.resource_update(
            actor=stgo, resource=resource, data=data(title="Segunda"), expected_version=resource.row_version
        )
    assert "change_note" in exc.value.message_dict
    resource.refresh_from_db()
    services.resource_update(
        actor=stgo,
        resource=resource,
        data=data(title="Segunda versión"),
        expected_version=resource.row_version,
        change_note="Actualiza las cifras 2025.",
    )
    resource.refresh_from_db()
    # The current version stays public while the new one is drafted and reviewed.
    assert resource.title == "Primera versión" and resource.status == "published"
    assert list(resource.versions.values_list("number", "state")) == [(1, "approved"), (2, "draft")]
    services.resource_submit(actor=stgo, resource=resource)
    resource.refresh_from_db()
    assert resource.status == "published"
    services.review_record(actor=staff, resource=resource, decision="approve", comment="", checklist=ALL_MET)
    resource.refresh_from_db()
    assert resource.title == "Segunda versión" and resource.current_version.number == 2
    assert list(resource.versions.values_list("number", "state")) == [(1, "superseded"), (2, "approved")]
    assert _audited("library.version_create", resource)


def test_stale_edit_is_refused(users):
    resource = draft(users["partner"])
    services.resource_update(actor=users["partner"], resource=resource, data=data(), expected_version=1)
    from hublocal.core.locking import StaleVersion

    with pytest.raises(StaleVersion):
        services.resource_update(actor=users["partner"], resource=resource, data=data(), expected_version=1)


def test_a_version_in_review_cannot_be_edited(users):
    resource = draft(users["partner"])
    services.resource_submit(actor=users["partner"], resource=resource)
    with pytest.raises(ValidationError):
        services.resource_update(actor=users["partner"], resource=resource, data=data(), expected_version=None)


def test_stable_version_urls_and_how_to_cite(users, client):
    stgo, staff = users["santiago"], users["staff"]
    resource = published(stgo, staff, title="Guía de rondas", authors=["Ana Pérez", "Luis Soto"])
    services.resource_update(
        actor=stgo,
        resource=resource,
        data=data(title="Guía de rondas 2", authors=["Ana Pérez", "Luis Soto"]),
        expected_version=None,
        change_note="Ajustes.",
    )
    services.resource_submit(actor=stgo, resource=resource)
    services.review_record(actor=staff, resource=resource, decision="approve", comment="", checklist=ALL_MET)
    v1 = client.get(f"/biblioteca/{resource.slug}/v1/")
    v2 = client.get(f"/biblioteca/{resource.slug}/v2/")
    assert v1.status_code == 200 and v2.status_code == 200
    assert "Guía de rondas" in v1.content.decode() and "reemplazada" in v1.content.decode()
    page = client.get(f"/biblioteca/{resource.slug}/").content.decode()
    assert "Ana Pérez; Luis Soto" in page and "Guía de rondas 2 (versión 2)" in page
    assert f"/biblioteca/{resource.slug}/v2/" in page and "Hub Nacional de Gobierno Local" in page
    assert client.get(f"/biblioteca/{resource.slug}/v3/").status_code == 404


def test_evidence_level_only_by_staff_or_reviewer_with_justification(users):
    resource = published(users["santiago"], users["staff"])
    with pytest.raises(ValidationError):
        services.evidence_level_set(
            actor=users["santiago"], resource=resource, level=2, justification="x" * 40, evidence=[]
        )
    with pytest.raises(ValidationError) as exc:
        services.evidence_level_set(
            actor=users["staff"], resource=resource, level=2, justification="corta", evidence=[]
        )
    assert "justification" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.evidence_level_set(
            actor=users["staff"], resource=resource, level=6, justification="x" * 40, evidence=[]
        )
    with pytest.raises(ValidationError):
        services.evidence_level_set(
            actor=users["staff"],
            resource=resource,
            level=2,
            justification="x" * 40,
            evidence=[{"kind": "url", "ref": "javascript:alert(1)", "label": ""}],
        )
    pilot = Pilot.objects.filter(is_demo=True).first()
    services.evidence_level_set(
        actor=users["staff"],
        resource=resource,
        level=2,
        justification="El piloto muestra un cambio medido en sus indicadores.",
        evidence=[{"kind": "pilot", "ref": str(pilot.pk), "label": pilot.title}],
    )
    services.reviewer_appoint(actor=users["staff"], user=users["partner"], areas=[])
    services.evidence_level_set(
        actor=users["partner"],
        resource=resource,
        level=3,
        justification="Evaluación con grupo de comparación.",
        evidence=[],
    )
    resource.refresh_from_db()
    assert resource.evidence_level == 3
    assert list(EvidenceAssessment.objects.filter(resource=resource).values_list("level", flat=True)) == [3, 2]


def test_model_draft_from_pilot_is_prefilled(users):
    finished = Pilot.objects.get(is_demo=True, status="finished")
    with pytest.raises(ValidationError):
        services.model_draft_from_pilot(actor=users["santiago"], pilot_id=finished.pk)
    resource = services.model_draft_from_pilot(actor=users["valparaiso"], pilot_id=finished.pk)
    version = services.working_version(resource)
    assert resource.kind == "replicable_model" and resource.status == "draft"
    assert resource.organization_id == users["valparaiso"].organization_id
    assert version.related_pilots == [finished.pk]
    assert version.model["problem"] and version.model["indicators"]
    assert any("Proveedor" in c for c in version.model["contacts"])
    assert "Indicadores" in version.body


def test_related_ids_are_validated(users):
    with pytest.raises(ValidationError) as exc:
        draft(users["partner"], related_pilots="999999")
    assert "related_pilots" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        draft(users["partner"], dimensions=["seguridad:no_existe"])
    assert "dimensions" in exc.value.message_dict


def test_replicable_model_template_is_validated(users):
    with pytest.raises(ValidationError):
        draft(
            users["partner"],
            kind="replicable_model",
            model={"problem": "P", "resources": {"cost_min_clp": 10, "cost_max_clp": 5}},
        )
    resource = draft(
        users["partner"],
        kind="replicable_model",
        model={"problem": "Filas en la OIRS", "steps": ["Uno", "Dos"], "context": {"typologies": ["mayor"]}},
    )
    model = services.working_version(resource).model
    assert model["steps"] == ["Uno", "Dos"] and model["context"]["typologies"] == ["mayor"]


def test_resources_for_dimensions_prefers_staff_mapping_and_contract_shape(users):
    staff = users["staff"]
    mapped = published(users["santiago"], staff, title="Mapeado por el Hub", dimensions=[], areas=["aps"])
    named = published(
        users["valparaiso"], staff, title="Nombra la dimensión", dimensions=["aps:recursos"], areas=["aps"]
    )
    services.dimension_link_add(actor=staff, resource=mapped, dimension="aps:recursos", note="")
    found = selectors.resources_for_dimensions(dimensions=[("aps", "recursos")], limit=50)
    ids = [r.pk for r, _a, _d in found]
    assert ids.index(mapped.pk) < ids.index(named.pk)
    assert all(a == "aps" for _r, a, _d in found)
    assert selectors.resources_public_by_ids(ids=[mapped.pk, 0]) == {mapped.pk: mapped}
    assert mapped in selectors.resources_by_organizations(organization_ids=[users["santiago"].organization_id], limit=5)
    steps = registry.next_steps("05101", [("aps", "recursos")], limit=3)
    assert steps and steps[0].area == "aps"


def test_usage_counts_views_and_downloads_without_personal_data(users, client):
    cache.clear()
    resource = published(users["santiago"], users["staff"])
    for _ in range(3):
        assert client.get(f"/biblioteca/{resource.slug}/visto.gif").status_code == 200
    usage.record(resource.pk, "d")
    assert tasks.flush_usage.call_local() == 1
    row = UsageMonth.objects.get(resource=resource)
    assert (row.views, row.downloads) == (3, 1)
    assert tasks.flush_usage.call_local() == 0  # flushed once


def test_search_documents_include_file_text(users):
    from hublocal.library.demo_files import build_file

    resource = published(
        users["santiago"], users["staff"], uploads=[("a.pdf", build_file("pdf", "t", "Palabra quetzalcoatlrojo."))]
    )
    for row in ResourceFile.objects.filter(version__resource=resource):
        services.file_extract(file_id=row.pk)
    resource.refresh_from_db()
    assert "quetzalcoatlroj" in resource.search_document
    docs = list(selectors.search_documents([resource.pk]))
    assert len(docs) == 1 and "quetzalcoatlrojo" in docs[0].text
    drafted = draft(users["partner"])
    assert list(selectors.search_documents([drafted.pk])) == []
    assert ResourceVersion.objects.filter(resource=drafted).exists()
