"""The migration of pilot agreements into the one agreements model (pilots 0003–0005): from the
previous schema with data, every old row becomes an agreements.Agreement of kind pilot with its
two signed parties and the link to its pilot, and the pilot keeps its agreement."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from hublocal.directory.models import Organization
from hublocal.pilots.tests import factories as f

BEFORE = [("pilots", "0002_row_version")]


def _latest(executor: MigrationExecutor) -> list[tuple[str, str]]:
    executor.loader.build_graph()
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_old_pilot_agreements_become_agreements_of_kind_pilot() -> None:
    today = timezone.localdate()
    # Organisations and the challenge live in apps these migrations do not touch.
    muni = Organization.objects.create(
        kind="municipality", name="Municipalidad de Prueba", search_name="municipalidad de prueba", slug="muni-mig"
    )
    startup = f.startup("Startup Migrada")
    challenge = f.challenge(muni)

    from hublocal.pilots.models import PilotAgreement as Current

    # Rows already in the new schema (the demo's) must survive the way back and forth.
    existing = {
        pa.pk: (pa.title, pa.value_clp, pa.signed_on, pa.pilot.pk)
        for pa in Current.objects.select_related("terms", "pilot").prefetch_related("terms__parties")
    }
    # The finance demo links income to pilot agreements (PROTECT): the way back deletes those
    # agreements, so the income forgets them first (this test is about the pilots' rows).
    from hublocal.finance.models import Income

    Income.objects.filter(agreement__kind="pilot").update(agreement=None)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        OldAgreement = old.get_model("pilots", "Agreement")
        OldPilot = old.get_model("pilots", "Pilot")
        paid = OldAgreement.objects.create(
            challenge_id=challenge.pk,
            municipality_id=muni.pk,
            startup_id=startup.pk,
            title="Convenio OIRS digital",
            scope="Piloto de la OIRS en línea.",
            starts_on=today - timedelta(days=100),
            ends_on=today + timedelta(days=100),
            value_clp=18_000_000,
            signed_on=today - timedelta(days=110),
            document="agreements/2026/abc.pdf",
            document_name="convenio-oirs.pdf",
            is_demo=True,
            row_version=3,
        )
        free = OldAgreement.objects.create(
            challenge_id=challenge.pk,
            municipality_id=muni.pk,
            startup_id=startup.pk,
            title="Convenio sin costo",
            scope="Piloto gratuito, ya terminado.",
            starts_on=today - timedelta(days=400),
            ends_on=today - timedelta(days=40),
            value_clp=0,
            signed_on=today - timedelta(days=410),
        )
        pilot = OldPilot.objects.create(agreement=paid, title="Piloto OIRS", status="running")
        pilot_free = OldPilot.objects.create(agreement=free, title="Piloto gratuito", status="finished")

        executor.loader.build_graph()
        latest = _latest(executor)
        executor.migrate(latest)
        new = executor.loader.project_state(latest).apps
        Agreement = new.get_model("agreements", "Agreement")
        PilotAgreement = new.get_model("pilots", "PilotAgreement")
        Pilot = new.get_model("pilots", "Pilot")

        # The demo's pilot agreements went back and forth too; these two are new.
        assert Agreement.objects.filter(kind="pilot", pilot_agreement__pk__in=[paid.pk, free.pk]).count() == 2
        pa = PilotAgreement.objects.get(pk=paid.pk)  # same id: the pilot's link stays valid
        terms = Agreement.objects.get(pk=pa.terms_id)
        assert (terms.title, terms.object, terms.starts_on, terms.ends_on) == (
            "Convenio OIRS digital",
            "Piloto de la OIRS en línea.",
            today - timedelta(days=100),
            today + timedelta(days=100),
        )
        assert (terms.amount, terms.currency, terms.status, terms.is_public, terms.is_demo) == (
            Decimal("18000000.00"),
            "CLP",
            "in_force",
            True,
            True,
        )
        parties = list(
            terms.parties.order_by("order").values_list("organization_id", "role", "signature_status", "signed_on")
        )
        assert parties == [
            (muni.pk, "principal", "signed", today - timedelta(days=110)),
            (startup.pk, "provider", "signed", today - timedelta(days=110)),
        ]
        assert list(terms.links.values_list("kind", "object_id")) == [("pilots.pilot", pilot.pk)]
        assert (
            pa.challenge_id,
            pa.municipality_id,
            pa.startup_id,
            pa.document.name,
            pa.document_name,
            pa.row_version,
        ) == (
            challenge.pk,
            muni.pk,
            startup.pk,
            "agreements/2026/abc.pdf",
            "convenio-oirs.pdf",
            3,
        )
        assert Pilot.objects.get(pk=pilot.pk).agreement_id == pa.pk

        free_terms = Agreement.objects.get(pilot_agreement__pk=free.pk)
        # No value: no amount and no currency (the register's constraint); past its end: expired.
        assert (free_terms.amount, free_terms.currency, free_terms.status) == (None, "", "expired")
        assert list(free_terms.links.values_list("object_id", flat=True)) == [pilot_free.pk]

        # The sequence follows the copied ids: the next pilot agreement gets a fresh one.
        nxt = PilotAgreement.objects.create(
            terms=Agreement.objects.create(
                kind="pilot", title="Nuevo", object="x", starts_on=today, ends_on=today, status="in_force"
            ),
            challenge_id=challenge.pk,
            municipality_id=muni.pk,
            startup_id=startup.pk,
        )
        assert nxt.pk > max(paid.pk, free.pk)

        again = {}
        for pa in PilotAgreement.objects.filter(pk__in=list(existing)):
            t = Agreement.objects.get(pk=pa.terms_id)
            value = int(t.amount) if t.amount is not None else 0
            signed_on = max(t.parties.values_list("signed_on", flat=True))
            again[pa.pk] = (t.title, value, signed_on, Pilot.objects.get(agreement_id=pa.pk).pk)
        assert again == existing
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(_latest(executor))
