from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "SITE_NAME": "Hub Local",
        "is_hub_staff": bool(getattr(user, "is_authenticated", False) and getattr(user, "is_hub_staff", False)),
        "DEMO_MODE": getattr(settings, "DEMO_MODE", True),
    }
