from __future__ import annotations

from hublocal.engagement import selectors, services

from .conftest import PROCESS, SUBJECT, day


def test_funnel_counts_every_status_in_one_query(
    santiago, valparaiso, concepcion, open_track, django_assert_num_queries
):
    for org in (santiago, valparaiso, concepcion):
        open_track(org)
    services.track_activity(
        process=PROCESS, subject_key=SUBJECT, organization=valparaiso, status="confirmed", at=day(1)
    )
    services.track_done(process=PROCESS, subject_key=SUBJECT, organization=concepcion, at=day(2))
    services.escalate_due(now=day(7))
    with django_assert_num_queries(1):
        counts = selectors.funnel(process=PROCESS, subject_key=SUBJECT)
    assert counts == {"invited": 0, "confirmed": 1, "in_progress": 0, "done": 1, "silent": 1}
    assert list(counts) == ["invited", "confirmed", "in_progress", "done", "silent"]


def test_track_list_preloads_organization_and_commune(santiago, valparaiso, open_track, django_assert_num_queries):
    open_track(santiago)
    open_track(valparaiso)
    open_track(santiago, subject_key="campaign:99")
    with django_assert_num_queries(1):
        tracks = list(selectors.track_list(process=PROCESS, subject_key=SUBJECT))
        names = {t.organization.commune.name for t in tracks}
    assert names == {"Santiago", "Valparaíso"}


def test_track_list_orders_most_escalated_first(santiago, valparaiso, open_track):
    open_track(santiago)
    open_track(valparaiso, at=day(5))
    services.escalate_due(now=day(8))
    first, second = selectors.track_list(process=PROCESS, subject_key=SUBJECT)
    assert first.organization_id == santiago.pk and first.escalation_level == 1
    assert list(selectors.track_list(process=PROCESS, subject_key=SUBJECT, status="silent")) == [first]


def test_process_list_and_get(santiago, valparaiso, open_track):
    open_track(santiago)
    open_track(valparaiso)
    open_track(santiago, subject_key="campaign:13")
    rows = {(r["process"], r["subject_key"]): r for r in selectors.process_list()}
    assert rows[(PROCESS, SUBJECT)]["total"] == 2
    assert rows[(PROCESS, SUBJECT)]["process_label"] == "Diagnóstico de madurez digital 2026"
    assert selectors.process_get(process=PROCESS, subject_key="campaign:13")["total"] == 1
    assert selectors.process_get(process=PROCESS, subject_key="nada") is None


def test_message_list_filters_newest_first(santiago, valparaiso, open_track, django_assert_num_queries):
    open_track(santiago)
    open_track(valparaiso, subject_key="campaign:13")
    services.escalate_due(now=day(7))
    services.escalate_due(now=day(14))
    with django_assert_num_queries(1):
        msgs = list(selectors.message_list(process=PROCESS))
        orgs = [m.track.organization.name for m in msgs]
    assert len(orgs) == 4
    assert [m.sent_at for m in msgs] == sorted((m.sent_at for m in msgs), reverse=True)
    assert {m.track.subject_key for m in selectors.message_list(subject_key=SUBJECT)} == {SUBJECT}
    assert {m.track.organization_id for m in selectors.message_list(organization_id=valparaiso.pk)} == {valparaiso.pk}


def test_track_get(santiago, open_track):
    track = open_track(santiago)
    assert selectors.track_get(process=PROCESS, subject_key=SUBJECT, organization_id=santiago.pk) == track
    assert selectors.track_get(process=PROCESS, subject_key="x", organization_id=santiago.pk) is None
