"""Small display helpers of the library's templates."""

from __future__ import annotations

from typing import Any

from django import template

from hublocal.core.areas import Area

register = template.Library()
_AREAS = dict(Area.choices)


@register.filter
def area_label(code: str) -> Any:
    return _AREAS.get(code, code)


@register.filter
def clp(value: Any) -> str:
    """A peso amount with Chilean thousands separators: 12.500.000."""
    if value in (None, ""):
        return ""
    return f"{int(value):,}".replace(",", ".")


@register.filter
def filesize(value: int) -> str:
    if value >= 1024 * 1024:
        return f"{value / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(1, round(value / 1024))} KB"
