"""The network map: every Chilean commune, the ones taking part coloured by AMUCH membership
status or international-network membership. Same approach as the replications map: fills are
presentation attributes (no inline CSS under the site's CSP) and the table beside the map says
everything the colours say."""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors

FILLS = {
    selectors.MAP_ACTIVE: "#1e6b43",
    selectors.MAP_SUSPENDED: "#b7791f",
    selectors.MAP_FORMER: "#7a4b4b",
    selectors.MAP_NETWORK: "#1f5fa8",
}
LABELS = {
    selectors.MAP_ACTIVE: gettext_lazy("Socia activa de AMUCH"),
    selectors.MAP_SUSPENDED: gettext_lazy("Socia suspendida"),
    selectors.MAP_FORMER: gettext_lazy("Ex socia"),
    selectors.MAP_NETWORK: gettext_lazy("En una red internacional"),
}
BACKGROUND = "#dde2e8"


def network_svg(data: selectors.NetworkMap) -> str:
    width, height = data.meta["width"], data.meta["height"]
    # gettext calls stay outside f-strings: xgettext does not see inside them.
    svg_title = escape(_("Mapa de Chile: municipios de la red"))
    desc = escape(
        _(
            "%(n)d comunas coloreadas según su membresía en AMUCH o en redes internacionales; "
            "la tabla tiene los mismos datos."
        )
        % {"n": len(data.statuses)}
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="mapa-red-title mapa-red-desc" class="map">',
        f'<title id="mapa-red-title">{svg_title}</title><desc id="mapa-red-desc">{desc}</desc>',
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
            f"<title>{escape(shape.name)}: {escape(str(LABELS[status]))}</title></path>"
        )
    out.append("</g>")
    out.extend(on_top)
    out.append("</svg>")
    return "".join(out)
