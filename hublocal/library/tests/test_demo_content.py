"""The library's demo content (content/library/demo/resources.yaml) and its generated files.

No database: the YAML is checked against the codes the platform really has (areas, typologies,
instrument dimensions, demo organisations, municipality slugs), and every file format is built and
read back the way the library's extractor reads it, so a search for a word that only appears inside
an attachment can find it."""

import csv
import datetime
import io
import json
import re
import time
import unicodedata
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pypdf
import pytest
import yaml
from django.conf import settings
from django.utils.text import slugify

from hublocal.core.areas import Area
from hublocal.core.spanish import analyze, is_concept, normalize_word
from hublocal.core.text import fold
from hublocal.directory.demo import ORGANIZATIONS
from hublocal.library.demo_files import FORMATS, build_file
from hublocal.territory.models import Typology

ROOT = Path(settings.BASE_DIR)
DEMO_FILE = ROOT / "content" / "library" / "demo" / "resources.yaml"
INSTRUMENTS = ROOT / "content" / "instruments"
DPA = ROOT / "hublocal" / "territory" / "data" / "dpa2023.json"

KINDS = {
    "applied_study",
    "territorial_diagnosis",
    "sectoral_report",
    "comparative_analysis",
    "management_protocol",
    "replicable_model",
    "good_practice",
    "tool_template",
    "policy_brief",
}
LICENCES = {"CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC0-1.0", "all-rights-reserved"}
LANGUAGES = {"es", "pt", "en"}
COUNTRIES = {"CL", "UY", "BR", "PY", "AR", "PE", "CO", "MX"}
WITH_EVIDENCE = {"good_practice", "replicable_model"}
REQUIRED = [
    "slug",
    "kind",
    "title",
    "summary",
    "body",
    "areas",
    "typologies",
    "countries",
    "language",
    "licence",
    "published_on",
    "organizations",
    "authors",
    "dimensions",
    "tags",
]
MODEL_KEYS = {"problem", "context", "steps", "resources", "prerequisites", "risks", "indicators", "contacts"}

# One word per attachment that appears nowhere else in the YAML: the demo of "found by a word that
# appears only inside the PDF" depends on it, for every format.
DISTINCTIVE = {
    "protocolo-consejo-comunal-seguridad": "quórum",
    "auditoria-luminica-barrios": "fotometría",
    "modelo-mediacion-vecinal": "sociodrama",
    "diagnostico-seguridad-rural-araucania": "abigeato",
    "estudio-percepcion-inseguridad-paraderos": "marquesinas",
    "buena-practica-alarmas-comunitarias-rurales": "perifoneo",
    "informe-sectorial-inspectores-municipales": "videograbadoras",
    "modelo-observatorio-delictual-comunal": "kernel",
    "boa-pratica-guarda-municipal-comunitaria": "videomonitoramento",
    "modelo-agenda-aps-recordatorios": "reagendamiento",
    "estudio-retencion-medicos-aps-rurales": "desarraigo",
    "buena-practica-rondas-rurales-telemedicina": "teledermatología",
    "protocolo-gestion-lista-espera-aps": "triaje",
    "diagnostico-red-postas-coquimbo": "autoclave",
    "reporte-sectorial-financiamiento-per-capita": "deflactor",
    "buena-practica-consejo-desarrollo-local-salud": "kamishibai",
    "boa-pratica-agentes-comunitarios-saude": "microárea",
    "modelo-induccion-funcionarios-municipales": "padrinazgo",
    "protocolo-concursos-publicos-merito": "psicolaboral",
    "estudio-clima-laboral-municipios": "despersonalización",
    "plantilla-plan-capacitacion-anual": "microcredenciales",
    "buena-practica-jornada-flexible-valdivia": "lactancia",
    "informe-sectorial-dotacion-plantas-municipales": "encasillamiento",
    "analisis-comparado-evaluacion-desempeno": "calibración",
    "buena-practica-formacion-innovacion-rural-cerro-largo": "mateadas",
    "modelo-punto-limpio-itinerante": "cartuchos",
    "buena-practica-compostaje-domiciliario": "bocashi",
    "diagnostico-hidrico-secano-coquimbo": "atrapanieblas",
    "protocolo-gestion-riesgo-incendios-interfaz": "desbroce",
    "plantilla-plan-accion-climatica": "escorrentía",
    "analisis-comparado-ordenanzas-ambientales": "decibeles",
    "reporte-sectorial-reciclaje-ley-rep": "enfardadora",
    "boa-pratica-coleta-seletiva-cooperativas": "catadores",
    "estudio-arbolado-urbano-islas-calor": "dendrometría",
    "modelo-avisos-proactivos-beneficios": "preaviso",
    "protocolo-respuesta-incidentes-ciberseguridad": "exfiltración",
    "plantilla-inventario-activos-ti": "hipervisor",
    "diagnostico-conectividad-rural-los-rios": "radioenlace",
    "comparative-analysis-digital-government-indices": "scorecard",
    "plantilla-ficha-datos-abiertos": "pseudonimización",
    "buena-practica-patentes-en-linea-antofagasta": "autoliquidación",
    "boa-pratica-balcao-virtual-santana-do-livramento": "revezam",
    "estudo-comparado-consorcios-intermunicipais": "contabilidade",
}


