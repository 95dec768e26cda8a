"""Fixtures: a tiny instrument written to a temporary content directory, and a campaign."""

from __future__ import annotations

from datetime import timedelta

import pytest
import yaml
from django.utils import timezone

from hublocal.diagnosis import selectors, services
from hublocal.directory import selectors as directory_selectors

TINY = {
    "slug": "prueba",
    "version": 1,
    "area": "digital",
    "title": "Instrumento de prueba",
    "description": "Un instrumento pequeño para las pruebas.",
    "recommendations": {"a": {"low": "Empiece por lo básico.", "mid": "Consolide.", "high": "Comparta."}},
    "dimensions": [
        {
            "id": "a",
            "title": "Dimensión A",
            "weight": 1,
            "questions": [
                {"id": "portal", "type": "yesno", "text": "¿Tiene portal de datos?"},
                {
                    "id": "formatos",
                    "type": "single",
                    "text": "¿En qué formatos publica?",
                    "show_if": {"question": "portal", "equals": True},
                    "options": [
                        {"id": "pdf", "label": "PDF", "score": 0},
                        {"id": "csv", "label": "CSV", "score": 100},
                    ],
                },
                {"id": "escala", "type": "scale", "text": "¿Qué tan avanzado está?", "weight": 2},
            ],
        },
        {
            "id": "b",
            "title": "Dimensión B",
            "weight": 3,
            "questions": [
                {
                    "id": "canales",
                    "type": "multiple",
                    "text": "¿Qué canales usa?",
                    "options": [
                        {"id": "web", "label": "Web", "score": 60},
                        {"id": "app", "label": "App", "score": 60},
                        {"id": "ninguno", "label": "Ninguno", "score": 0, "exclusive": True},
                    ],
                },
                {
                    "id": "tramites",
                    "type": "number",
                    "text": "¿Cuántos trámites en línea?",
                    "number": {
                        "min": 0,
                        "max": 500,
                        "integer": True,
                        "scoring": [{"upto": 0, "score": 0}, {"upto": 10, "score": 50}, {"score": 100}],
                    },
                },
                {"id": "comentario", "type": "text", "text": "Comentarios generales", "required": False},
            ],
        },
    ],
}


@pytest.fixture
def content_dir(tmp_path, settings):
    settings.INSTRUMENTS_DIR = tmp_path
    (tmp_path / "prueba").mkdir()
    (tmp_path / "prueba" / "v1.yaml").write_text(yaml.safe_dump(TINY, allow_unicode=True), encoding="utf-8")
    return tmp_path


@pytest.fixture
def tiny_version(network, content_dir):
    report = services.instruments_publish()
    assert not report.errors, report.errors
    return selectors.instrument_version_get(slug="prueba", version=1)


@pytest.fixture
def campaign(users, tiny_version):
    orgs = list(directory_selectors.municipalities(codes=["13101", "05101", "13110", "13114", "13123"]))
    now = timezone.now()
    return services.campaign_create(
        actor=users["staff"],
        name="Campaña de prueba",
        instrument_version=tiny_version,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10),
        organizations=orgs,
    )


@pytest.fixture
def participation(campaign):
    return selectors.participation_list(campaign=campaign).get(commune_code="13101")


FULL = {"portal": True, "formatos": "csv", "escala": 5, "canales": ["web", "app"], "tramites": 25}


def answer_all(participation, actor, values=None):
    items = [services.AnswerInput(k, v) for k, v in (values or FULL).items()]
    return services.answers_save(allow_unversioned=True, actor=actor, participation=participation, answers=items)
