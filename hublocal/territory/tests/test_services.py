import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hublocal.audit import selectors as audit_selectors
from hublocal.territory import selectors as territory_selectors
from hublocal.territory import services as territory_services
from hublocal.territory.models import Commune, Province, Region, Typology

from .factories import HubAdminFactory, csv_text


def typologies() -> dict[str, str]:
    return dict(Commune.objects.values_list("code", "typology"))


# --- Official load -------------------------------------------------------------------------


def test_load_creates_chile_and_is_idempotent(territory):
    # The session database was loaded by the same service; the first load created them all.
    assert (Region.objects.count(), Province.objects.count(), Commune.objects.count()) == (16, 56, 345)
    events = audit_selectors.audit_event_list(object_type="territory.commune").count()

    again = territory_services.territory_load_official()

    assert (again.created, again.updated) == (0, 0)
    assert (Region.objects.count(), Province.objects.count(), Commune.objects.count()) == (16, 56, 345)
    # Nothing changed, so nothing is audited.
    assert audit_selectors.audit_event_list(object_type="territory.commune").count() == events


def test_load_keeps_typologies(territory):
    commune = territory_selectors.commune_get(code="13120")
    territory_services.commune_set_typology(actor=None, commune=commune, typology=Typology.METROPOLITANA)

    territory_services.territory_load_official()

    assert territory_selectors.commune_get(code="13120").typology == Typology.METROPOLITANA


def test_load_repairs_an_edited_name(territory):
    Commune.objects.filter(code="08101").update(name="Concepcion", search_name="x")

    result = territory_services.territory_load_official()

    assert (result.created, result.updated) == (0, 1)
    commune = territory_selectors.commune_get(code="08101")
    assert (commune.name, commune.search_name) == ("Concepción", "concepcion")


def test_loaded_names_keep_accents(territory):
    santiago = territory_selectors.commune_get(code="13101")
    assert santiago.name == "Santiago"
    assert santiago.region.name == "Metropolitana de Santiago"
    assert santiago.province.name == "Santiago"
    assert santiago.country.code == "CL"
    assert territory_selectors.commune_get(code="08101").name == "Concepción"
    assert territory_selectors.commune_get(code="13120").name == "Ñuñoa"
    assert Region.objects.get(code="16").name == "Ñuble"


# --- Typology import -----------------------------------------------------------------------


def test_valid_file_applies_and_audits(territory):
    admin = HubAdminFactory()
    text = csv_text([("13120", "metropolitana"), ("08101", "Metropolitana"), ("09121", "Rural / semiurbana")])

    report = territory_services.typology_import(actor=admin, text=text)

    assert report.ok and report.written
    assert (report.total_rows, len(report.accepted), report.changed) == (3, 3, 3)
    current = typologies()
    assert current["13120"] == current["08101"] == Typology.METROPOLITANA
    assert current["09121"] == Typology.RURAL_SEMIURBANA
    event = audit_selectors.audit_event_list(actor_id=admin.pk).get()
    assert event.action == "territory.typology_import"
    assert event.actor_username == admin.username
    assert event.after == {"rows": 3, "changed": 3}


def test_reimporting_the_same_file_changes_nothing(territory):
    text = csv_text([("13120", "metropolitana")])
    territory_services.typology_import(actor=None, text=text)

    report = territory_services.typology_import(actor=None, text=text)

    assert report.ok and report.changed == 0


def test_dry_run_validates_and_counts_without_writing(territory):
    before = typologies()
    events = audit_selectors.audit_event_list().count()

    report = territory_services.typology_import(actor=None, text=csv_text([("13120", "mayor")]), dry_run=True)

    assert report.ok and not report.written
    assert report.changed == 1
    assert typologies() == before
    assert audit_selectors.audit_event_list().count() == events


def test_one_bad_row_among_good_ones_writes_nothing(territory):
    before = typologies()
    events = audit_selectors.audit_event_list().count()
    text = csv_text([("13120", "metropolitana"), ("99999", "mayor"), ("08101", "metropolitana")])

    report = territory_services.typology_import(actor=None, text=text)

    assert not report.ok and not report.written
    assert report.rejected == [(3, "99999", "código de comuna desconocido")]
    assert len(report.accepted) == 2
    assert typologies() == before
    assert audit_selectors.audit_event_list().count() == events


