"""The map of who replicated a resource: every Chilean commune, the ones that replicate it
coloured by the status of their replication. Fills are presentation attributes (no inline CSS
under the site's CSP); status is also told by the table beside the map, never by colour alone."""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from .models import Status
from .selectors import ReplicationMap

FILLS = {
    Status.IMPLEMENTED: "#1e6b43",
    Status.IMPLEMENTING: "#1f5fa8",
    Status.PLANNING: "#b7791f",
    Status.ABANDONED: "#7a4b4b",
}
BACKGROUND = "#dde2e8"


def replication_svg(data: ReplicationMap, *, title: str) -> str:
    width, height = data.meta["width"], data.meta["height"]
    labels = dict(Status.choices)
    # gettext calls stay outside f-strings: xgettext does not see inside them.
    svg_title = escape(_("Mapa de Chile: municipios que replican «%(title)s»") % {"title": title})
    desc = escape(
        _("%(n)d comunas coloreadas según el estado de su replicación; la tabla junto al mapa tiene los mismos datos.")
        % {"n": len(data.statuses)}
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="mapa-rep-title mapa-rep-desc" class="map">',
        f'<title id="mapa-rep-title">{svg_title}</title><desc id="mapa-rep-desc">{desc}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        '<g stroke="#ffffff" stroke-width="0.4">',
    ]
    on_top = []
    for shape in data.shapes:
        status = data.statuses.get(shape.code)
        if status is None:
            out.append(f'<path d="{shape.path}" fill="{BACKGROUND}"/>')
            continue
        on_top.append(
            f'<path d="{shape.path}" fill="{FILLS[status]}" stroke="#1a2433" stroke-width="1">'
            f"<title>{escape(shape.name)}: {escape(str(labels[status]))}</title></path>"
        )
    out.append("</g>")
    out.extend(on_top)
    out.append("</svg>")
    return "".join(out)
