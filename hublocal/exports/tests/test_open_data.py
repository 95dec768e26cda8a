"""Open datasets are files built by the task queue and served from storage (issue 16, item 3)."""

from __future__ import annotations

import dataclasses
import gzip
import json
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks, safe_text
from hublocal.diagnosis import exports as diagnosis_exports
from hublocal.diagnosis import selectors as diagnosis_selectors
from hublocal.exports import selectors, services, tasks
from hublocal.exports.models import OpenDataset

KEY = diagnosis_exports.OPEN_DATASET
CSV_URL = reverse("diagnosis:open_scores", kwargs={"fmt": "csv"})


@pytest.fixture(autouse=True)
def _no_dataset_state(db):
    """Start from no built file and no queued build (loading the demo queued some)."""
    OpenDataset.objects.all().delete()


@pytest.fixture
def sample(db, monkeypatch):
    """A registered dataset whose content the test controls."""
    content = {"rows": [["a", "b"], ["1", "=2"]]}
    ds = registry.Dataset(
        key="tests.sample",
        slug="muestra",
        title="Muestra",
        description="Datos de prueba",
        formats=("csv", "json"),
        build=lambda fmt, variant: (
            csv_chunks(content["rows"]) if fmt == "csv" else iter([json.dumps(content["rows"])])
        ),
    )
    monkeypatch.setitem(registry._DATASETS, ds.key, ds)
    return content


@pytest.fixture
def queued(monkeypatch):
    """Record the builds the services queue instead of running them (Huey runs tasks immediately
    in tests, which would hide whether the request itself computed the file)."""
    calls: list[tuple[str, Any]] = []
    monkeypatch.setattr(tasks.dataset_build_task, "schedule", lambda args, delay: calls.append((args[0], delay)))
    monkeypatch.setattr(tasks, "dataset_build_task", _Recorder(calls, tasks.dataset_build_task))
    return calls


class _Recorder:
    def __init__(self, calls: list, task: Any) -> None:
        self.calls = calls
        self.schedule = task.schedule

    def __call__(self, key: str) -> None:
        self.calls.append((key, 0))


