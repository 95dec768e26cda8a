"""Latin-American-scale benchmark data: municipalities of the regional network, their
municipal organisations, other organisations and people, in the tens of thousands.

    manage.py seed_scale [--communes 20000] [--organizations 50000] [--people 100000] [--seed 42]

What it creates (all of it recognisable, none of it touching Chile's official territory):

* communes   territory.Commune of other countries (AR, BR, MX, PE, CO, ...), code
             "<ISO2>-S<6 digits>", national_code "S<6 digits>": the "S" (synthetic) marks
             scale data, so it never collides with a real municipality registered by hand.
* orgs       one municipality organisation per scale commune (slug "scale-muni-<code>"),
             and the rest of --organizations of the other kinds (slug "scale-<n>-<name>").
             Municipalities count toward --organizations: 20,000 communes and 50,000
             organisations means 20,000 municipalities + 30,000 others. No RUT (they are
             foreign or fictitious; the unique-RUT constraint ignores blanks).
* people     directory.Person with e-mail "p<6 digits>@escala.example" (a reserved domain:
             the marker of scale people), each with exactly one Membership.

Idempotent and deterministic: item number n is always generated from (--seed, n) alone, so a
rerun only inserts the numbers that are missing (tops up to the targets) and an interrupted
run resumes where it stopped. It never deletes or shrinks.

It writes with bulk_create, bypassing the per-row services on purpose: 170,000 audit events
would swamp the trail and take minutes. One summary audit event records the run.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from hublocal.audit.services import audit_record
from hublocal.core.cache import bump
from hublocal.core.text import fold
from hublocal.directory.models import Membership, Organization, OrganizationKind, Person, Position

T = TypeVar("T")

BATCH_SIZE = 2000
# Rows per transaction: big enough that commits don't dominate, small enough that an
# interrupted run keeps most of its work.
CHUNK = 10_000
COMMUNE_PREFIX = "S"
ORG_PREFIX = "scale-"
PERSON_DOMAIN = "@escala.example"

# fmt: off
# Country, Spanish name, weight (roughly its share of the region's municipalities),
# language, municipal body's name, first-level divisions.
COUNTRIES: list[tuple[str, str, int, str, str, list[str]]] = [
    ("BR", "Brasil", 28, "pt", "Prefeitura Municipal de {}", [
        "São Paulo", "Minas Gerais", "Bahia", "Rio Grande do Sul", "Paraná", "Goiás", "Piauí",
        "Santa Catarina", "Paraíba", "Maranhão", "Pernambuco", "Ceará", "Pará", "Tocantins",
    ]),
    ("MX", "México", 13, "es", "Ayuntamiento de {}", [
        "Oaxaca", "Puebla", "Veracruz", "Jalisco", "Chiapas", "Michoacán", "Guerrero",
        "Estado de México", "Hidalgo", "Yucatán", "Zacatecas", "Sonora",
    ]),
    ("AR", "Argentina", 11, "es", "Municipalidad de {}", [
        "Buenos Aires", "Córdoba", "Santa Fe", "Entre Ríos", "Mendoza", "Tucumán", "Salta",
        "Chaco", "Corrientes", "Misiones", "Neuquén", "Río Negro",
    ]),
    ("PE", "Perú", 10, "es", "Municipalidad Distrital de {}", [
        "Lima", "Cusco", "Arequipa", "Puno", "Junín", "Áncash", "Cajamarca", "La Libertad",
        "Piura", "Ayacucho", "Huánuco", "Loreto",
    ]),
    ("CO", "Colombia", 6, "es", "Alcaldía de {}", [
        "Antioquia", "Boyacá", "Cundinamarca", "Santander", "Nariño", "Tolima", "Cauca",
        "Valle del Cauca", "Huila", "Bolívar", "Córdoba", "Caldas",
    ]),
    ("VE", "Venezuela", 2, "es", "Alcaldía del Municipio {}", ["Zulia", "Lara", "Miranda", "Carabobo", "Mérida"]),
    ("GT", "Guatemala", 2, "es", "Municipalidad de {}", ["Huehuetenango", "San Marcos", "Quiché", "Alta Verapaz"]),
    ("BO", "Bolivia", 2, "es", "Gobierno Autónomo Municipal de {}", [
        "La Paz", "Cochabamba", "Santa Cruz", "Potosí", "Chuquisaca", "Oruro", "Tarija",
    ]),
    ("HN", "Honduras", 2, "es", "Municipalidad de {}", ["Francisco Morazán", "Olancho", "Cortés", "Lempira"]),
    ("SV", "El Salvador", 1, "es", "Alcaldía Municipal de {}", ["San Salvador", "La Libertad", "Usulután"]),
    ("PY", "Paraguay", 1, "es", "Municipalidad de {}", ["Central", "Itapúa", "Alto Paraná", "Caaguazú", "Cordillera"]),
    ("EC", "Ecuador", 1, "es", "GAD Municipal de {}", ["Pichincha", "Guayas", "Azuay", "Manabí", "Loja"]),
    ("DO", "República Dominicana", 1, "es", "Ayuntamiento de {}", ["Santiago", "La Vega", "Puerto Plata"]),
    ("NI", "Nicaragua", 1, "es", "Alcaldía de {}", ["Managua", "León", "Matagalpa", "Chinandega"]),
    ("UY", "Uruguay", 1, "es", "Municipio de {}", ["Canelones", "Montevideo", "Maldonado", "Colonia", "Rivera"]),
    ("CR", "Costa Rica", 1, "es", "Municipalidad de {}", ["San José", "Alajuela", "Cartago", "Heredia"]),
    ("PA", "Panamá", 1, "es", "Municipio de {}", ["Panamá", "Chiriquí", "Veraguas", "Coclé"]),
]
COUNTRY_WEIGHTS = [c[2] for c in COUNTRIES]

# Place names: a saint or a descriptive head, a core, sometimes a complement.
# Place names: a saint ("San José"), a descriptive head and a toponym ("Puerto Naranjal"),
# or a toponym alone, each sometimes with a complement ("del Valle").
PLACE = {
    "es": {
        "saint": ["San José", "San Juan", "San Isidro", "San Pedro", "San Miguel", "San Martín", "San Carlos",
                  "San Antonio", "San Francisco", "San Lorenzo", "Santa Rosa", "Santa María", "Santa Lucía",
                  "Santa Ana", "Santa Fe", "Santa Bárbara", "Santa Cruz", "Santo Tomás", "Santo Domingo"],
        "head": ["Villa", "Puerto", "Valle", "Ciudad", "Cerro", "Pueblo", "Colonia", "Río", "Paso", "Laguna"],
        "core": ["Esperanza", "Trinidad", "Concepción", "Palmar", "Colorado", "Naranjal", "Ceibo", "Mirador",
                 "Quebracho", "Algarrobo", "Maipú", "Tinogasta", "Ocaña", "Huancané", "Pilar", "Tacuarembó",
                 "Chimaltenango", "Zapotitlán", "Sicuani", "Cotacachi", "Yolombó", "Ixtlán", "Tupiza",
                 "Caazapá", "Nandaime", "Jiquilisco", "Olanchito", "Barinas", "Aguadulce", "Guadalupe"],
        "tail": ["del Valle", "de la Sierra", "del Norte", "del Sur", "de los Andes", "del Monte", "de Oro",
                 "de la Frontera", "del Río", "de las Flores", "de Guadalupe", "de la Costa"],
    },
    "pt": {
        "saint": ["São João", "São José", "São Francisco", "São Sebastião", "São Paulo", "São Pedro",
                  "Santa Luzia", "Santa Maria", "Santa Cruz", "Santa Rita", "Santo Antônio", "Santo Amaro",
                  "Bom Jesus", "Conceição"],
        "head": ["Nova", "Vila", "Porto", "Campo", "Serra", "Rio", "Barra", "Lagoa", "Alto", "Monte",
                 "Ribeirão"],
        "core": ["Esperança", "Alegre", "Verde", "Grande", "Bonito", "Branco", "Jacuípe", "Itabira", "Carangola",
                 "Parnaíba", "Tapera", "Cajazeiras", "Guaçu", "Itapetinga", "Araguaia", "Ibiá", "Juruá",
                 "Piracicaba", "Formoso", "Redondo"],
        "tail": ["do Norte", "do Sul", "das Flores", "da Serra", "do Oeste", "dos Campos", "do Rio", "Paulista",
                 "da Mata", "do Piauí", "das Neves", "do Araguaia"],
    },
}

GIVEN = {
    "es": ["María", "José", "Juan", "Ana", "Carlos", "Luis", "Carmen", "Jorge", "Rosa", "Pedro", "Lucía",
           "Miguel", "Sofía", "Francisco", "Valentina", "Diego", "Camila", "Andrés", "Daniela", "Javier",
           "Gabriela", "Fernando", "Paola", "Ricardo", "Patricia", "Raúl", "Mariela", "Héctor", "Inés", "Óscar",
           "Ximena", "Martín", "Florencia", "Tomás", "Verónica", "Julián", "Agustina", "Rodrigo", "Natalia"],
    "pt": ["João", "Maria", "José", "Ana", "Francisco", "Antônio", "Francisca", "Carlos", "Paulo", "Adriana",
           "Luiz", "Juliana", "Márcia", "Pedro", "Fernanda", "Lucas", "Patrícia", "Rafael", "Aline", "Thiago",
           "Camila", "Gabriel", "Letícia", "Marcelo", "Beatriz", "Rodrigo", "Vitória", "Sérgio", "Luíza"],
}
SURNAMES = {
    "es": ["González", "Rodríguez", "Gómez", "Fernández", "López", "Díaz", "Martínez", "Pérez", "García",
           "Sánchez", "Romero", "Sosa", "Torres", "Álvarez", "Ruiz", "Ramírez", "Flores", "Benítez", "Acosta",
           "Medina", "Herrera", "Suárez", "Aguirre", "Giménez", "Gutiérrez", "Pereyra", "Rojas", "Molina",
           "Castro", "Ortiz", "Silva", "Núñez", "Quispe", "Mamani", "Huamán", "Chávez", "Vargas", "Ramos",
           "Castillo", "Mendoza", "Cruz", "Hernández", "Jiménez", "Vásquez", "Peña", "Ibáñez", "Muñoz"],
    "pt": ["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
           "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes",
           "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques",
           "Machado", "Mendes", "Freitas", "Cardoso", "Ramos", "Gonçalves", "Araújo", "Conceição"],
}

# Non-municipal organisations: kind, weight, name patterns ({p} a place, {s} a surname).
OTHER_KINDS: list[tuple[str, int, list[str]]] = [
    (OrganizationKind.STARTUP, 45, [
        "{w} {t}", "{w}{t2} SpA", "{w} Labs", "Soluciones {w}", "{w} Cívica", "Datos {w}", "{s} & Asociados",
    ]),
    (OrganizationKind.CIVIL_SOCIETY, 25, [
        "Fundación {w}", "Asociación Vecinal {p}", "Corporación {w} {p}", "Red Ciudadana {p}", "ONG {w}",
        "Cooperativa {p}",
    ]),
    (OrganizationKind.UNIVERSITY, 12, [
        "Universidad de {p}", "Instituto Tecnológico {p}", "Centro de Estudios {w}", "Universidad {w}",
        "Observatorio Urbano {p}",
    ]),
    (OrganizationKind.CENTRAL_STATE, 10, [
        "Ministerio de {m} — Oficina {p}", "Servicio de {m} {p}", "Agencia de {m}", "Secretaría de {m} de {p}",
    ]),
    (OrganizationKind.COOPERATION, 8, [
        "Programa {w} de Cooperación", "Red Iberoamericana {w}", "Fondo {w} para el Desarrollo Local",
        "Alianza {w} {p}",
    ]),
]
OTHER_KIND_WEIGHTS = [k[1] for k in OTHER_KINDS]
WORDS = ["Andes", "Pampa", "Cóndor", "Quetzal", "Ceiba", "Araucaria", "Amazonia", "Altiplano", "Horizonte",
         "Puente", "Raíces", "Semilla", "Brújula", "Faro", "Colibrí", "Tejido", "Minga", "Ayni", "Sur",
         "Confluencia", "Territorio", "Cabildo", "Plaza", "Ágora", "Vértice", "Mosaico", "Cardumen"]
TECH = ["Tech", "Data", "Gov", "Digital", "Analytics", "Cloud", "Geo", "Urbano", "Móvil"]
DIAL_CODES = [54, 55, 52, 51, 57, 598, 595, 591, 593, 502, 504, 503, 505, 506, 507]
MINISTRIES = ["Desarrollo Social", "Obras Públicas", "Salud", "Educación", "Vivienda", "Transporte",
              "Medio Ambiente", "Hacienda", "Economía", "Ciencia y Tecnología"]

MUNICIPAL_POSITIONS = [
    (Position.PROFESIONAL, 30), (Position.SECPLA, 10), (Position.DIDECO, 10), (Position.DOM, 8),
    (Position.TI, 8), (Position.SALUD, 8), (Position.SEGURIDAD, 5), (Position.MEDIO_AMBIENTE, 5),
    (Position.PERSONAL, 5), (Position.CONCEJAL, 6), (Position.ADMINISTRADOR, 3), (Position.ALCALDE, 2),
]
OTHER_POSITIONS = {
    OrganizationKind.STARTUP: [(Position.FUNDADOR, 35), (Position.PROFESIONAL, 65)],
    OrganizationKind.UNIVERSITY: [(Position.INVESTIGADOR, 70), (Position.PROFESIONAL, 30)],
}
DEFAULT_POSITIONS = [(Position.PROFESIONAL, 80), (Position.OTRO, 20)]

TYPOLOGIES = [("metropolitana", 4), ("mayor", 14), ("urbana_mediana", 32), ("rural_semiurbana", 50)]
# fmt: on


def _weighted(rng: random.Random, items: list[tuple[Any, int]]) -> Any:
    return rng.choices([i for i, _w in items], weights=[w for _i, w in items])[0]


def _rng(seed: int, stream: int, n: int) -> random.Random:
    # One generator per item: item n is the same whatever the batch, the order or the
    # targets of the run that creates it, which is what makes top-ups reproducible.
    return random.Random((seed * 1_000_003 + stream) * 10_000_019 + n)


def _place(rng: random.Random, lang: str) -> str:
    words = PLACE[lang]
    roll = rng.random()
    if roll < 0.35:
        name = rng.choice(words["saint"])
    elif roll < 0.7:
        name = f"{rng.choice(words['head'])} {rng.choice(words['core'])}"
    else:
        name = rng.choice(words["core"])
    if rng.random() < 0.35:
        name = f"{name} {rng.choice(words['tail'])}"
    return name


@functools.cache
def commune_spec(seed: int, n: int) -> dict[str, Any]:
    rng = _rng(seed, 1, n)
    iso, _name, _w, lang, body, areas = rng.choices(COUNTRIES, weights=COUNTRY_WEIGHTS)[0]
    national_code = f"{COMMUNE_PREFIX}{n:06d}"
    name = _place(rng, lang)
    return {
        "iso": iso,
        "lang": lang,
        "code": f"{iso}-{national_code}",
        "national_code": national_code,
        "name": name,
        "admin_area": rng.choice(areas),
        "typology": _weighted(rng, TYPOLOGIES),
        "area_km2": round(rng.lognormvariate(5.5, 1.2), 1),
        "org_name": body.format(name),
    }


def municipality_slug(code: str) -> str:
    return f"{ORG_PREFIX}muni-{code.lower()}"


@functools.cache
def other_org_spec(seed: int, n: int, n_communes: int) -> dict[str, Any]:
    rng = _rng(seed, 2, n)
    kind, _w, patterns = rng.choices(OTHER_KINDS, weights=OTHER_KIND_WEIGHTS)[0]
    # Uniform draws scaled to the target (not randrange) so the rest of the item does not
    # shift when only the number of communes changes.
    located, where = rng.random() < 0.8, rng.random()
    commune_n = int(where * n_communes) if n_communes and located else None
    lang = "pt" if commune_n is not None and commune_spec(seed, commune_n)["lang"] == "pt" else "es"
    name = rng.choice(patterns).format(
        w=rng.choice(WORDS),
        t=rng.choice(TECH),
        t2=rng.choice(TECH).lower(),
        p=_place(rng, lang),
        s=rng.choice(SURNAMES[lang]),
        m=rng.choice(MINISTRIES),
    )
    slug = f"{ORG_PREFIX}{n:06d}-{slugify(fold(name))}"[:120].rstrip("-")
    return {
        "kind": str(kind),
        "name": name,
        "slug": slug,
        "commune_n": commune_n,
        "website": f"https://{slug}.example" if rng.random() < 0.5 else "",
        "description": f"Organización de la red latinoamericana ({name})." if rng.random() < 0.3 else "",
    }


def person_spec(seed: int, n: int, n_orgs: int) -> dict[str, Any]:
    rng = _rng(seed, 3, n)
    org_n = int(rng.random() * n_orgs)
    lang = "pt" if rng.random() < 0.25 else "es"
    given = " ".join(rng.sample(GIVEN[lang], 2 if rng.random() < 0.3 else 1))
    full_name = f"{given} {' '.join(rng.sample(SURNAMES[lang], 2))}"
    return {
        "full_name": full_name,
        "email": f"p{n:06d}{PERSON_DOMAIN}",
        "phone": f"+{rng.choice(DIAL_CODES)} 9{rng.randint(1000000, 9999999)}" if rng.random() < 0.4 else "",
        "is_public": rng.random() < 0.9,
        "org_n": org_n,
        "pos_roll": rng.random(),
    }


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Command(BaseCommand):
    help = (
        "Genera datos de escala latinoamericana para benchmarks (municipios de otros países, "
        "organizaciones y personas). Idempotente: completa hasta las cantidades pedidas."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--communes", type=int, default=20_000)
        parser.add_argument(
            "--organizations",
            type=int,
            default=50_000,
            help="Total de organizaciones de escala, municipalidades incluidas.",
        )
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args: Any, **options: Any) -> None:
        n_communes, n_orgs, n_people = options["communes"], options["organizations"], options["people"]
        seed = options["seed"]
        if min(n_communes, n_orgs, n_people) < 0:
            raise CommandError("Las cantidades no pueden ser negativas.")
        if n_orgs < n_communes:
            raise CommandError("--organizations incluye una municipalidad por comuna: debe ser ≥ --communes.")
        if n_people and not n_orgs:
            raise CommandError("Cada persona necesita una organización: use --organizations > 0.")
        self.seed = seed
        started = time.monotonic()
        created = {
            "communes": self._communes(n_communes),
            "municipalities": self._municipalities(n_communes),
        }
        created["organizations"] = self._other_orgs(n_communes, n_orgs)
        created["people"] = self._people(n_communes, n_orgs, n_people)
        elapsed = time.monotonic() - started
        if any(created.values()):
            bump("directory", "territory")  # bulk writes bypass the services that bump (core/cache.py)
            audit_record(
                actor=None,
                action="directory.seed_scale",
                object_type="directory.organization",
                object_repr="Datos de escala (benchmark)",
                after={**created, "seed": seed, "targets": [n_communes, n_orgs, n_people]},
            )
        self.stdout.write(
            f"seed_scale: {created['communes']} comunas, {created['municipalities']} municipalidades, "
            f"{created['organizations']} otras organizaciones, {created['people']} personas creadas "
            f"en {elapsed:.1f} s."
        )

    # The territory app owns these models; a bulk generator cannot go through its one-row
    # services, and the app registry keeps this tool off territory's internals' imports.
    def _territory(self) -> tuple[Any, Any]:
        return apps.get_model("territory", "Country"), apps.get_model("territory", "Commune")

    def _scale_communes(self) -> dict[int, int]:
        """Scale commune number → id, read from the "S<number>" national code."""
        _Country, Commune = self._territory()
        rows = (
            Commune.objects.exclude(country__code="CL")
            .filter(national_code__startswith=COMMUNE_PREFIX)
            .values_list("national_code", "id")
        )
        return {int(code[1:]): pk for code, pk in rows if code[1:].isdigit()}

    def _communes(self, target: int) -> int:
        Country, Commune = self._territory()
        existing = self._scale_communes()
        missing = [n for n in range(target) if n not in existing]
        if not missing:
            return 0
        countries = {}
        for iso, name, *_rest in COUNTRIES:
            countries[iso], _c = Country.objects.get_or_create(code=iso, defaults={"name": name})
        return self._insert(Commune, missing, lambda n: self._commune(countries, commune_spec(self.seed, n)))

    def _commune(self, countries: dict[str, Any], spec: dict[str, Any]) -> Any:
        _Country, Commune = self._territory()
        return Commune(
            code=spec["code"],
            national_code=spec["national_code"],
            name=spec["name"],
            search_name=fold(spec["name"]),
            country=countries[spec["iso"]],
            admin_area=spec["admin_area"],
            typology=spec["typology"],
            area_km2=spec["area_km2"],
        )

    def _scale_municipalities(self) -> dict[int, int]:
        """Commune id → id of its municipality organisation, for scale communes."""
        return dict(
            Organization.objects.filter(
                kind=OrganizationKind.MUNICIPALITY, commune__national_code__startswith=COMMUNE_PREFIX
            )
            .exclude(commune__country__code="CL")
            .values_list("commune_id", "id")
        )

    def _municipalities(self, n_communes: int) -> int:
        communes = self._scale_communes()
        have = self._scale_municipalities()
        missing = [n for n in range(n_communes) if n in communes and communes[n] not in have]

        def build(n: int) -> Organization:
            spec = commune_spec(self.seed, n)
            return Organization(
                kind=OrganizationKind.MUNICIPALITY,
                name=spec["org_name"],
                search_name=fold(spec["org_name"]),
                slug=municipality_slug(spec["code"]),
                commune_id=communes[n],
                website=f"https://{spec['code'].lower()}.municipio.example",
            )

        return self._insert(Organization, missing, build)

    def _scale_other_orgs(self) -> dict[int, tuple[int, str]]:
        """Scale organisation number → (id, kind), read from the "scale-<number>-" slug."""
        found: dict[int, tuple[int, str]] = {}
        rows = Organization.objects.filter(slug__startswith=ORG_PREFIX).values_list("slug", "id", "kind")
        for slug, pk, kind in rows:
            number = slug[len(ORG_PREFIX) :].split("-", 1)[0]
            if number.isdigit():
                found[int(number)] = (pk, kind)
        return found

    def _other_orgs(self, n_communes: int, n_orgs: int) -> int:
        existing = self._scale_other_orgs()
        communes = self._scale_communes()
        missing = [n for n in range(n_orgs - n_communes) if n not in existing]

        def build(n: int) -> Organization:
            spec = other_org_spec(self.seed, n, n_communes)
            return Organization(
                kind=spec["kind"],
                name=spec["name"],
                search_name=fold(spec["name"]),
                slug=spec["slug"],
                commune_id=communes.get(spec["commune_n"]) if spec["commune_n"] is not None else None,
                website=spec["website"],
                description=spec["description"],
            )

        return self._insert(Organization, missing, build)

    def _org_index(self, n_communes: int, n_orgs: int) -> list[tuple[int, str]]:
        """(id, kind) of scale organisation k: the municipality of commune k first, then the others."""
        communes = self._scale_communes()
        municipalities = self._scale_municipalities()
        others = self._scale_other_orgs()
        index = [(municipalities[communes[n]], str(OrganizationKind.MUNICIPALITY)) for n in range(n_communes)]
        index += [others[n] for n in range(n_orgs - n_communes)]
        return index

    def _people(self, n_communes: int, n_orgs: int, target: int) -> int:
        existing = set(Person.objects.filter(email__endswith=PERSON_DOMAIN).values_list("email", flat=True))
        missing = [n for n in range(target) if f"p{n:06d}{PERSON_DOMAIN}" not in existing]
        if not missing:
            return 0
        orgs = self._org_index(n_communes, n_orgs)
        created = 0
        for chunk in _chunks(missing, CHUNK):
            specs = [person_spec(self.seed, n, n_orgs) for n in chunk]
            with transaction.atomic():
                people = Person.objects.bulk_create(
                    [
                        Person(
                            full_name=s["full_name"],
                            search_name=fold(s["full_name"]),
                            email=s["email"],
                            phone=s["phone"],
                            is_public=s["is_public"],
                        )
                        for s in specs
                    ],
                    batch_size=BATCH_SIZE,
                )
                if any(p.pk is None for p in people):
                    # Backends that cannot return ids from a bulk insert: look them up.
                    ids = dict(Person.objects.filter(email__in=[s["email"] for s in specs]).values_list("email", "id"))
                    for p in people:
                        p.pk = ids[p.email]
                memberships = []
                for person, s in zip(people, specs, strict=True):
                    org_id, kind = orgs[s["org_n"]]
                    choices = (
                        MUNICIPAL_POSITIONS
                        if kind == OrganizationKind.MUNICIPALITY
                        else OTHER_POSITIONS.get(kind, DEFAULT_POSITIONS)
                    )
                    memberships.append(
                        Membership(person_id=person.pk, organization_id=org_id, position=_pick(choices, s["pos_roll"]))
                    )
                Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
            created += len(people)
        return created

    @staticmethod
    def _insert(model: Any, items: list[Any], build: Callable[[Any], Any]) -> int:
        created = 0
        for chunk in _chunks(items, CHUNK):
            with transaction.atomic():
                model.objects.bulk_create([build(item) for item in chunk], batch_size=BATCH_SIZE)
            created += len(chunk)
        return created


def _pick(items: list[tuple[Any, int]], roll: float) -> Any:
    total = sum(w for _i, w in items)
    acc = 0.0
    for item, weight in items:
        acc += weight / total
        if roll < acc:
            return item
    return items[-1][0]
