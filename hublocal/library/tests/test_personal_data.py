"""The library's personal data: export finds the person's rows, anonymisation cuts the links
and replaces the name everywhere it appears."""

from __future__ import annotations

from hublocal.core import registry
from hublocal.library.models import Resource, ResourceVersion, Review, ReviewerAppointment

from .factories import ALL_MET, draft


def _declaration(key: str) -> registry.PersonalData:
    return next(d for d in registry.personal_data() if d.key == key)


def test_export_and_anonymise(users):
    from hublocal.library import services

    partner, staff = users["partner"], users["staff"]
    name = partner.get_full_name()
    resource = draft(partner, authors=[name, "Otra Autora"], body=f"Escrito por {name}.")
    services.resource_submit(actor=partner, resource=resource)
    services.reviewer_appoint(actor=staff, user=partner, areas=[])
    services.review_record(actor=staff, resource=resource, decision="return", comment=f"Gracias {name}", checklist={})

    exported = _declaration("library.resourceversion").export(partner)
    assert exported and exported[0]["authors"] == [name, "Otra Autora"]
    assert _declaration("library.reviewerappointment").export(partner)
    assert _declaration("library.review").export(partner)  # the comment names the partner

    touched = registry.anonymise_subject(partner)
    assert touched["library.resourceversion"] >= 1
    version = ResourceVersion.objects.get(resource=resource)
    assert version.created_by_id is None
    assert name not in version.authors and "Otra Autora" in version.authors
    assert name not in version.body
    assert Resource.objects.get(pk=resource.pk).created_by_id is None
    assert name not in Review.objects.get(version=version).comment
    assert not ReviewerAppointment.objects.filter(user=partner).exists()
    _ = ALL_MET
