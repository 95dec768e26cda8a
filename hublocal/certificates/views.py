"""Certificate pages: public verification (a code typed or scanned from the QR), the credential
and the hub's public key as JSON, the holder's own certificates and PDFs, the staff register and
revocation."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hublocal.core.page_cache import anonymous_page
from hublocal.core.web import add_service_errors, paginate, posted, require

from . import codes, selectors, services, signing
from .forms import RevokeForm, VerifyForm
from .permissions import Action, can

PER_PAGE = 25


def _facts(certificate: Any) -> dict[str, Any]:
    """Only the certificate's own facts: what a verifier needs, nothing about the account."""
    return {
        "c": certificate,
        "code": codes.display(certificate.code),
        "holder": None if certificate.holder_erased else certificate.holder_name,
    }


@anonymous_page("certificates")
@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VERIFY)
    form = VerifyForm(request.GET if "codigo" in request.GET else None)
    if form.is_bound and form.is_valid():
        code = codes.normalise(form.cleaned_data["codigo"])
        if codes.is_valid(code):
            return redirect("certificates:verify", code=code)
        form.add_error(
            "codigo",
            _("El código tiene %(n)s caracteres: letras y números (no se usan 0, O, 1 ni I).") % {"n": codes.LENGTH},
        )
    status = 400 if form.is_bound else 200
    return render(request, "certificates/verify_form.html", {"form": form}, status=status)


@anonymous_page("certificates")
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    require(request, can, Action.VERIFY)
    normal = codes.normalise(code)
    if normal != code and codes.is_valid(normal):
        # A hand-typed address (lower case, with the dash): the one canonical page.
        return redirect("certificates:verify", code=normal, permanent=True)
    certificate = selectors.certificate_by_code(normal)
    if certificate is None:
        context = {"typed": code[:40], "malformed": not codes.is_valid(normal), "form": VerifyForm()}
        return render(request, "certificates/verify_unknown.html", context, status=404)
    return render(request, "certificates/verify.html", _facts(certificate))


@anonymous_page("certificates")
@require_GET
def credential(request: HttpRequest, code: str) -> HttpResponse:
    """The signed Open Badges 3.0 credential as issued (revocation is checked through its
    credentialStatus, as Verifiable Credentials do)."""
    require(request, can, Action.VERIFY)
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        return JsonResponse({"detail": _("No existe un certificado con ese código.")}, status=404)
    body = json.dumps(certificate.credential, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/vc+ld+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="credencial-{certificate.code}.json"'
    return response


@anonymous_page("certificates")
@require_GET
def public_key(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VERIFY)
    response = JsonResponse(signing.public_key_document(), json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_OWN)
    page = paginate(request, selectors.certificates_of_user(request.user), PER_PAGE)
    return render(request, "certificates/mine.html", {"page_obj": page})


def _certificate_or_404(code: str) -> Any:
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        raise Http404
    return certificate


@require_GET
def pdf(request: HttpRequest, code: str) -> HttpResponse:
    certificate = _certificate_or_404(code)
    require(request, can, Action.DOWNLOAD_PDF, certificate)
    if not certificate.pdf:
        response = render(
            request,
            "certificates/pdf_pending.html",
            {"c": certificate, "erased": certificate.holder_erased},
            status=404 if certificate.holder_erased else 503,
        )
        if not certificate.holder_erased:
            response["Retry-After"] = "10"
        return response
    try:
        handle = certificate.pdf.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=f"certificado-{certificate.code}.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def certificate_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_LIST)
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    status = request.GET.get("estado", "")
    status = status if status in selectors.STATUSES else ""
    sources = selectors.certificate_sources()
    source = request.GET.get("origen", "")
    source = source if source in sources else ""
    page = paginate(request, selectors.certificate_list(q=q, status=status, source=source), PER_PAGE)
    return render(
        request,
        "certificates/list.html",
        {
            "page_obj": page,
            "q": q,
            "status": status,
            "source": source,
            "sources": sources,
            "can_revoke": can(request.user, Action.REVOKE),
        },
    )


@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, code: str) -> HttpResponse:
    certificate = _certificate_or_404(code)
    require(request, can, Action.REVOKE, certificate)
    form = RevokeForm(posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if certificate.revoked_at is not None:
            form.add_error(None, _("Este certificado ya fue revocado."))
        elif form.is_valid():
            try:
                services.certificate_revoke(
                    actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Certificado %(c)s revocado.") % {"c": codes.display(certificate.code)})
                return redirect("certificates:verify", code=certificate.code)
    return render(request, "certificates/revoke.html", {**_facts(certificate), "form": form}, status=status)
