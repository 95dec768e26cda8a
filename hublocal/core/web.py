"""Helpers shared by every app's web views: permission gate and pagination."""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, new_method_proxy

from hublocal.core import registry

logger = logging.getLogger(__name__)


def require(request: HttpRequest, can: Callable[..., bool], action: Any, obj: Any = None) -> None:
    """Raise unless the user may do `action` (on `obj`). Anonymous users are sent to sign in
    (via the exception the view returns); signed-in users get a 403 page."""
    if can(request.user, action, obj):
        return
    if not request.user.is_authenticated:
        raise LoginRequired(request.get_full_path())
    note_denied(request, action, obj)
    raise PermissionDenied


_DENIED_ATTR = "_hublocal_denied"


def note_denied(request: Any, action: Any, obj: Any = None) -> None:
    """Remember which rule refused this request and about what, for the audit trail.

    Nothing is written here: the check may run inside a transaction that the failing request
    rolls back, and a rule may be asked without the request failing (DRF's `|` of permissions).
    LoginRequiredMiddleware records the refusal once the answer is a 403."""
    http_request = getattr(request, "_request", request)  # a DRF Request wraps the HttpRequest
    setattr(http_request, _DENIED_ATTR, (str(getattr(action, "value", action)), obj))


def _record_denial(request: HttpRequest) -> None:
    """A 403 to a signed-in account or token: record it (registry.denial_recorder, the audit
    app). Also for refusals made without `require`/`allow` (a view's own check, CSRF): the
    permission is then ''. A failure to record is logged, not turned into a 500: the request
    is refused either way."""
    if not getattr(getattr(request, "user", None), "is_authenticated", False):
        return
    recorder = registry.denial_recorder()
    if recorder is None:
        return
    permission, obj = getattr(request, _DENIED_ATTR, ("", None))
    try:
        recorder(request=request, permission=permission, obj=obj)
    except Exception:
        logger.exception("Could not record a refused authorisation for %s", request.path)


class LoginRequired(Exception):
    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def add_service_errors(form: Any, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors beside their fields, the
    rest (and errors of fields the form does not have) at the top."""
    errors: dict[str | None, list[str]] = {}
    if hasattr(exc, "error_dict"):
        errors.update(exc.message_dict)
    else:
        errors[None] = exc.messages
    for field, messages in errors.items():
        form.add_error(field if field in form.fields else None, messages)


class _Lazy(SimpleLazyObject):
    # Numbers too (a count given to `{% blocktranslate count %}` goes through `n % 10`).
    __int__ = new_method_proxy(int)
    __float__ = new_method_proxy(float)
    __index__ = new_method_proxy(operator.index)
    __mod__ = new_method_proxy(operator.mod)
    __add__ = new_method_proxy(operator.add)
    __sub__ = new_method_proxy(operator.sub)
    __mul__ = new_method_proxy(operator.mul)
    __truediv__ = new_method_proxy(operator.truediv)
    __le__ = new_method_proxy(operator.le)
    __ge__ = new_method_proxy(operator.ge)


def lazy(compute: Callable[[], Any]) -> Any:
    """A value computed only if a template uses it: lets a fragment cached for anonymous
    visitors (`{% anonymous_cache %}`) skip the queries behind it, e.g.
    `"page_obj": lazy(lambda: paginate(request, qs, 30))`."""
    return _Lazy(compute)


def paginate(request: HttpRequest, queryset: Any, per_page: int = 25, count: int | None = None) -> Page:
    """A page of the queryset; a bad or out-of-range page number gives the last valid page
    rather than an error, since it usually comes from an edited or stale link."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def paginate_in_one_query(request: HttpRequest, queryset: QuerySet[Any], per_page: int = 25) -> Page:
    """Like `paginate`, but the page's rows and the total come from one query (`COUNT(*) OVER ()`
    beside each row) instead of a COUNT and then the page: for lists shown inside another page
    (an organisation's members), where each query counts. A page number past the end (a stale
    link) costs two more queries and gives the last page, as `paginate` does."""
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        number = 1
    counted = queryset.annotate(_page_total=Window(Count("pk")))
    start = (number - 1) * per_page
    rows = list(counted[start : start + per_page])
    paginator = Paginator(queryset, per_page)
    if rows:
        paginator.count = rows[0]._page_total  # cached_property: no COUNT query
        return Page(rows, number, paginator)
    if number == 1:
        paginator.count = 0
        return Page([], 1, paginator)
    return paginator.page(paginator.num_pages)


class LoginRequiredMiddleware:
    """Turns LoginRequired raised by `require` into the sign-in redirect, and has every 403
    answered to a signed-in account recorded in the audit trail (`_record_denial`)."""

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        response = self.get_response(request)
        # Here, outside the view, any transaction the view opened (ATOMIC_REQUESTS too) is over.
        if response.status_code == 403:
            _record_denial(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if isinstance(exception, LoginRequired):
            return redirect_to_login(exception.next_path)
        return None


def posted(request: HttpRequest) -> Any:
    """The form data of a POST, even an empty one, else None: `Form(posted(request))` validates an
    empty POST (and answers 400 with its errors) instead of showing it as a fresh form, which is
    what `request.POST or None` would do."""
    return request.POST if request.method == "POST" else None
