"""Staff exports of responses and scores, and the public open-data aggregate."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hublocal.core.csvexport import BOM
from hublocal.diagnosis import exports, selectors
from hublocal.diagnosis.instruments import parse
from hublocal.exports import services as exports_services

from .test_reports import CODES, FREE_TEXT, INSTRUMENT, build_campaign, publish_instrument

QUESTION_IDS = [q["id"] for d in INSTRUMENT["dimensions"] for q in d["questions"]]
# Santiago says it has no data portal: its two conditional questions are not shown.
OVERRIDES = {"13101": {"d_portal": False}, "13202": {"d_portal": True, "s_canales": ["web", "app"]}}


@pytest.fixture
def version(network, settings, tmp_path):
    return publish_instrument(settings, tmp_path)


@pytest.fixture
def campaign(users, version):
    return build_campaign(users, version, CODES, overrides=OVERRIDES)


@pytest.fixture
def private_campaign(users, version):
    return build_campaign(users, version, CODES, public=False, name="Campaña privada", seed=5)


def get_csv(response: Any) -> tuple[str, list[dict[str, str]], list[str]]:
    raw = b"".join(response.streaming_content).decode("utf-8")
    reader = csv.reader(io.StringIO(raw.removeprefix(BOM)))
    header = next(reader)
    return raw, [dict(zip(header, row, strict=True)) for row in reader], header


def responses_url(campaign: Any, fmt: str = "csv") -> str:
    return reverse("diagnosis:export_responses", kwargs={"pk": campaign.pk, "fmt": fmt})


def test_responses_csv_one_row_per_municipality_one_column_per_question(client_for, campaign):
    response = client_for("staff").get(responses_url(campaign))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw, rows, header = get_csv(response)
    assert raw.startswith(BOM)
    assert header == exports.FIXED_COLUMNS + QUESTION_IDS
    assert sorted(r["commune_code"] for r in rows) == sorted(CODES)
    by_code = {r["commune_code"]: r for r in rows}
    santiago = by_code["13101"]
    assert santiago["d_portal"] == "no"
    # Hidden by its condition: "N/A", not an empty cell.
    assert santiago["d_formatos"] == exports.NOT_APPLICABLE and santiago["d_conjuntos"] == exports.NOT_APPLICABLE
    assert santiago["status"] == "submitted" and santiago["submitted_at"]
    other = by_code["13202"]
    assert other["d_formatos"] not in ("", exports.NOT_APPLICABLE)
    assert other["s_canales"] == "web|app"
    assert santiago["g_plan"] in {"no", "parcial", "si"}
    assert int(santiago["g_escala"]) in range(1, 6)
    # Free text is in the staff export (and only there).
    assert FREE_TEXT in raw


def test_responses_csv_with_labels(client_for, campaign):
    _raw, rows, _header = get_csv(client_for("analista").get(responses_url(campaign), {"labels": "1"}))
    by_code = {r["commune_code"]: r for r in rows}
    assert by_code["13101"]["d_portal"] == "No"
    assert by_code["13202"]["s_canales"] == "Sitio web|Aplicación"
    assert by_code["13101"]["g_plan"] in {"No", "En preparación", "Sí, aprobado"}
    assert by_code["13101"]["status"] == "Enviado"
    assert by_code["13101"]["d_formatos"] == exports.NOT_APPLICABLE


def test_unanswered_question_is_an_empty_cell(client_for, users, version):
    campaign = build_campaign(users, version, CODES, submit=False, overrides={"13101": {"d_comentario": None}})
    _raw, rows, _header = get_csv(client_for("staff").get(responses_url(campaign)))
    santiago = next(r for r in rows if r["commune_code"] == "13101")
    assert santiago["d_comentario"] == "" and santiago["status"] == "in_progress" and santiago["submitted_at"] == ""


def test_formula_like_free_text_is_neutralised():
    q = parse(INSTRUMENT).question("d_comentario")
    assert exports.answer_cell(q, "=HYPERLINK(1)", visible=True, labels=False) == "'=HYPERLINK(1)"
    assert exports.answer_cell(q, "normal", visible=True, labels=False) == "normal"


def test_data_dictionary_csv(client_for, campaign):
    response = client_for("staff").get(responses_url(campaign), {"diccionario": "1"})
    _raw, rows, header = get_csv(response)
    assert header == ["column", "dimension", "type", "text", "condition", "code", "label"]
    options = {(r["column"], r["code"]): r["label"] for r in rows if r["code"]}
    assert options[("s_canales", "app")] == "Aplicación"
    assert options[("d_portal", "si")] == "Sí"
    assert options[("*", "N/A")].startswith("No aplica")
    conditional = next(r for r in rows if r["column"] == "d_formatos" and r["type"])
    assert conditional["condition"] == "d_portal in [true]"


def test_responses_xlsx_has_answers_and_dictionary(client_for, campaign):
    response = client_for("staff").get(responses_url(campaign, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    assert wb.sheetnames == ["respuestas", "diccionario"]
    rows = list(wb["respuestas"].iter_rows(values_only=True))
    assert list(rows[0]) == exports.FIXED_COLUMNS + QUESTION_IDS
    assert len(rows) == 1 + len(CODES)
    santiago = dict(zip(rows[0], next(r for r in rows[1:] if r[0] == "13101"), strict=True))
    assert santiago["d_formatos"] == exports.NOT_APPLICABLE
    assert isinstance(santiago["g_escala"], int)
    dictionary = list(wb["diccionario"].iter_rows(values_only=True))
    assert any(r[0] == "g_plan" and r[5] == "parcial" and r[6] == "En preparación" for r in dictionary)


@pytest.mark.parametrize("username", [None, "santiago", "valparaiso", "startup-a", "partner"])
def test_exports_are_for_hub_staff_only(client_for, campaign, username):
    client = client_for(username)
    urls = [
        responses_url(campaign, "csv"),
        responses_url(campaign, "xlsx"),
        reverse("diagnosis:export_scores", kwargs={"pk": campaign.pk}),
    ]
    for url in urls:
        response = client.get(url)
        if username is None:
            assert response.status_code == 302 and "next=" in response["Location"], url
        else:
            assert response.status_code == 403, url


def test_export_unknown_format_or_campaign_is_404(client_for, campaign):
    staff = client_for("staff")
    assert staff.get(responses_url(campaign, "pdf")).status_code == 404
    assert staff.get(reverse("diagnosis:export_responses", kwargs={"pk": 999999, "fmt": "csv"})).status_code == 404
    assert staff.get(reverse("diagnosis:export_scores", kwargs={"pk": 999999})).status_code == 404


def test_scores_csv(client_for, campaign):
    raw, rows, header = get_csv(client_for("staff").get(reverse("diagnosis:export_scores", kwargs={"pk": campaign.pk})))
    assert raw.startswith(BOM)
    assert header == exports.SCORE_COLUMNS + ["gobernanza", "datos", "servicios"]
    assert len(rows) == len(CODES)
    santiago = next(r for r in rows if r["commune_code"] == "13101")
    result = selectors.result_of(
        participation=selectors.participation_list(campaign=campaign).get(commune_code="13101")
    )
    assert float(santiago["overall"]) == result.overall and int(santiago["level"]) == result.level
    assert float(santiago["gobernanza"]) == result.dimensions["gobernanza"]
    assert FREE_TEXT not in raw


def open_url(fmt: str) -> str:
    return reverse("diagnosis:open_scores", kwargs={"fmt": fmt})


def test_open_scores_json_only_published_and_never_answers(client_for, campaign, private_campaign):
    exports_services.dataset_build(exports.OPEN_DATASET)  # what the task queue does (hublocal/exports)
    response = client_for(None).get(open_url("json"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    body = b"".join(response.streaming_content).decode()
    data = json.loads(body)
    assert data["count"] == len(data["results"])
    campaigns = {r["campaign_id"] for r in data["results"]}
    assert campaign.pk in campaigns and private_campaign.pk not in campaigns
    ours = [r for r in data["results"] if r["campaign_id"] == campaign.pk]
    assert len(ours) == len(CODES)
    assert set(ours[0]) == set(exports.OPEN_COLUMNS)
    assert ours[0]["instrument"] == INSTRUMENT["slug"] and ours[0]["instrument_version"] == 1
    assert set(ours[0]["dimensions"]) <= {"gobernanza", "datos", "servicios"}
    assert FREE_TEXT not in body and "d_comentario" not in body
    one = json.loads(b"".join(client_for(None).get(open_url("json"), {"campana": campaign.pk}).streaming_content))
    assert one["count"] == len(CODES)
    hidden = json.loads(
        b"".join(client_for(None).get(open_url("json"), {"campana": private_campaign.pk}).streaming_content)
    )
    assert hidden == {"count": 0, "results": []}


def test_open_scores_csv(client_for, campaign, private_campaign):
    exports_services.dataset_build(exports.OPEN_DATASET)
    raw, rows, header = get_csv(client_for("startup-a").get(open_url("csv")))
    assert header == exports.OPEN_COLUMNS
    assert {r["campaign_id"] for r in rows} >= {str(campaign.pk)}
    assert str(private_campaign.pk) not in {r["campaign_id"] for r in rows}
    assert FREE_TEXT not in raw
    ours = [r for r in rows if r["campaign_id"] == str(campaign.pk)]
    assert set(json.loads(ours[0]["dimensions"])) <= {"gobernanza", "datos", "servicios"}
    assert client_for(None).get(open_url("xml")).status_code == 404
