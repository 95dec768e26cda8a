"""`{% tablewrap %}`: the one wrapper every wide table sits in.

A table wider than a phone scrolls sideways inside its wrapper instead of widening the page.
Keyboard users must be able to scroll it too, so the wrapper is focusable (`tabindex="0"`),
is a named landmark (`role="region"` with `aria-label` or `aria-labelledby`, WCAG 2.1.1 and
axe's "scrollable-region-focusable") and shows the site's focus ring (hub.css). Usage::

    {% load hub_tables %}
    {% tablewrap label=_("Municipios invitados") %}<table>…</table>{% endtablewrap %}
    {% tablewrap labelledby="lines-caption" %}<table><caption id="lines-caption">…{% endtablewrap %}
    {% tablewrap labelledby="mediciones-" iv.pk %}…   (bare values after a key are appended to it)

A wrapper without a name is a template error, found when the template is loaded."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import format_html

register = template.Library()


class TableWrapNode(template.Node):
    def __init__(
        self, nodelist: NodeList, kind: str, value: list[FilterExpression], extra_class: FilterExpression | None
    ):
        self.nodelist = nodelist
        self.kind = kind
        self.value = value
        self.extra_class = extra_class

    def render(self, context: Any) -> str:
        value = "".join(str(part.resolve(context, ignore_failures=True) or "") for part in self.value)
        extra = str(self.extra_class.resolve(context) or "") if self.extra_class else ""
        classes = f"table-wrap {extra}".strip()
        attr = "aria-labelledby" if self.kind == "labelledby" else "aria-label"
        return format_html(
            '<div class="{}" role="region" tabindex="0" {}="{}">{}</div>',
            classes,
            attr,
            value,
            self.nodelist.render(context),
        )


@register.tag("tablewrap")
def tablewrap(parser: Parser, token: Token) -> TableWrapNode:
    bits = token.split_contents()[1:]
    kwargs: dict[str, list[FilterExpression]] = {}
    key = ""
    for bit in bits:
        name, sep, raw = bit.partition("=")
        if sep and name in ("label", "labelledby", "class") and name not in kwargs:
            key = name
            kwargs[key] = [parser.compile_filter(raw)]
        elif not sep and key:
            kwargs[key].append(parser.compile_filter(bit))
        else:
            raise template.TemplateSyntaxError(
                "{% tablewrap %} takes label=… or labelledby=… (and optionally class=…), not " + repr(bit)
            )
    names = [k for k in ("label", "labelledby") if k in kwargs]
    if len(names) != 1:
        raise template.TemplateSyntaxError("{% tablewrap %} needs exactly one of label=… or labelledby=…")
    nodelist = parser.parse(("endtablewrap",))
    parser.delete_first_token()
    extra = kwargs.get("class")
    return TableWrapNode(nodelist, names[0], kwargs[names[0]], extra[0] if extra else None)