def test_not_built_yet_answers_503_with_retry_after_and_queues_one_build(
    client_for, network, queued, monkeypatch, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    def boom(fmt: str, variant: str) -> Any:
        raise AssertionError("the request must never build the file")

    monkeypatch.setitem(registry._DATASETS, KEY, dataclasses.replace(registry.dataset(KEY), build=boom))
    client = client_for(None)
    # The very first request also creates the dataset's row (get_or_create: 5 queries).
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(8):
        response = client.get(CSV_URL)
    assert response.status_code == 503
    assert response["Retry-After"].isdigit() and int(response["Retry-After"]) > 0
    assert "se está preparando" in response.content.decode()
    # A second visitor while the build is queued does not queue another one.
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(4):
        assert client.get(CSV_URL).status_code == 503
    assert queued == [(KEY, 0)]


def test_built_file_is_served_with_validators_length_and_gzip(client_for, network):
    services.dataset_build(KEY)
    client = client_for(None)
    response = client.get(CSV_URL)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(body)
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    assert response["Content-Disposition"] == 'attachment; filename="puntajes-diagnostico.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"
    # The client's copy is current: 304, no body.
    again = client.get(CSV_URL, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    # A client that accepts gzip gets the compressed copy, stored beside the file.
    packed = client.get(CSV_URL, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    raw = b"".join(packed.streaming_content)
    assert int(packed["Content-Length"]) == len(raw) < len(body) and gzip.decompress(raw) == body


def test_served_csv_is_byte_identical_to_the_former_export(client_for, network):
    """The files (and the faster reading behind them) change nothing in the content: the bytes
    are those of the former implementation, which read every result with its campaign and
    instrument (select_related) and streamed the CSV in the request."""

    def former_rows(campaign_id: int | None = None) -> Any:
        yield diagnosis_exports.OPEN_COLUMNS
        for r in diagnosis_selectors.public_results(campaign_id=campaign_id).iterator(chunk_size=500):
            rec = {
                "campaign_id": r.campaign_id,
                "campaign": r.campaign.name,
                "demo": r.campaign.is_demo,
                "instrument": r.instrument_version.slug,
                "instrument_version": r.instrument_version.version,
                "commune_code": r.commune_code,
                "commune_name": r.commune_name,
                "region_code": r.region_code,
                "typology": r.typology,
                "overall": r.overall,
                "level": r.level,
                "dimensions": dict(r.dimensions or {}),
                "computed_at": r.computed_at.isoformat(timespec="seconds") if r.computed_at else None,
            }
            yield [
                json.dumps(rec[c], ensure_ascii=False, sort_keys=True)
                if c == "dimensions"
                else ("1" if rec[c] else "0")
                if c == "demo"
                else safe_text(rec[c])
                if isinstance(rec[c], str)
                else rec[c]
                for c in diagnosis_exports.OPEN_COLUMNS
            ]

    before = "".join(csv_chunks(former_rows())).encode("utf-8")
    assert before.count(b"\n") > 1, "the demo has published scores"
    services.dataset_build(KEY)
    client = client_for(None)
    assert b"".join(client.get(CSV_URL).streaming_content) == before
    campaign_id = diagnosis_selectors.public_campaign_ids()[0]
    one = b"".join(client.get(CSV_URL, {"campana": campaign_id}).streaming_content)
    assert one == "".join(csv_chunks(former_rows(campaign_id))).encode("utf-8")
    json_url = reverse("diagnosis:open_scores", kwargs={"fmt": "json"})
    data = json.loads(b"".join(client.get(json_url).streaming_content))
    assert data["count"] == before.count(b"\n") - 1


def test_a_change_regenerates_the_files_once_committed(sample, settings, django_capture_on_commit_callbacks):
    settings.EXPORTS_DEBOUNCE_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.dataset_changed("tests.sample")
    first = selectors.dataset_state("tests.sample").file("csv")
    assert first is not None and default_storage.exists(first.name)
    assert default_storage.open(first.name).read().decode("utf-8-sig") == "a,b\r\n1,'=2\r\n"

    sample["rows"].append(["3", "4"])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.dataset_changed("tests.sample")
    state = selectors.dataset_state("tests.sample")
    second = state.file("csv")
    assert second is not None and second.name != first.name and second.etag != first.etag
    assert default_storage.open(second.name).read().decode("utf-8-sig").endswith("3,4\r\n")
    assert state.file("json") is not None and not state.stale
    # The generation before stays for downloads in flight; the next build removes it.
    assert default_storage.exists(first.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.dataset_build("tests.sample")
    assert not default_storage.exists(first.name) and default_storage.exists(second.name)


def test_a_rolled_back_change_queues_nothing(sample, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.dataset_changed("tests.sample")
        raise RuntimeError
    assert queued == []


def test_changes_coalesce_into_one_debounced_build(sample, queued, settings, django_capture_on_commit_callbacks):
    settings.EXPORTS_DEBOUNCE_SECONDS = 30
    for _i in range(5):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            services.dataset_changed("tests.sample")
    assert queued == [("tests.sample", 30)]
    assert OpenDataset.objects.get(key="tests.sample").stale_since is not None
    # The build clears the flag first: a change during or after it queues the next build.
    services.dataset_build("tests.sample")
    assert not selectors.dataset_state("tests.sample").stale
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.dataset_changed("tests.sample")
    assert len(queued) == 2


def test_submitting_a_diagnosis_marks_the_open_scores_for_rebuild(users, queued, django_capture_on_commit_callbacks):
    from hublocal.diagnosis.models import Participation

    p = Participation.objects.filter(status="submitted", campaign__results_public=True).first()
    assert p is not None
    services.dataset_build(KEY)
    from hublocal.diagnosis import services as diagnosis_services

    with django_capture_on_commit_callbacks(execute=True):
        diagnosis_services.result_compute(participation=p)
    assert queued and queued[0][0] == KEY
    assert selectors.dataset_state(KEY).stale


def test_pilots_open_data_served_from_files(client_for, network, queued, django_capture_on_commit_callbacks):
    url = reverse("pilots:open_data", args=["pilotos"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(None).get(url).status_code == 503
    assert queued == [("pilots.pilots", 0)]
    services.dataset_build("pilots.pilots")
    response = client_for(None).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pilotos.csv"'
    assert b"".join(response.streaming_content).decode("utf-8-sig").startswith("piloto_id,titulo,estado")


def test_refresh_builds_missing_datasets_and_registry_is_descriptive(network):
    built = services.datasets_refresh()
    assert set(built) >= {KEY, "pilots.pilots", "pilots.indicators"}
    assert services.datasets_refresh() == []  # nothing stale any more
    for ds in registry.datasets():
        assert ds.title and ds.description and ds.licence and ds.formats and ds.update_frequency
        state = selectors.dataset_state(ds.key)
        assert all(state.file(fmt) is not None for fmt in ds.formats)


def test_a_missing_file_is_rebuilt_not_a_500(client_for, network, queued, django_capture_on_commit_callbacks):
    services.dataset_build(KEY)
    stored = selectors.dataset_state(KEY).file("csv")
    default_storage.delete(stored.name)
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(None).get(CSV_URL).status_code == 503
    assert queued == [(KEY, 0)]


def test_build_open_data_command(network):
    from io import StringIO

    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Unknown dataset"):
        call_command("build_open_data", "no.such")
    out = StringIO()
    call_command("build_open_data", KEY, stdout=out)
    assert out.getvalue().startswith(f"{KEY}: ")
    assert selectors.dataset_state(KEY).file("json") is not None


def test_offload_to_the_front_server_or_the_storage_url(client_for, network, settings):
    services.dataset_build(KEY)
    stored = selectors.dataset_state(KEY).file("csv")
    settings.EXPORTS_OFFLOAD = "accel"
    settings.EXPORTS_ACCEL_PREFIX = "/_protected/"
    # A public file keeps its bytes, marked public: the front's proxy_cache (deploy/nginx.conf)
    # serves the next downloads without asking the workers (nginx does not cache an X-Accel answer).
    response = client_for(None).get(CSV_URL, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and "X-Accel-Redirect" not in response
    assert response["Cache-Control"].startswith("public") and response["ETag"] == stored.etag
    assert response["Content-Encoding"] == "gzip"
    assert b"".join(response.streaming_content) == default_storage.open(stored.gz_name).read()
    # A private file (only its owner may fetch it) is handed to the front by X-Accel-Redirect.
    from django.test import RequestFactory

    from hublocal.core.exports import file_response

    private = file_response(RequestFactory().get("/x", HTTP_ACCEPT_ENCODING="gzip"), stored, public=False)
    assert private.content == b"" and private["X-Accel-Redirect"] == f"/_protected/{stored.gz_name}"
    assert private["Content-Encoding"] == "gzip" and private["Cache-Control"].startswith("private")
    settings.EXPORTS_OFFLOAD = "redirect"
    response = client_for(None).get(CSV_URL)
    assert response.status_code == 302 and response["Location"] == default_storage.url(stored.name)
