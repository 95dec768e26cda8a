"""The DCAT-AP catalogue: valid against the vendored DCAT-AP SHACL shapes, harvestable as CKAN's
ckanext-dcat does it, served from its stored serialisation and rebuilt with every version."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

from django.test import Client
from pyshacl import validate
from rdflib import RDF, Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, SH

from hublocal.core import registry
from hublocal.opendata import services
from hublocal.opendata.models import Catalogue

SHAPES = Path(services.__file__).parent / "shapes" / "dcat-ap-shacl.ttl"
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")


def _graph(client: Client, url: str, fmt: str) -> Graph:
    response = client.get(url)
    assert response.status_code == 200
    return Graph().parse(data=response.content.decode(), format=fmt)


def test_catalogue_conforms_to_dcat_ap_shapes_without_warnings(published):
    for url, fmt in (("/datos/catalogo.ttl", "turtle"), ("/datos/catalogo.jsonld", "json-ld")):
        data = _graph(Client(), url, fmt)
        conforms, report, text = validate(data, shacl_graph=str(SHAPES), inference="none")
        assert conforms, text
        # Recommended properties too: the report holds no result at all (no warning either).
        assert not list(report.subjects(RDF.type, SH.ValidationResult)), text


def test_shapes_catch_a_missing_mandatory_property(published):
    data = Graph().parse(data=services.catalogue_text("ttl"), format="turtle")
    dataset = next(data.subjects(RDF.type, DCAT.Dataset))
    data.remove((dataset, DCTERMS.title, None))
    conforms, _report, text = validate(data, shacl_graph=str(SHAPES), inference="none")
    assert not conforms and "title" in text


def test_a_ckan_dcat_harvest_finds_every_registered_dataset(published):
    """What ckanext-dcat's dcat_rdf harvester does: read the catalogue, list its dcat:Dataset
    and fetch every distribution's downloadURL."""
    client = Client()
    data = _graph(client, "/datos/catalogo.jsonld", "json-ld")
    catalogues = list(data.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogues) == 1
    found = {str(data.value(d, DCTERMS.identifier)) for d in data.objects(catalogues[0], DCAT.dataset)}
    assert found == {ds.key for ds in registry.datasets()}
    fetched = 0
    for dataset in data.subjects(RDF.type, DCAT.Dataset):
        assert data.value(dataset, DCTERMS.title) is not None
        assert data.value(dataset, DCTERMS.license) is not None
        assert data.value(dataset, DCAT.contactPoint) is not None
        assert data.value(dataset, DCTERMS.accrualPeriodicity) is not None
        assert data.value(dataset, DCAT.landingPage) is not None
        distributions = list(data.objects(dataset, DCAT.distribution))
        assert distributions
        for dist in distributions:
            url = str(data.value(dist, DCAT.downloadURL))
            media_type = str(data.value(dist, DCAT.mediaType)).rsplit("/media-types/", 1)[1]
            response = client.get(urlsplit(url).path)
            assert response.status_code == 200, url
            assert response["Content-Type"].split(";")[0] == media_type, url
            body = b"".join(response.streaming_content)
            assert len(body) == int(data.value(dist, DCAT.byteSize)), url
            fetched += 1
    assert fetched >= 4 * len(found)  # CSV, JSON, XLSX and the data package each (+ GeoJSON)


def test_catalogue_is_stored_and_rebuilt_with_each_version(published):
    before = Catalogue.objects.get(fmt="ttl").built_at
    services.version_build("pilots.pilots")
    assert Catalogue.objects.get(fmt="ttl").built_at > before
    client = Client()
    start = time.perf_counter()
    for _ in range(5):
        assert client.get("/datos/catalogo.jsonld").status_code == 200
    assert (time.perf_counter() - start) / 5 < 0.5


def test_catalogue_answers_in_one_query(published, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = Client().get("/datos/catalogo.ttl")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/turtle")