def test_every_rejection_is_reported_with_its_line(territory):
    text = csv_text(
        [
            ("13120", "metropolitana"),  # line 2, fine
            ("13120", "mayor"),  # line 3, duplicate
            ("1234", "mayor"),  # line 4, unknown (padded to 01234)
            ("08101", "gigante"),  # line 5, unknown typology
            ("", "mayor"),  # line 6, no code
            ("08110", ""),  # line 7, no typology
        ]
    )

    report = territory_services.typology_import(actor=None, text=text)

    assert report.rejected == [
        (3, "13120", "código duplicado (ya aparece en la línea 2)"),
        (4, "1234", "código de comuna desconocido"),
        (5, "08101", "tipología desconocida: «gigante»"),
        (6, "", "falta el código de comuna"),
        (7, "08110", "falta la tipología"),
    ]
    assert typologies()["13120"] == Typology.SIN_CLASIFICAR


def test_line_numbers_count_blank_lines(territory):
    text = "codigo,tipologia\n13120,metropolitana\n\n\n99999,mayor\n"

    report = territory_services.typology_import(actor=None, text=text)

    assert report.rejected == [(5, "99999", "código de comuna desconocido")]


def test_four_digit_codes_are_zero_padded(territory):
    report = territory_services.typology_import(actor=None, text=csv_text([("8101", "metropolitana")]))

    assert report.ok and report.accepted == [("08101", "metropolitana")]
    assert typologies()["08101"] == Typology.METROPOLITANA


def test_padded_and_unpadded_codes_are_duplicates(territory):
    report = territory_services.typology_import(actor=None, text=csv_text([("8101", "mayor"), ("08101", "mayor")]))

    assert [(line, code) for line, code, _reason in report.rejected] == [(3, "08101")]


@pytest.mark.parametrize(
    "text",
    [
        "codigo;tipologia\n13120;urbana mediana\n08101;Mayor\n",
        "\ufeffcodigo,tipologia\r\n13120,urbana mediana\r\n08101,Mayor\r\n",
        "\ufeffCódigo;Tipología\n13120;Urbana mediana\n08101;MAYOR\n",
        "codigo\ttipologia\n13120\turbana_mediana\n08101\tmayor\n",
        "codigo,tipologia\r13120,urbana mediana\r08101,mayor\r",  # old Mac line ends
        'nombre,codigo,tipologia\n"Ñuñoa, Santiago",13120,urbana mediana\nConcepción,08101,mayor\n',
    ],
    ids=["semicolon", "bom-crlf", "bom-semicolon-accented-header", "tab", "bare-cr", "extra-column"],
)
def test_common_file_shapes_are_accepted(territory, text):
    report = territory_services.typology_import(actor=None, text=text)

    assert report.ok, report.rejected
    current = typologies()
    assert (current["13120"], current["08101"]) == (Typology.URBANA_MEDIANA, Typology.MAYOR)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "comuna,grupo\n13120,mayor\n",
        "codigo\n13120\n",
        "codigo,tipologia\n",
    ],
    ids=["empty", "wrong-columns", "one-column", "header-only"],
)
def test_files_without_the_columns_or_rows_raise_validation_error(territory, text):
    before = typologies()

    with pytest.raises(ValidationError):
        territory_services.typology_import(actor=None, text=text)

    assert typologies() == before


def test_provisional_file_imports_cleanly(territory):
    text = (territory_selectors.DATA_DIR / "tipologia_provisional.csv").read_text(encoding="utf-8")

    report = territory_services.typology_import(actor=None, text=text)

    assert report.rejected == []
    assert report.total_rows == len(report.accepted) == 345
    assert {code for code, _typ in report.accepted} == set(typologies())
    counts = territory_selectors.typology_counts()
    assert counts[Typology.SIN_CLASIFICAR] == 0
    assert sum(counts.values()) == 345
    # Spot checks of the heuristic (see territory/data/README.md).
    current = typologies()
    assert current["13120"] == current["05109"] == current["08112"] == Typology.METROPOLITANA
    assert current["09101"] == current["02201"] == Typology.MAYOR
    assert current["13604"] == current["04301"] == Typology.URBANA_MEDIANA
    assert current["15201"] == current["16305"] == Typology.RURAL_SEMIURBANA


