from django import template
from django.utils.safestring import SafeString, mark_safe

from hublocal.core import critical_css

register = template.Library()


@register.simple_tag
def critical_style() -> SafeString:
    """The <style> element with the critical CSS derived from css/hub.css (core/critical_css.py).
    Its text must be byte for byte the one whose hash the CSP names, hence no whitespace
    around it. The text comes from our own stylesheet, never from a visitor, and
    `extract` refuses a "</" that would end the element."""
    return mark_safe(f"<style>{critical_css.current().css}</style>")