def _load() -> list[dict]:
    return yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))


def _plain(value: str) -> str:
    """Lower case without accents, the way a Spanish unaccented search configuration sees text."""
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(value: str) -> set[str]:
    return set(re.findall(r"\w+", _plain(value)))


def _dimensions() -> set[tuple[str, str]]:
    found = set()
    for path in INSTRUMENTS.glob("*/v*.yaml"):
        instrument = yaml.safe_load(path.read_text(encoding="utf-8"))
        found |= {(instrument["area"], d["id"]) for d in instrument["dimensions"]}
    return found


def _organization_slugs() -> set[str]:
    # Municipality organisations are named by directory.services.municipality_organizations_sync.
    communes = json.loads(DPA.read_text(encoding="utf-8"))["communes"]
    municipalities = {f"municipalidad-{slugify(fold(c['name']))}" for c in communes}
    return {row[0] for row in ORGANIZATIONS} | municipalities


def test_yaml_has_enough_entries_with_unique_slugs():
    entries = _load()
    assert len(entries) >= 40
    slugs = [e["slug"] for e in entries]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)


def test_every_entry_has_valid_fields():
    dimensions = _dimensions()
    organizations = _organization_slugs()
    areas, typologies = set(Area.values), set(Typology.values) - {Typology.SIN_CLASIFICAR}
    for entry in _load():
        slug = entry["slug"]
        assert not [k for k in REQUIRED if k not in entry], slug
        assert entry["kind"] in KINDS, slug
        assert entry["title"].strip() and entry["summary"].strip(), slug
        assert 150 <= len(entry["body"].split()) <= 400, (slug, len(entry["body"].split()))
        assert entry["areas"] and set(entry["areas"]) <= areas, slug
        assert set(entry["typologies"]) <= typologies, slug
        assert entry["countries"] and set(entry["countries"]) <= COUNTRIES, slug
        assert entry["language"] in LANGUAGES, slug
        assert entry["licence"] in LICENCES, slug
        assert isinstance(entry["published_on"], datetime.date), slug
        assert datetime.date(2023, 1, 1) <= entry["published_on"] <= datetime.date(2026, 12, 31), slug
        assert set(entry["organizations"]) <= organizations, (slug, set(entry["organizations"]) - organizations)
        assert entry["authors"] and all(a.strip() for a in entry["authors"]), slug
        pairs = {tuple(d) for d in entry["dimensions"]}
        assert pairs and pairs <= dimensions, (slug, pairs - dimensions)
        assert {area for area, _dim in pairs} <= set(entry["areas"]), slug
        assert entry["tags"], slug
        if entry["kind"] in WITH_EVIDENCE:
            evidence = entry["evidence"]
            assert evidence["level"] in {1, 2, 3, 4}, slug
            assert len(evidence["justification"]) >= 80, slug
        else:
            assert "evidence" not in entry, slug
        assert ("model" in entry) == (entry["kind"] == "replicable_model"), slug


def test_coverage_of_kinds_areas_languages_and_formats():
    entries = _load()
    kinds = [e["kind"] for e in entries]
    assert set(kinds) == KINDS
    assert kinds.count("replicable_model") >= 5
    assert kinds.count("good_practice") >= 8
    per_area = {area: sum(area in e["areas"] for e in entries) for area in Area.values}
    assert min(per_area.values()) >= 8, per_area
    languages = [e["language"] for e in entries]
    assert 4 <= languages.count("pt") <= 5
    assert languages.count("en") <= 1
    files = [e["file"] for e in entries if "file" in e]
    assert len(files) >= 30
    assert {f["format"] for f in files} == set(FORMATS)
    assert all(f["name"].endswith("." + f["format"]) for f in files)
    assert len({f["name"] for f in files}) == len(files)