# Arbitrary text, biased towards what breaks CSV readers: delimiters, quotes, line ends, NUL.
_tricky = st.sampled_from(['"', ",", ";", "\t", "\r", "\n", "\x00", "\ufeff", "ñ", " "])
_cell = st.one_of(
    st.sampled_from(["13120", "8101", "08101", "99999", "", " 13101 ", "metropolitana", "Mayor", "rural", "x"]),
    st.text(alphabet=st.one_of(_tricky, st.sampled_from(string.printable)), max_size=12),
    st.text(max_size=8),
)
_header = st.sampled_from(["codigo,tipologia", "codigo;tipologia", "Código\tTipología", "codigo", "", "a,b"])
_row = st.tuples(st.sampled_from([",", ";", "\t"]), st.lists(_cell, max_size=4)).map(lambda t: t[0].join(t[1]))


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    header=_header,
    rows=st.lists(_row, max_size=6),
    line_end=st.sampled_from(["\n", "\r\n", "\r"]),
    tail=st.text(max_size=20),
)
def test_import_of_arbitrary_text_only_raises_validation_error_and_never_writes_on_rejection(
    territory, header, rows, line_end, tail
):
    text = line_end.join([header, *rows]) + tail
    before = typologies()
    events = audit_selectors.audit_event_list().count()

    try:
        report = territory_services.typology_import(actor=None, text=text)
    except ValidationError:
        written = False
    else:
        written = report.written
        assert written == report.ok
        assert report.total_rows == len(report.accepted) + len(report.rejected)

    if not written:
        assert typologies() == before
        assert audit_selectors.audit_event_list().count() == events


# --- Single commune typology ---------------------------------------------------------------


def test_commune_set_typology_audits_before_and_after(territory):
    commune = territory_selectors.commune_get(code="16101")

    territory_services.commune_set_typology(actor=None, commune=commune, typology=Typology.MAYOR)

    assert territory_selectors.commune_get(code="16101").typology == Typology.MAYOR
    event = audit_selectors.audit_event_list(object_type="territory.commune", object_id=str(commune.pk)).get()
    assert (event.before, event.after) == ({"typology": "sin_clasificar"}, {"typology": "mayor"})


def test_commune_set_typology_rejects_unknown_value(territory):
    commune = territory_selectors.commune_get(code="16101")

    with pytest.raises(ValidationError) as exc:
        territory_services.commune_set_typology(actor=None, commune=commune, typology="gigante")

    assert "typology" in exc.value.message_dict
    assert territory_selectors.commune_get(code="16101").typology == Typology.SIN_CLASIFICAR


# --- Foreign municipalities ----------------------------------------------------------------


def test_foreign_municipality_register(territory):
    admin = HubAdminFactory()

    commune = territory_services.foreign_municipality_register(
        actor=admin,
        country_code=" uy ",
        country_name="Uruguay",
        name=" Paysandú ",
        national_code=" 1101 ",
        admin_area="Paysandú",
    )

    assert commune.code == "UY-1101"
    assert (commune.national_code, commune.name, commune.search_name) == ("1101", "Paysandú", "paysandu")
    assert (commune.country.code, commune.country.name) == ("UY", "Uruguay")
    assert commune.region is None and commune.province is None
    assert list(territory_selectors.commune_list(country="uy")) == [commune]
    assert territory_selectors.commune_count_chile() == 345
    event = audit_selectors.audit_event_list(actor_id=admin.pk).get()
    assert event.action == "territory.foreign_municipality_register"
    assert event.after == {"code": "UY-1101", "name": "Paysandú"}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"country_code": "URY"}, "country_code"),
        ({"country_code": "U1"}, "country_code"),
        ({"country_code": ""}, "country_code"),
        ({"country_code": "cl"}, "country_code"),
        ({"name": "  "}, "name"),
        ({"national_code": ""}, "national_code"),
        ({"national_code": "9" * 40}, "code"),
    ],
    ids=["three-letters", "digit", "empty", "chile", "no-name", "no-code", "code-too-long"],
)
def test_foreign_municipality_register_validation(territory, kwargs, field):
    data = {"country_code": "UY", "country_name": "Uruguay", "name": "Salto", "national_code": "1501"} | kwargs

    with pytest.raises(ValidationError) as exc:
        territory_services.foreign_municipality_register(actor=None, **data)

    assert field in exc.value.message_dict
    assert Commune.objects.exclude(country__code="CL").count() == 0


def test_foreign_municipality_register_refuses_duplicates(territory):
    data = {"country_code": "UY", "country_name": "Uruguay", "name": "Salto", "national_code": "1501"}
    territory_services.foreign_municipality_register(actor=None, **data)

    with pytest.raises(ValidationError) as exc:
        territory_services.foreign_municipality_register(actor=None, **(data | {"name": "Salto (bis)"}))

    assert "national_code" in exc.value.message_dict
    assert Commune.objects.filter(code="UY-1501").count() == 1
