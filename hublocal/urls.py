from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from hublocal.core import bench_views, offline_views
from hublocal.core import health as core_health
from hublocal.core import public_views as core_public_views
from hublocal.core import views as core_views

api_v1 = [
    path("", include("hublocal.core.api_urls")),
    path("", include("hublocal.accounts.api_urls")),
    path("", include("hublocal.audit.api_urls")),
    path("", include("hublocal.privacy.api_urls")),
    path("", include("hublocal.territory.api_urls")),
    path("", include("hublocal.directory.api_urls")),
    path("", include("hublocal.diagnosis.api_urls")),
    path("", include("hublocal.solutions.api_urls")),
    path("", include("hublocal.innovation.api_urls")),
    path("", include("hublocal.proposals.api_urls")),
    # Before pilots: the one agreements register answers /api/v1/agreements/.
    path("", include("hublocal.agreements.api_urls")),
    path("", include("hublocal.finance.api_urls")),
    path("", include("hublocal.pilots.api_urls")),
    path("", include("hublocal.search.api_urls")),
    path("", include("hublocal.library.api_urls")),
    path("", include("hublocal.replications.api_urls")),
    path("", include("hublocal.notifications.api_urls")),
    path("", include("hublocal.certificates.api_urls")),
    path("", include("hublocal.training.api_urls")),
    path("", include("hublocal.assistance.api_urls")),
    path("", include("hublocal.articulation.api_urls")),
    path("", include("hublocal.projects.api_urls")),
    path("", include("hublocal.network.api_urls")),
    path("", include("hublocal.ictassets.api_urls")),
    path("", include("hublocal.events.api_urls")),
    path("", include("hublocal.opendata.api_urls")),
    path("", include("hublocal.evaluation.api_urls")),
]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # Readiness for load balancers: database, cache and task queue reachable (core/health.py).
    path("readyz", core_health.readyz, name="readyz"),
    # The framework floor the benchmarks compare every page with (no database, no template).
    path("bench/floor", bench_views.floor, name="bench_floor"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("i18n/setlang/", set_language, name="set_language"),
    # For crawlers: what they may read and the list of public pages (core/public_views.py).
    path("robots.txt", core_public_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", core_public_views.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", core_public_views.sitemap_section, name="sitemap_section"),
    # The installable web app (core/offline_views.py): the worker must sit at the root to control every page.
    path("sw.js", offline_views.service_worker, name="service_worker"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("hublocal.core.urls")),
    path("", include("hublocal.privacy.urls")),
    path("sin-conexion/", offline_views.offline_page, name="offline"),
    path("manifest.webmanifest", offline_views.manifest, name="web_manifest"),
    # The staff audit page, under the back office's address (mounted before accounts' include).
    path("cuenta/gestion/auditoria/", include("hublocal.audit.urls")),
    path("cuenta/exportaciones/", include("hublocal.exports.urls")),
    path("cuenta/", include("hublocal.accounts.urls")),
    path("territorio/", include("hublocal.territory.urls")),
    path("", include("hublocal.directory.urls")),
    path("seguimiento/", include("hublocal.engagement.urls")),
    path("diagnostico/", include("hublocal.diagnosis.urls")),
    path("soluciones/", include("hublocal.solutions.urls")),
    path("innovacion/", include("hublocal.innovation.urls")),
    path("propuestas/", include("hublocal.proposals.urls")),
    path("pilotos/", include("hublocal.pilots.urls")),
    path("convenios/", include("hublocal.agreements.urls")),
    path("formacion/", include("hublocal.training.urls")),
    path("asistencia/", include("hublocal.assistance.urls")),
    path("articulacion/", include("hublocal.articulation.urls")),
    path("proyectos/", include("hublocal.projects.urls")),
    path("finanzas/", include("hublocal.finance.urls")),
    path("activos-tic/", include("hublocal.ictassets.urls")),
    path("indicadores/", include("hublocal.evaluation.urls")),
    # The units map (/red/unidades/) and the roadmap (/hoja-de-ruta/).
    path("", include("hublocal.network.urls")),
    # Events (/eventos/) and awards (/premios/).
    path("", include("hublocal.events.urls")),
    path("certificados/", include("hublocal.certificates.urls")),
    path("avisos/", include("hublocal.notifications.urls")),
    path("buscar/", include("hublocal.search.urls")),
    path("datos/", include("hublocal.opendata.urls")),
    # "Municipios como el mío" and replications sit under the library's address, before it.
    path("biblioteca/", include("hublocal.replications.urls")),
    path("biblioteca/", include("hublocal.library.urls")),
    prefix_default_language=False,
)

handler400 = "hublocal.core.views.bad_request"
handler403 = "hublocal.core.views.permission_denied"
handler404 = "hublocal.core.views.page_not_found"
handler500 = "hublocal.core.views.server_error"
