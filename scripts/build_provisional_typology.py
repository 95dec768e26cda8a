#!/usr/bin/env python
"""Write Hub Local's PROVISIONAL typology of the 345 Chilean communes.

There is no official classification file on hand yet, so this encodes a transparent
heuristic by hand (the method, its sources and its known weak spots are explained in
hublocal/territory/data/README.md). When the hub receives the official file, import that
one with `manage.py import_typology` and stop using this one.

    python scripts/build_provisional_typology.py          # writes the CSV
    python scripts/build_provisional_typology.py --check  # fails if the CSV is stale

Standard library only; reads hublocal/territory/data/dpa2023.json and writes
hublocal/territory/data/tipologia_provisional.csv (columns codigo,tipologia).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "hublocal" / "territory" / "data"
OUT = DATA / "tipologia_provisional.csv"

# 1. metropolitana: the communes of the three metropolitan conurbations.
# Gran Santiago in its strict, most cited sense: the 32 communes of Provincia de Santiago
# (131xx) plus Puente Alto and San Bernardo. Peripheral communes whose towns only partly
# touch the continuous urban area (Padre Hurtado, Colina, Lampa, Calera de Tango, Pirque...)
# are left out on purpose and classified below like any other commune.
GRAN_SANTIAGO_EXTRA = {"13201": "Puente Alto", "13401": "San Bernardo"}
GRAN_VALPARAISO = {
    "05101": "Valparaíso",
    "05109": "Viña del Mar",
    "05103": "Concón",
    "05801": "Quilpué",
    "05804": "Villa Alemana",
}
GRAN_CONCEPCION = {
    "08101": "Concepción",
    "08110": "Talcahuano",
    "08112": "Hualpén",
    "08108": "San Pedro de la Paz",
    "08103": "Chiguayante",
    "08107": "Penco",
    "08102": "Coronel",
}

# 2. mayor: the other regional capitals, plus the large non-metropolitan cities comparable
# to them in size, plus communes that form one city with a regional capital.
REGIONAL_CAPITALS = {
    "15101": "Arica",
    "01101": "Iquique",
    "02101": "Antofagasta",
    "03101": "Copiapó",
    "04101": "La Serena",
    "06101": "Rancagua",
    "07101": "Talca",
    "16101": "Chillán",
    "09101": "Temuco",
    "14101": "Valdivia",
    "10101": "Puerto Montt",
    "11101": "Coihaique",
    "12101": "Punta Arenas",
}
LARGE_CITIES = {
    "02201": "Calama",
    "07301": "Curicó",
    "08301": "Los Angeles",  # spelled without accent in the DPA 2023
    "10301": "Osorno",
}
CONURBATED_WITH_CAPITAL = {
    "01107": "Alto Hospicio",  # Iquique – Alto Hospicio
    "04102": "Coquimbo",  # La Serena – Coquimbo
    "09112": "Padre Las Casas",  # Temuco – Padre Las Casas
}

# 3. urbana_mediana: provincial capitals not classified above (except the very small
# ones listed in SMALL_PROVINCIAL_CAPITALS), plus mid-size, mostly urban communes and
# communes that form one urban area with a metropolitan or "mayor" city.
# fmt: off
PROVINCIAL_CAPITALS = {  # province code -> capital commune
    "011": "01101", "014": "01401",
    "021": "02101", "022": "02201", "023": "02301",
    "031": "03101", "032": "03201", "033": "03301",
    "041": "04102", "042": "04201", "043": "04301",  # Elqui's capital is Coquimbo, not La Serena
    "051": "05101", "052": "05201", "053": "05301", "054": "05401",
    "055": "05501", "056": "05601", "057": "05701", "058": "05801",
    "061": "06101", "062": "06201", "063": "06301",
    "071": "07101", "072": "07201", "073": "07301", "074": "07401",
    "081": "08101", "082": "08201", "083": "08301",
    "091": "09101", "092": "09201",
    "101": "10101", "102": "10201", "103": "10301", "104": "10401",
    "111": "11101", "112": "11201", "113": "11301", "114": "11401",
    "121": "12101", "122": "12201", "123": "12301", "124": "12401",
    "131": "13101", "132": "13201", "133": "13301", "134": "13401", "135": "13501", "136": "13601",
    "141": "14101", "142": "14201",
    "151": "15101", "152": "15201",
    "161": "16102", "162": "16201", "163": "16301",  # Diguillín's capital is Bulnes, not Chillán
}
# fmt: on
# Provincial capitals that are towns of a few thousand people: classified as rural/semiurbana.
SMALL_PROVINCIAL_CAPITALS = {
    "15201": "Putre",
    "05201": "Isla de Pascua",
    "10401": "Chaitén",
    "11301": "Cochrane",
    "11401": "Chile Chico",
    "12201": "Cabo de Hornos",
    "12301": "Porvenir",
}
MID_SIZE_URBAN = {
    # Región Metropolitana, outside the strict Gran Santiago
    "13302": "Lampa",
    "13402": "Buin",
    "13404": "Paine",
    "13604": "Padre Hurtado",
    "13605": "Peñaflor",
    # Valparaíso
    "05502": "Calera",
    "05802": "Limache",
    # O'Higgins
    "06108": "Machalí",  # one urban area with Rancagua
    "06115": "Rengo",
    "06117": "San Vicente",
    # Maule
    "07102": "Constitución",
    "07105": "Maule",  # one urban area with Talca
    "07304": "Molina",
    "07404": "Parral",
    "07406": "San Javier",
    # Ñuble
    "16103": "Chillán Viejo",  # one urban area with Chillán
    # Biobío
    "08106": "Lota",
    "08111": "Tomé",
    # La Araucanía
    "09120": "Villarrica",
    # Los Lagos
    "10109": "Puerto Varas",
    "10202": "Ancud",
}

METROPOLITANA = "metropolitana"
MAYOR = "mayor"
URBANA_MEDIANA = "urbana_mediana"
RURAL_SEMIURBANA = "rural_semiurbana"


def classify(communes: dict[str, dict]) -> dict[str, str]:
    """Map every commune code to a typology, checking that each listed code and name
    matches the DPA so a typo cannot silently misclassify a commune."""
    provinces = {c["province"] for c in communes.values()}
    missing = provinces - PROVINCIAL_CAPITALS.keys()
    if missing:
        raise SystemExit(f"provinces without a capital in PROVINCIAL_CAPITALS: {sorted(missing)}")
    for prov, code in PROVINCIAL_CAPITALS.items():
        if communes[code]["province"] != prov:
            raise SystemExit(f"capital {code} is not in province {prov}")
    named_lists = [
        GRAN_SANTIAGO_EXTRA,
        GRAN_VALPARAISO,
        GRAN_CONCEPCION,
        REGIONAL_CAPITALS,
        LARGE_CITIES,
        CONURBATED_WITH_CAPITAL,
        SMALL_PROVINCIAL_CAPITALS,
        MID_SIZE_URBAN,
    ]
    for named in named_lists:
        for code, name in named.items():
            if code not in communes or communes[code]["name"] != name:
                raise SystemExit(f"{code} {name!r} does not match the DPA ({communes.get(code, {}).get('name')!r})")

    metropolitana = (
        {code for code in communes if code.startswith("131")}
        | GRAN_SANTIAGO_EXTRA.keys()
        | GRAN_VALPARAISO.keys()
        | GRAN_CONCEPCION.keys()
    )
    mayor = (REGIONAL_CAPITALS.keys() | LARGE_CITIES.keys() | CONURBATED_WITH_CAPITAL.keys()) - metropolitana
    urbana_mediana = (
        ((set(PROVINCIAL_CAPITALS.values()) - SMALL_PROVINCIAL_CAPITALS.keys()) | MID_SIZE_URBAN.keys())
        - metropolitana
        - mayor
    )
    result = {}
    for code in sorted(communes):
        if code in metropolitana:
            result[code] = METROPOLITANA
        elif code in mayor:
            result[code] = MAYOR
        elif code in urbana_mediana:
            result[code] = URBANA_MEDIANA
        else:
            result[code] = RURAL_SEMIURBANA
    return result


def render(result: dict[str, str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["codigo", "tipologia"])
    writer.writerows(sorted(result.items()))
    return buf.getvalue()


def main() -> None:
    dpa = json.loads((DATA / "dpa2023.json").read_text(encoding="utf-8"))
    communes = {c["code"]: c for c in dpa["communes"]}
    result = classify(communes)
    assert len(result) == len(communes) == 345, len(result)
    text = render(result)
    if "--check" in sys.argv:
        if OUT.read_text(encoding="utf-8") != text:
            raise SystemExit(f"{OUT} is stale: run scripts/build_provisional_typology.py")
        print("up to date")
        return
    OUT.write_text(text, encoding="utf-8")
    counts = Counter(result.values())
    print(", ".join(f"{k}: {counts[k]}" for k in (METROPOLITANA, MAYOR, URBANA_MEDIANA, RURAL_SEMIURBANA)))


if __name__ == "__main__":
    main()
