"""{% tablewrap %}: every scrollable table wrapper is focusable, a named region, and made by the
one template tag (so none is forgotten)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError

ROOT = Path(__file__).resolve().parents[2]


def render(source: str, **context: object) -> str:
    return Template("{% load i18n hub_tables %}" + source).render(Context(context))


def test_tablewrap_with_a_label():
    html = render('{% tablewrap label=_("Municipios & comunas") %}<table></table>{% endtablewrap %}')
    assert html == (
        '<div class="table-wrap" role="region" tabindex="0" aria-label="Municipios &amp; comunas"><table></table></div>'
    )


def test_tablewrap_labelled_by_a_caption_with_an_id_built_from_parts():
    html = render(
        '{% tablewrap labelledby="mediciones-" pk class="chart-scroll" %}<table></table>{% endtablewrap %}', pk=7
    )
    assert 'aria-labelledby="mediciones-7"' in html and 'class="table-wrap chart-scroll"' in html
    assert 'tabindex="0"' in html and 'role="region"' in html


def test_tablewrap_label_from_a_variable_is_escaped():
    html = render("{% tablewrap label=name %}x{% endtablewrap %}", name='<b>"x"</b>')
    assert 'aria-label="&lt;b&gt;&quot;x&quot;&lt;/b&gt;"' in html


@pytest.mark.parametrize(
    "source",
    [
        "{% tablewrap %}x{% endtablewrap %}",
        '{% tablewrap label="a" labelledby="b" %}x{% endtablewrap %}',
        '{% tablewrap "a" %}x{% endtablewrap %}',
        '{% tablewrap titulo="a" %}x{% endtablewrap %}',
    ],
)
def test_a_wrapper_without_exactly_one_name_is_a_template_error(source):
    with pytest.raises(TemplateSyntaxError):
        render(source)


def test_every_table_wrapper_uses_the_tag():
    hand_made = []
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        if re.search(r'class="table-wrap', path.read_text(encoding="utf-8")):
            hand_made.append(str(path.relative_to(ROOT)))
    assert not hand_made, f"use {{% tablewrap %}} instead of a hand-made wrapper: {hand_made}"
