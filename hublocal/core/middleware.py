from collections.abc import Callable
from typing import Any

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse

from hublocal.core import critical_css


class SecurityHeadersMiddleware:
    """Headers Django does not set itself. The CSP allows only our own origin: every
    front-end asset is vendored, so nothing legitimate loads from elsewhere. The one inline
    style, base.html's critical CSS, is allowed by its hash (core/critical_css.py): any other
    inline style or script stays refused."""

    CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'{critical}; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        exempt = request.path.startswith("/admin/") or request.path.startswith("/api/v1/docs")
        if not exempt and "Content-Security-Policy" not in response.headers:
            critical = f" {critical_css.current().csp_source}"
            response.headers["Content-Security-Policy"] = self.CSP.format(critical=critical)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        return response


NUL = "\x00"


class RejectNulMiddleware:
    """Keep NUL characters away from the database.

    PostgreSQL cannot store or compare text holding NUL, so a NUL that reaches a query (a
    search box, a path segment, the session cookie) would surface as a 500. No genuine client
    sends one. A cookie holding NUL cannot be one we issued: it is ignored (so this middleware
    goes before SessionMiddleware). A NUL in the path names nothing (404); in the query string
    it is a bad request (400). Both are raised in process_view so the usual error pages (JSON
    under /api/) answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name in [n for n, v in request.COOKIES.items() if NUL in n or NUL in v]:
            del request.COOKIES[name]
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        if NUL in request.path:
            raise Http404
        for key, values in request.GET.lists():
            if NUL in key or any(NUL in v for v in values):
                raise BadRequest("NUL in query string")
