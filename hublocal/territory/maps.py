"""The map of Chile as a standalone SVG, coloured by typology.

Served as an image (cacheable, outside the page weight) with fills as presentation
attributes, so it needs no inline CSS or script under the site's CSP."""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from .selectors import chile_map_meta, chile_map_shapes

FILLS = {
    "metropolitana": "#0b4f8a",
    "mayor": "#3a7cc2",
    "urbana_mediana": "#7fb0dc",
    "rural_semiurbana": "#2e7d4f",
    "sin_clasificar": "#c9ced6",
}


def _text(x: float, y: float, label: str, size: int = 13) -> str:
    return f'<text x="{x}" y="{y}" font-family="sans-serif" font-size="{size}" fill="#4a5568">{escape(label)}</text>'


def chile_svg(*, highlight: str = "") -> str:
    meta = chile_map_meta()
    width, height = meta["width"], meta["height"]
    # gettext calls stay outside f-strings: xgettext does not see inside them.
    label = escape(_("Mapa de Chile por tipología comunal"))
    title = escape(_("Comunas de Chile coloreadas por tipología"))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="{label}">',
        f"<title>{title}</title>",
        f'<rect width="{width}" height="{height}" fill="#f4f7fb"/>',
    ]
    highlighted = ""
    for shape in chile_map_shapes():
        fill = FILLS.get(shape.typology, FILLS["sin_clasificar"])
        path = (
            f'<path d="{shape.path}" fill="{fill}" stroke="#ffffff" stroke-width="0.5">'
            f"<title>{escape(shape.name)} · {escape(shape.typology_label)}</title></path>"
        )
        if shape.code == highlight:
            highlighted = (
                f'<path d="{shape.path}" fill="#b3261e" stroke="#1a2433" stroke-width="1.5">'
                f"<title>{escape(shape.name)}</title></path>"
            )
        else:
            out.append(path)
    out.append(highlighted)
    labels = {"norte": _("Norte"), "centro": _("Centro"), "sur": _("Sur")}
    for panel in meta["panels"]:
        out.append(_text(panel["x"] + 4, height - 8, str(labels.get(panel["name"], panel["name"])), 16))
    inset = meta.get("santiago_inset")
    if inset:
        out.append(_text(inset["x"], inset["y"] - 8, _("Gran Santiago (ampliado)")))
    for island in meta.get("insets", {}).values():
        out.append(_text(island["x"], island["y"] - 8, island["label"], 11))
    out.append("</svg>")
    return "".join(out)