def test_replicable_models_are_complete():
    typologies = set(Typology.values)
    for entry in _load():
        if entry["kind"] != "replicable_model":
            continue
        model = entry["model"]
        assert set(model) == MODEL_KEYS, entry["slug"]
        assert model["problem"].strip()
        context = model["context"]
        assert set(context["typologies"]) <= typologies
        assert 0 < context["population_min"] < context["population_max"]
        assert context["budget"].strip()
        resources = model["resources"]
        assert 0 < resources["cost_min_clp"] <= resources["cost_max_clp"]
        assert resources["staff"].strip() and resources["months"] > 0
        for key in ("steps", "prerequisites", "risks", "indicators", "contacts"):
            assert model[key] and all(str(item).strip() for item in model[key]), (entry["slug"], key)
        assert len(model["steps"]) >= 3


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


def test_distinctive_words_live_only_in_their_file():
    entries = {e["slug"]: e for e in _load()}
    with_file = {slug for slug, e in entries.items() if "file" in e}
    assert set(DISTINCTIVE) == with_file
    for slug, word in DISTINCTIVE.items():
        text = entries[slug]["file"]["text"]
        assert _plain(word) in _words(text), slug
        # A word the analyser turns into a concept (synonyms, acronyms) would match other resources.
        assert not any(is_concept(term) for term in analyze(word)), (slug, word)
        elsewhere: set[str] = set()
        for other in entries.values():
            values = dict(other)
            if other["slug"] == slug:
                values["file"] = {k: v for k, v in other["file"].items() if k != "text"}
            for value in _strings(values):
                elsewhere |= _words(value)
        # Search stems words (core.spanish), so no word elsewhere may share the stem, nor even its
        # first seven letters (a margin for other analysers, e.g. PostgreSQL's Snowball).
        prefix, stem = _plain(word)[:7], normalize_word(_plain(word))
        assert not {w for w in elsewhere if w.startswith(prefix) or normalize_word(w) == stem}, (slug, word)


def _text_of(fmt: str, data: bytes) -> str:
    if fmt == "pdf":
        reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
        return "\n".join(page.extract_text() for page in reader.pages)
    if fmt in {"docx", "odt"}:
        member = "word/document.xml" if fmt == "docx" else "content.xml"
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None
            # Our own generated bytes, not an upload: the standard parser is fine here.
            root = ElementTree.fromstring(archive.read(member))  # noqa: S314
        return " ".join(root.itertext())
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            " ".join(str(v) for v in row if v is not None) for ws in workbook for row in ws.iter_rows(values_only=True)
        )
    return "\n".join(" ".join(row) for row in csv.reader(io.StringIO(data.decode("utf-8"))))


@pytest.mark.parametrize("fmt", FORMATS)
def test_build_file_text_reads_back(fmt):
    title = "Guía de prueba: ñandúes y acción (2025)"
    text = (
        "Primer párrafo con georreferenciación y «comillas» & <etiquetas>.\n\n"
        "Segundo párrafo: hidroponía.\n\nCampo | Valor\nMeta | 5"
    )
    data = build_file(fmt, title, text)
    assert data == build_file(fmt, title, text)
    read = _text_of(fmt, data)
    for word in ("ñandúes", "georreferenciación", "hidroponía", "<etiquetas>", "Valor"):
        assert word in read, (fmt, word)


def test_long_pdf_spans_several_valid_pages():
    text = "\n\n".join(f"Párrafo {i}: la tarifa de aseo se calcula por predio y zona. " * 6 for i in range(40))
    reader = pypdf.PdfReader(io.BytesIO(build_file("pdf", "Documento largo", text)), strict=True)
    assert len(reader.pages) >= 3
    assert "Párrafo 39" in reader.pages[-1].extract_text()
    assert reader.metadata.title == "Documento largo"


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        build_file("exe", "x", "y")


def test_every_demo_file_is_built_quickly_and_contains_its_word():
    entries = [e for e in _load() if "file" in e]
    started = time.perf_counter()
    built = [(e, build_file(e["file"]["format"], e["title"], e["file"]["text"])) for e in entries]
    elapsed = time.perf_counter() - started
    assert elapsed < 3, elapsed
    for entry, data in built:
        read = _plain(_text_of(entry["file"]["format"], data))
        assert _plain(DISTINCTIVE[entry["slug"]]) in read, entry["slug"]
