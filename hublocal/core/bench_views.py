"""The benchmark's "framework floor": the cheapest response the full middleware stack can give.

bench/run.py divides every endpoint's throughput by this view's, so its figures say how far a
page is from what Django itself costs on the same machine in the same run. It touches no
database, template or session, holds no data and is safe to leave public.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
@cache_control(no_store=True)
def floor(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})
