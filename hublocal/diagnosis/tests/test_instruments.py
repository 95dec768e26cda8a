import copy

import pytest
import yaml

from hublocal.diagnosis import instruments, services
from hublocal.diagnosis.models import InstrumentVersion

from .conftest import TINY


def test_every_shipped_instrument_is_valid(settings):
    settings.INSTRUMENTS_DIR = settings.BASE_DIR / "content" / "instruments"
    paths = instruments.discover()
    slugs = {instruments.read_file(p).data["slug"] for p in paths}
    assert {"madurez-digital", "seguridad-publica", "atencion-primaria"} <= slugs
    digital = instruments.parse(instruments.read_file(settings.INSTRUMENTS_DIR / "madurez-digital" / "v1.yaml").data)
    assert 35 <= len(digital.questions) <= 50
    assert len(digital.dimensions) == 6


@pytest.mark.parametrize(
    "mutate, message",
    [
        (
            lambda d: d["dimensions"][0]["questions"].append({"id": "portal", "type": "yesno", "text": "Repetida?"}),
            "repeated",
        ),
        (lambda d: d["dimensions"][0]["questions"][1]["show_if"].update(question="escala"), "earlier question"),
        (
            lambda d: d["dimensions"][0]["questions"][1]["show_if"].update(equals="pdfx", question="formatos"),
            "earlier question",
        ),
        (lambda d: d["dimensions"][1]["questions"][0]["options"][0].pop("score"), "needs a score"),
        (lambda d: d.update(area="deportes"), "deportes"),
        (lambda d: d["dimensions"][1]["questions"][2].update(weight=2), "not scored"),
        (lambda d: d["dimensions"][1]["questions"][1]["number"].update(min=600), "below max"),
    ],
)
def test_invalid_instruments_are_refused_with_a_reason(mutate, message):
    data = copy.deepcopy(TINY)
    mutate(data)
    with pytest.raises(instruments.InstrumentError) as exc:
        instruments.parse(data)
    assert message in str(exc.value)


def test_published_version_is_immutable(content_dir, network):
    assert services.instruments_publish().published == ["prueba v1"]
    changed = copy.deepcopy(TINY)
    changed["title"] = "Otro título"
    (content_dir / "prueba" / "v1.yaml").write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    report = services.instruments_publish()
    assert report.published == [] and "versión nueva" in report.errors[0]
    assert InstrumentVersion.objects.get(slug="prueba", version=1).title == "Instrumento de prueba"
    changed["version"] = 2
    (content_dir / "prueba" / "v2.yaml").write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    assert "prueba v2" in services.instruments_publish().published
    assert InstrumentVersion.objects.filter(slug="prueba").count() == 2


def test_file_must_live_where_its_slug_and_version_say(content_dir):
    (content_dir / "prueba" / "v1.yaml").rename(content_dir / "prueba" / "v3.yaml")
    with pytest.raises(instruments.InstrumentError):
        instruments.read_file(content_dir / "prueba" / "v3.yaml")


def test_unreadable_yaml_is_reported(content_dir):
    (content_dir / "prueba" / "v1.yaml").write_text("slug: [unclosed", encoding="utf-8")
    with pytest.raises(instruments.InstrumentError) as exc:
        instruments.read_file(content_dir / "prueba" / "v1.yaml")
    assert "cannot read" in str(exc.value)
