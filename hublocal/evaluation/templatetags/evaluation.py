from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_label(labels: dict[str, Any], code: str) -> Any:
    """A code in words from a {code: label} map; an unknown code shows as it is."""
    return labels.get(code, code) if isinstance(labels, dict) else code
