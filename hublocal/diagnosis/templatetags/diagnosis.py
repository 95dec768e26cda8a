from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def answer_label(value: Any, question: Any) -> str:
    """A stored answer as a person reads it (option labels instead of ids)."""
    if value is None:
        return "—"
    if question.type == "single":
        opt = question.option(value)
        return opt.label if opt else str(value)
    if question.type == "multiple":
        return ", ".join(question.option(v).label for v in value if question.option(v))
    if question.type == "yesno":
        return "Sí" if value else "No"
    return str(value)
