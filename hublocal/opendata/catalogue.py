"""The portal as a DCAT-AP catalogue (rdflib graph), for harvesters such as CKAN's ckanext-dcat and
datos.gob.cl. Built from the registry and the latest versions (services.catalogue_build), never
per request. The vendored SHACL shapes (shapes/dcat-ap-shacl.ttl) check it in the test suite."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from .selectors import THEME_BASE, Entry

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANGUAGE_SPA = URIRef("http://publications.europa.eu/resource/authority/language/SPA")
EU_THEMES = URIRef("http://publications.europa.eu/resource/authority/data-theme")
IANA = "https://www.iana.org/assignments/media-types/"
AGENT_TYPE = URIRef("http://purl.org/adms/publishertype/NationalAuthority")
FILE_TYPES = {"csv": "CSV", "json": "JSON", "xlsx": "XLSX", "geojson": "GEOJSON", "datapackage": "JSON"}
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "datapackage": "application/json",
}
FRICTIONLESS = URIRef("https://specs.frictionlessdata.io/data-package/")


def _url(path: str) -> URIRef:
    return URIRef(str(getattr(settings, "SITE_URL", "")).rstrip("/") + path)


def catalogue_uri() -> URIRef:
    return _url(reverse("opendata:portal") + "#catalogo")


def dataset_uri(slug: str) -> URIRef:
    return _url(reverse("opendata:dataset", kwargs={"slug": slug}) + "#conjunto")


def download_url(slug: str, fmt: str) -> URIRef:
    if fmt == "datapackage":
        return _url(reverse("opendata:datapackage", kwargs={"slug": slug}))
    return _url(reverse("opendata:download", kwargs={"slug": slug, "fmt": fmt}))


def _publisher(g: Graph, name: str) -> URIRef:
    agent = _url(reverse("opendata:portal") + "#publicador")
    g.add((agent, RDF.type, FOAF.Agent))
    g.add((agent, FOAF.name, Literal(name, lang="es")))
    g.add((agent, DCTERMS.type, AGENT_TYPE))
    return agent


def _contact(g: Graph, name: str) -> BNode:
    contact = BNode()
    g.add((contact, RDF.type, VCARD.Kind))  # the class DCAT-AP names; Organization says which kind
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(name, lang="es")))
    email = getattr(settings, "HUB_CONTACT_EMAIL", "")
    if email:
        g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    return contact


def _distribution(g: Graph, entry: Entry, fmt: str, data: dict[str, Any], licence: URIRef) -> URIRef:
    ds = entry.dataset
    url = download_url(ds.slug, fmt)
    dist = url
    g.add((dist, RDF.type, DCAT.Distribution))
    label = "Data Package (Frictionless)" if fmt == "datapackage" else fmt.upper()
    g.add((dist, DCTERMS.title, Literal(f"{ds.title} ({label})", lang="es")))
    g.add((dist, DCTERMS.description, Literal(_("Archivo %(f)s del conjunto.") % {"f": label}, lang="es")))
    g.add((dist, DCAT.accessURL, url))
    g.add((dist, DCAT.downloadURL, url))
    g.add((dist, DCAT.mediaType, URIRef(IANA + MEDIA_TYPES[fmt])))
    g.add((dist, DCTERMS["format"], URIRef(EU_FILE_TYPE + FILE_TYPES[fmt])))
    g.add((dist, DCAT.byteSize, Literal(int(data["size"]), datatype=XSD.nonNegativeInteger)))
    g.add((dist, DCTERMS.license, licence))
    g.add((dist, DCTERMS.modified, Literal(data["modified"], datatype=XSD.dateTime)))
    if fmt == "datapackage":
        g.add((dist, DCTERMS.conformsTo, FRICTIONLESS))
    return dist


def graph(entries: list[Entry]) -> Graph:
    """dcat:Catalog with every registered dataset; a dataset without a published version still
    appears (title, description...) without distributions, so harvesters see the whole register."""
    g = Graph()
    g.bind("dcat", DCAT)
    g.bind("dct", DCTERMS)
    g.bind("foaf", FOAF)
    g.bind("vcard", VCARD)
    hub = str(_("Hub Nacional de Gobierno Local"))
    cat = catalogue_uri()
    publisher = _publisher(g, hub)
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, Literal(str(_("Datos abiertos del Hub Nacional de Gobierno Local")), lang="es")))
    g.add(
        (
            cat,
            DCTERMS.description,
            Literal(
                str(
                    _(
                        "Conjuntos de datos abiertos del Hub: diagnóstico municipal, pilotos, convenios, "
                        "biblioteca, replicaciones y territorio, bajo licencia CC BY 4.0."
                    )
                ),
                lang="es",
            ),
        )
    )
    g.add((cat, DCTERMS.publisher, publisher))
    g.add((cat, FOAF.homepage, _url(reverse("opendata:portal"))))
    g.add((cat, DCTERMS.language, EU_LANGUAGE_SPA))
    g.add((cat, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    g.add((cat, DCAT.themeTaxonomy, EU_THEMES))
    g.add((cat, DCTERMS.modified, Literal(timezone.now().isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    for entry in entries:
        ds = entry.dataset
        node = dataset_uri(ds.slug)
        licence = URIRef(ds.licence_url.replace("/deed.es", "/"))
        g.add((cat, DCAT.dataset, node))
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.identifier, Literal(ds.key)))
        g.add((node, DCTERMS.title, Literal(str(ds.title), lang="es")))
        g.add((node, DCTERMS.description, Literal(str(ds.description), lang="es")))
        for word in ds.keywords:
            g.add((node, DCAT.keyword, Literal(word, lang="es")))
        g.add((node, DCAT.theme, URIRef(THEME_BASE + ds.theme)))
        g.add((node, DCTERMS.license, licence))
        g.add((node, DCTERMS.language, EU_LANGUAGE_SPA))
        if ds.temporal_start or ds.temporal_end:
            period = BNode()
            g.add((period, RDF.type, DCTERMS.PeriodOfTime))
            if ds.temporal_start:
                g.add((period, DCAT.startDate, Literal(ds.temporal_start, datatype=XSD.date)))
            if ds.temporal_end:
                g.add((period, DCAT.endDate, Literal(ds.temporal_end, datatype=XSD.date)))
            g.add((node, DCTERMS.temporal, period))
        if ds.spatial_uri:
            g.add((node, DCTERMS.spatial, URIRef(ds.spatial_uri)))
        g.add((node, DCTERMS.accrualPeriodicity, URIRef(EU_FREQUENCY + ds.accrual_periodicity)))
        g.add((node, DCAT.contactPoint, _contact(g, hub)))
        g.add((node, DCTERMS.publisher, publisher))
        g.add((node, DCAT.landingPage, _url(reverse("opendata:dataset", kwargs={"slug": ds.slug}))))
        if entry.version is not None:
            g.add((node, DCTERMS.modified, Literal(entry.version.built_at.isoformat(), datatype=XSD.dateTime)))
            for fmt, data in entry.version.files.items():
                g.add((node, DCAT.distribution, _distribution(g, entry, fmt, data, licence)))
    return g
