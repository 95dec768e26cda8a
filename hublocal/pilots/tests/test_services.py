"""Pilot writes: the agreement, locked indicators and their versions, measurements, the close
and the rating. Every refused write leaves the database as it was."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hublocal.audit.models import AuditEvent
from hublocal.engagement.models import Track
from hublocal.innovation.models import Challenge
from hublocal.pilots import services
from hublocal.pilots.models import Indicator, IndicatorVersion, Measurement, Pilot, Rating
from hublocal.pilots.models import PilotAgreement as Agreement
from hublocal.pilots.services import Override
from hublocal.proposals import services as proposals_services
from hublocal.proposals.models import Proposal
from tests.helpers import assert_unchanged, db_state

from . import factories as f

pytestmark = pytest.mark.django_db

SCORES = {
    "calidad_solucion": 4,
    "cumplimiento_plazos": 5,
    "soporte_capacitacion": 3,
    "comunicacion": 4,
    "costo_beneficio": 4,
}


@pytest.fixture
def stgo(network):
    return f.org("municipalidad-santiago")


@pytest.fixture
def valpo(network):
    return f.org("municipalidad-valparaiso")


@pytest.fixture
def datamuni(network):
    return f.org("datamuni-spa")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pdf(size: int = 200, name: str = "convenio firmado.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n" + b"0" * size, content_type="application/pdf")


# --- Agreements -------------------------------------------------------------------------------


def test_agreement_opens_a_planned_pilot_and_is_audited(users, stgo, datamuni):
    agreement = f.agreement(users["santiago"], municipality=stgo, startup_org=datamuni, pilot_title="Piloto OIRS")
    pilot = agreement.pilot
    assert pilot.status == "planned" and pilot.title == "Piloto OIRS"
    assert agreement.startup == datamuni and agreement.municipality == stgo
    actions = set(AuditEvent.objects.filter(actor=users["santiago"]).values_list("action", flat=True))
    assert {"pilots.agreement_create", "pilots.pilot_create"} <= actions


def test_agreement_document_is_stored_under_a_random_name(users, stgo, datamuni, media):
    agreement = f.agreement(users["staff"], municipality=stgo, startup_org=datamuni, document=pdf())
    assert agreement.document_name == "convenio_firmado.pdf"
    assert agreement.document.name.startswith("agreements/")
    assert "convenio" not in agreement.document.name
    assert (media / agreement.document.name).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": f.days_ago(200)}, "ends_on"),
        ({"signed_on": timezone.localdate() + timedelta(days=3)}, "signed_on"),
        ({"value_clp": -1}, "value_clp"),
        ({"title": "  "}, "title"),
        ({"document": SimpleUploadedFile("x.pdf", b"PK\x03\x04 not a pdf")}, "document"),
    ],
)
def test_agreement_bad_input_writes_nothing(users, stgo, datamuni, media, change, field):
    c = f.challenge(stgo)
    p = f.proposal(c, datamuni)
    today = timezone.localdate()
    data = {
        "title": "Convenio",
        "scope": "Alcance",
        "starts_on": today - timedelta(days=10),
        "ends_on": today + timedelta(days=10),
        "value_clp": 0,
        "signed_on": today,
        **change,
    }
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        services.agreement_create(actor=users["staff"], proposal=p, municipality=stgo, **data)
    assert field in exc.value.message_dict
    assert_unchanged(before)
    assert not list(media.rglob("*.pdf"))


def test_agreement_document_over_ten_megabytes_is_refused(users, stgo, datamuni, media):
    big = SimpleUploadedFile("grande.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        f.agreement(users["staff"], municipality=stgo, startup_org=datamuni, document=big)
    assert "10 MB" in exc.value.message_dict["document"][0]


def test_agreement_needs_a_shortlisted_proposal(users, stgo, datamuni):
    c = f.challenge(stgo)
    p = f.proposal(c, datamuni, status="submitted")
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.agreement_create(
            actor=users["staff"],
            proposal=p,
            municipality=stgo,
            title="x",
            scope="y",
            starts_on=today,
            ends_on=today,
            value_clp=0,
            signed_on=today,
        )
    assert "proposal" in exc.value.message_dict
    assert not Agreement.objects.filter(proposal=p).exists()


def _agreement_on(users, proposal, municipality):
    today = timezone.localdate()
    return services.agreement_create(
        actor=users["staff"],
        proposal=proposal,
        municipality=municipality,
        title="Convenio",
        scope="Alcance",
        starts_on=today,
        ends_on=today,
        value_clp=0,
        signed_on=today,
    )


def test_agreement_reads_the_proposals_decision_from_the_locked_row(users, stgo, datamuni):
    # The caller's copy still says shortlisted; the committee changed its mind meanwhile.
    p = f.proposal(f.challenge(stgo), datamuni)
    Proposal.objects.filter(pk=p.pk).update(status="not_selected")
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        _agreement_on(users, p, stgo)
    assert "proposal" in exc.value.message_dict
    assert_unchanged(before)


def test_an_agreement_makes_the_proposals_decision_final(users, stgo, datamuni):
    agreement = f.agreement(users["staff"], municipality=stgo, startup_org=datamuni)
    proposal = Proposal.objects.get(pk=agreement.proposal_id)
    assert proposal.has_agreement
    assert AuditEvent.objects.filter(action="proposals.proposal_mark_contracted", object_id=str(proposal.pk)).exists()
    with pytest.raises(ValidationError):
        proposals_services.proposal_not_select(actor=users["staff"], proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).status == "shortlisted"


def test_agreement_municipality_must_share_the_challenge(users, stgo, valpo, datamuni):
    c = f.challenge(stgo)
    p = f.proposal(c, datamuni)
    today = timezone.localdate()
    kwargs = {"title": "x", "scope": "y", "starts_on": today, "ends_on": today, "value_clp": 0, "signed_on": today}
    with pytest.raises(ValidationError) as exc:
        services.agreement_create(actor=users["staff"], proposal=p, municipality=valpo, **kwargs)
    assert "municipality" in exc.value.message_dict
    shared = f.challenge(stgo, co=[valpo])
    p2 = f.proposal(shared, datamuni)
    agreement = services.agreement_create(actor=users["staff"], proposal=p2, municipality=valpo, **kwargs)
    assert agreement.municipality == valpo
    with pytest.raises(ValidationError):
        services.agreement_create(actor=users["staff"], proposal=p2, municipality=valpo, **kwargs)


# --- Indicators and the lock ------------------------------------------------------------------


def test_indicators_are_edited_freely_while_planned(users, stgo, datamuni):
    pilot = f.agreement(users["santiago"], municipality=stgo, startup_org=datamuni).pilot
    ind = services.indicator_add(actor=users["santiago"], pilot=pilot, data=f.indicator_data())
    services.indicator_update(
        expected_version=None, actor=users["santiago"], indicator=ind, data=f.indicator_data(target=4.0)
    )
    v = IndicatorVersion.objects.get(indicator=ind)
    assert (v.version, v.target) == (1, 4.0)
    other = services.indicator_add(actor=users["santiago"], pilot=pilot, data=f.indicator_data(name="Otro"))
    services.indicator_remove(actor=users["santiago"], indicator=other)
    assert list(pilot.indicators.all()) == [ind]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target": 12.0}, "target"),
        ({"direction": "sideways"}, "direction"),
        ({"name": ""}, "name"),
        ({"baseline": float("nan")}, "baseline"),
        ({"frequency": "daily"}, "frequency"),
    ],
)
def test_indicator_definition_is_validated(users, stgo, datamuni, change, field):
    pilot = f.agreement(users["staff"], municipality=stgo, startup_org=datamuni).pilot
    with pytest.raises(ValidationError) as exc:
        services.indicator_add(actor=users["staff"], pilot=pilot, data=f.indicator_data(**change))
    assert field in exc.value.message_dict
    assert not pilot.indicators.exists()


def test_start_needs_an_indicator(users, stgo, datamuni):
    pilot = f.agreement(users["staff"], municipality=stgo, startup_org=datamuni).pilot
    with pytest.raises(ValidationError):
        services.pilot_start(actor=users["staff"], pilot=pilot)
    assert Pilot.objects.get(pk=pilot.pk).status == "planned"


def test_start_locks_indicators_moves_challenge_and_follows_both_parties(users, stgo, datamuni):
    pilot = f.running_pilot(users["santiago"], municipality=stgo, startup_org=datamuni)
    assert pilot.status == "running" and pilot.indicators_locked_at == pilot.started_at
    assert Challenge.objects.get(pk=pilot.agreement.challenge_id).status == "in_pilot"
    tracks = Track.objects.filter(process="pilots.pilot", subject_key=f"pilot:{pilot.pk}")
    assert set(tracks.values_list("organization_id", flat=True)) == {stgo.pk, datamuni.pk}


def test_locked_indicators_refuse_every_change_but_a_revision(users, stgo, datamuni):
    pilot = f.running_pilot(users["santiago"], municipality=stgo, startup_org=datamuni)
    ind = pilot.indicators.get()
    before = db_state()
    with pytest.raises(ValidationError, match="bloqueados"):
        services.indicator_update(
            expected_version=None, actor=users["santiago"], indicator=ind, data=f.indicator_data(target=1.0)
        )
    with pytest.raises(ValidationError, match="bloqueados"):
        services.indicator_remove(actor=users["santiago"], indicator=ind)
    with pytest.raises(ValidationError, match="bloqueados"):
        services.indicator_add(actor=users["staff"], pilot=pilot, data=f.indicator_data(name="Nuevo"))
    assert_unchanged(before)
    assert IndicatorVersion.objects.get(indicator=ind).target == 5.0


def test_revision_creates_a_justified_version_and_keeps_the_first(users, stgo, datamuni):
    pilot = f.running_pilot(users["santiago"], municipality=stgo, startup_org=datamuni)
    ind = pilot.indicators.get()
    with pytest.raises(ValidationError) as exc:
        services.indicator_revise(
            expected_version=None,
            actor=users["santiago"],
            indicator=ind,
            data=f.indicator_data(target=6.0),
            justification="muy corta",
        )
    assert "justification" in exc.value.message_dict
    reason = "El sistema de registro cambió de proveedor y mide distinto."
    new = services.indicator_revise(
        expected_version=None,
        actor=users["santiago"],
        indicator=ind,
        data=f.indicator_data(target=6.0),
        justification=reason,
    )
    assert (new.version, new.target, new.justification) == (2, 6.0, reason)
    assert Indicator.objects.get(pk=ind.pk).current_version == 2
    assert IndicatorVersion.objects.get(indicator=ind, version=1).target == 5.0
    event = AuditEvent.objects.filter(action="pilots.indicator_revise").latest("id")
    assert event.before["target"] == 5.0 and event.after["target"] == 6.0 and event.after["justification"] == reason
    with pytest.raises(ValidationError, match="igual"):
        services.indicator_revise(
            expected_version=None,
            actor=users["santiago"],
            indicator=ind,
            data=f.indicator_data(target=6.0),
            justification=reason,
        )


def test_revision_only_after_the_start(users, stgo, datamuni):
    pilot = f.agreement(users["staff"], municipality=stgo, startup_org=datamuni).pilot
    ind = services.indicator_add(actor=users["staff"], pilot=pilot, data=f.indicator_data())
    with pytest.raises(ValidationError, match="aún no inicia"):
        services.indicator_revise(
            expected_version=None,
            actor=users["staff"],
            indicator=ind,
            data=f.indicator_data(target=4.0),
            justification="x" * 30,
        )


# --- Measurements -----------------------------------------------------------------------------


def test_measurement_date_rules(users, stgo, datamuni):
    pilot = f.running_pilot(users["santiago"], municipality=stgo, startup_org=datamuni, started_days_ago=30)
    ind = pilot.indicators.get()
    record = services.measurement_record
    m = record(actor=users["startup-a"], indicator=ind, measured_on=f.days_ago(10), value=8)
    assert m.value == 8.0
    before = db_state()
    for day, message in [
        (timezone.localdate() + timedelta(days=1), "futuro"),
        (f.days_ago(45), "anterior al inicio"),
        (f.days_ago(10), "Ya hay una medición"),
    ]:
        with pytest.raises(ValidationError, match=message) as exc:
            record(actor=users["santiago"], indicator=ind, measured_on=day, value=7)
        assert "measured_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        record(actor=users["santiago"], indicator=ind, measured_on=f.days_ago(3), value=float("inf"))
    assert_unchanged(before)


def test_measurements_only_while_running_or_paused(users, stgo, datamuni):
    planned = f.agreement(users["staff"], municipality=stgo, startup_org=datamuni).pilot
    ind = services.indicator_add(actor=users["staff"], pilot=planned, data=f.indicator_data())
    with pytest.raises(ValidationError, match="en curso o pausado"):
        services.measurement_record(actor=users["staff"], indicator=ind, measured_on=f.days_ago(0), value=3)
    pilot = f.running_pilot(users["staff"], municipality=stgo, startup_org=datamuni)
    services.pilot_pause(actor=users["staff"], pilot=pilot)
    m = services.measurement_record(
        actor=users["staff"], indicator=pilot.indicators.get(), measured_on=f.days_ago(1), value=3
    )
    assert m.pk


def test_measurement_by_a_party_counts_as_its_activity(users, stgo, datamuni):
    pilot = f.running_pilot(users["santiago"], municipality=stgo, startup_org=datamuni)
    track = Track.objects.get(subject_key=f"pilot:{pilot.pk}", organization=datamuni)
    services.measurement_record(
        actor=users["startup-a"], indicator=pilot.indicators.get(), measured_on=f.days_ago(1), value=6
    )
    track.refresh_from_db()
    assert track.last_activity_at is not None and track.last_activity_at > pilot.started_at


# --- Finishing --------------------------------------------------------------------------------


def _finish_with(users, stgo, datamuni, specs, values, overrides=None):
    pilot = f.running_pilot(users["santiago"], municipality=stgo, startup_org=datamuni, indicators=specs)
    for ind, value in zip(pilot.indicators.order_by("order"), values, strict=True):
        if value is not None:
            services.measurement_record(actor=users["santiago"], indicator=ind, measured_on=f.days_ago(20), value=10)
            services.measurement_record(actor=users["santiago"], indicator=ind, measured_on=f.days_ago(2), value=value)
    ids = list(pilot.indicators.order_by("order").values_list("pk", flat=True))
    resolved = {ids[i]: o for i, o in (overrides or {}).items()}
    services.pilot_finish(actor=users["santiago"], pilot=pilot, overrides=resolved, summary="Listo.")
    return pilot, list(Indicator.objects.filter(pilot=pilot).order_by("order"))


def test_finish_judges_each_indicator_in_its_direction(users, stgo, datamuni):
    specs = [
        f.indicator_data(name="Baja, cumple", baseline=10, target=5, direction="decrease"),
        f.indicator_data(name="Baja, no cumple", baseline=10, target=5, direction="decrease"),
        f.indicator_data(name="Sube, cumple", baseline=10, target=50, direction="increase"),
        f.indicator_data(name="Sube, no cumple", baseline=10, target=50, direction="increase"),
        f.indicator_data(name="Sin medir", baseline=10, target=50, direction="increase"),
    ]
    pilot, inds = _finish_with(users, stgo, datamuni, specs, [5, 5.5, 50, 49.9, None])
    assert [i.met for i in inds] == [True, False, True, False, False]
    assert [i.final_value for i in inds] == [5, 5.5, 50, 49.9, None]
    pilot.refresh_from_db()
    assert pilot.status == "finished" and pilot.finished_at is not None
    assert Challenge.objects.get(pk=pilot.agreement.challenge_id).status == "finished"
    assert set(Track.objects.filter(subject_key=f"pilot:{pilot.pk}").values_list("status", flat=True)) == {"done"}


def test_finish_override_needs_a_reason_and_is_kept(users, stgo, datamuni):
    specs = [f.indicator_data(baseline=10, target=5, direction="decrease")]
    pilot = f.running_pilot(users["santiago"], municipality=stgo, startup_org=datamuni, indicators=specs)
    ind = pilot.indicators.get()
    services.measurement_record(actor=users["santiago"], indicator=ind, measured_on=f.days_ago(1), value=6)
    before = db_state()
    with pytest.raises(ValidationError):
        services.pilot_finish(actor=users["santiago"], pilot=pilot, overrides={ind.pk: Override(True, "corto")})
    assert_unchanged(before)
    reason = "La última medición incluye un feriado largo; la tendencia cumple."
    services.pilot_finish(actor=users["santiago"], pilot=pilot, overrides={ind.pk: Override(True, reason)})
    ind.refresh_from_db()
    assert (ind.met, ind.met_overridden, ind.judgement_note) == (True, True, reason)


def test_transitions_follow_the_table(users, stgo, datamuni):
    pilot = f.running_pilot(users["staff"], municipality=stgo, startup_org=datamuni)
    with pytest.raises(ValidationError):
        services.pilot_resume(actor=users["staff"], pilot=pilot)
    services.pilot_pause(actor=users["staff"], pilot=pilot)
    with pytest.raises(ValidationError):
        services.pilot_start(actor=users["staff"], pilot=pilot)
    services.pilot_resume(actor=users["staff"], pilot=pilot)
    with pytest.raises(ValidationError):
        services.pilot_cancel(actor=users["staff"], pilot=pilot, reason="no")
    services.pilot_cancel(actor=users["staff"], pilot=pilot, reason="La municipalidad cambió de prioridades.")
    assert Pilot.objects.get(pk=pilot.pk).status == "cancelled"
    assert Challenge.objects.get(pk=pilot.agreement.challenge_id).status == "closed"
    with pytest.raises(ValidationError):
        services.pilot_finish(actor=users["staff"], pilot=pilot)


# --- Rating -----------------------------------------------------------------------------------


@pytest.fixture
def finished(users, stgo, datamuni):
    pilot = f.running_pilot(users["santiago"], municipality=stgo, startup_org=datamuni)
    return services.pilot_finish(actor=users["santiago"], pilot=pilot)


def test_rating_once_by_an_official_of_the_pilots_municipality(users, finished):
    rating = services.rating_submit(actor=users["santiago"], pilot=finished, scores=SCORES, comment="Buen equipo.")
    assert rating.average == 4.0 and rating.rubric_version == 1 and rating.scores == SCORES
    with pytest.raises(ValidationError, match="dos veces"):
        services.rating_submit(actor=users["santiago"], pilot=finished, scores=SCORES)
    assert Rating.objects.filter(pilot=finished).count() == 1


@pytest.mark.parametrize("who", ["staff", "valparaiso", "startup-a", "partner"])
def test_only_the_municipality_rates(users, finished, who):
    with pytest.raises(PermissionDenied):
        services.rating_submit(actor=users[who], pilot=finished, scores=SCORES)
    assert not Rating.objects.filter(pilot=finished).exists()


@pytest.mark.parametrize(
    "scores",
    [
        {**SCORES, "comunicacion": 0},
        {**SCORES, "comunicacion": 6},
        {k: v for k, v in SCORES.items() if k != "costo_beneficio"},
        {**SCORES, "inventado": 3},
        {**SCORES, "calidad_solucion": True},
        {**SCORES, "calidad_solucion": 4.5},
    ],
)
def test_rating_scores_are_1_to_5_on_every_criterion(users, finished, scores):
    with pytest.raises(ValidationError):
        services.rating_submit(actor=users["santiago"], pilot=finished, scores=scores)
    assert not Rating.objects.filter(pilot=finished).exists()


@pytest.mark.parametrize("odd", ["²", "٣", "4.0", " "])
def test_rating_scores_that_are_not_ascii_integers_are_refused_not_crashed(users, finished, odd):
    # str.isdigit() says yes to "²" (on which int() raises: a 500) and to "٣" (another script's
    # digit); a score is written with ASCII digits.
    with pytest.raises(ValidationError) as exc:
        services.rating_submit(actor=users["santiago"], pilot=finished, scores={**SCORES, "comunicacion": odd})
    assert "comunicacion" in exc.value.message_dict
    assert not Rating.objects.filter(pilot=finished).exists()


def test_rating_scores_given_as_digit_strings_are_accepted(users, finished):
    rating = services.rating_submit(
        actor=users["santiago"], pilot=finished, scores={k: f" {v} " for k, v in SCORES.items()}
    )
    assert rating.scores == SCORES


def test_rating_waits_for_the_close(users, stgo, datamuni):
    pilot = f.running_pilot(users["santiago"], municipality=stgo, startup_org=datamuni)
    with pytest.raises(ValidationError, match="finalizado"):
        services.rating_submit(actor=users["santiago"], pilot=pilot, scores=SCORES)


def test_measurement_history_survives_a_refused_duplicate_upload(users, stgo, datamuni):
    """A duplicate date loses to the existing measurement, which keeps its value."""
    pilot = f.running_pilot(users["santiago"], municipality=stgo, startup_org=datamuni)
    ind = pilot.indicators.get()
    services.measurement_record(actor=users["santiago"], indicator=ind, measured_on=f.days_ago(5), value=9)
    with pytest.raises(ValidationError):
        services.measurement_record(actor=users["startup-a"], indicator=ind, measured_on=f.days_ago(5), value=1)
    assert list(Measurement.objects.filter(indicator=ind).values_list("value", flat=True)) == [9.0]
