"""The inbox (/avisos/): one's own notices, mark one or all read."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hublocal.core import registry
from hublocal.core.web import paginate, require

from . import selectors, services
from .permissions import Action, can

PER_PAGE = 20


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_INBOX)
    unread_only = request.GET.get("filtro") == "no-leidos"
    page = paginate(request, selectors.inbox_for(user=request.user, unread_only=unread_only), PER_PAGE)
    rows = [(n, registry.notification_kind_label(n.kind)) for n in page.object_list]
    return render(
        request,
        "notifications/inbox.html",
        {
            "page_obj": page,
            "rows": rows,
            "unread_only": unread_only,
            "unread": selectors.unread_count(user=request.user),
        },
    )


def _own(request: HttpRequest, pk: int) -> object:
    notification = selectors.notification_get(pk=pk)
    # Someone else's notice is reported as missing: its existence is theirs.
    if notification is None or (request.user.is_authenticated and notification.user_id != request.user.pk):
        raise Http404
    require(request, can, Action.MARK_READ, notification)
    return notification


@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.VIEW_INBOX)
    notification = _own(request, pk)
    services.notification_mark_read(actor=request.user, notification=notification)  # type: ignore[arg-type]
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_INBOX)
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("%(n)s avisos marcados como leídos.") % {"n": count})
    return redirect("notifications:inbox")
