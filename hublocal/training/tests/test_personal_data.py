from __future__ import annotations

import pytest

from hublocal.core import registry
from hublocal.training import services
from hublocal.training.models import Application

from . import factories as f

pytestmark = pytest.mark.django_db


def test_export_and_anonymise_application_and_attendance(network):
    cohort = f.cohort(capacity=5)
    session = f.session(cohort)
    user = f.official(name="Rigoberta Quispe")
    a = services.application_apply(actor=user, cohort=cohort, motivation=f.MOTIVATION)
    services.application_decide(actor=None, application=a, accept=True)
    services.attendance_mark(actor=None, session=session, marks={a.pk: "present"})
    declarations = {d.key: d for d in registry.personal_data()}
    exported = declarations["training.application"].export(user)
    assert exported[0]["full_name"].startswith("Rigoberta") and exported[0]["motivation"] == f.MOTIVATION
    assert declarations["training.attendance"].export(user)[0]["status"] == "present"
    registry.anonymise_subject(user)
    a = Application.objects.get(pk=a.pk)
    assert a.user_id is None and "Rigoberta" not in a.full_name and a.motivation == "" and a.anonymised
    # Counts by municipality survive the erasure; the seat is still counted.
    assert a.status == "accepted"
