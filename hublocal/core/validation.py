"""Small checks that write services share: a text field cleaned and bounded, every field's error
collected before refusing (so a form shows all its problems at once), and a free slug.

Services raise django.core.exceptions.ValidationError with a dict of field → messages; the web
forms and the API turn that into 400 answers a person understands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

MAX_TEXT = 20_000


def clean_text(value: Any, field: str, *, required: bool, maximum: int = MAX_TEXT) -> str:
    """The text stripped, without NUL (PostgreSQL refuses it); an error naming the field when it
    is required and empty or longer than `maximum`."""
    text = str(value or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError({field: [_("Este campo es obligatorio.")]})
    if len(text) > maximum:
        raise ValidationError({field: [_("Máximo %(n)s caracteres.") % {"n": maximum}]})
    return text


def collect(errors: dict[str, list[str]], check: Callable[..., Any]) -> Any:
    """Run one check; on a ValidationError add its messages to `errors` and return None."""
    try:
        return check()
    except ValidationError as exc:
        errors.update(exc.message_dict)
        return None


def unique_slug(model: Any, text: str, exclude: int | None = None, *, fallback: str = "item") -> str:
    """A slug of `text` not used by another row of `model` (-2, -3… appended when taken)."""
    base = slugify(text)[:100] or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=exclude).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
