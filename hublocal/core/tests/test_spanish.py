"""The Spanish analyser: folding, inflections, stop words, phrases, synonyms and acronyms."""

import pytest

from hublocal.core import spanish


def concepts(text: str) -> set[str]:
    return {t for t in spanish.analyze(text) if spanish.is_concept(t)}


def test_accents_and_case_do_not_matter():
    assert spanish.analyze("Gestión de Información") == spanish.analyze("GESTION DE INFORMACION")
    assert spanish.analyze("Ñuñoa") == spanish.analyze("nunoa")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("reclamo", "reclamos"),
        ("línea", "líneas"),
        ("función", "funciones"),
        ("ciudad", "ciudades"),
        ("vecino", "vecinas"),
        ("capacitar", "capacitación"),
    ],
)
def test_inflections_share_a_term(one, other):
    assert spanish.analyze(one) == spanish.analyze(other)


def test_stop_words_and_numbers_are_dropped():
    assert spanish.analyze("de la y en los que para 2026 a") == []
    assert spanish.analyze("el municipio y la comuna") == []  # words every document says


def test_synonym_phrases_become_one_concept():
    expected = ["_patente_comercial"]
    assert spanish.analyze("patentes comerciales") == expected
    assert spanish.analyze("Licencia de funcionamiento") == expected
    assert spanish.analyze("permiso comercial") == expected
    assert spanish.analyze("licencias de funcionamiento") == expected


def test_longest_phrase_wins_before_single_words():
    assert spanish.analyze("licencia de conducir") == ["_licencia_conducir"]
    assert "_patente_comercial" not in spanish.analyze("licencia de conducir")
    assert "_ausentismo" in spanish.analyze("licencias médicas del personal")
    # plates read by a camera are not commercial licences
    assert "_patente_comercial" not in spanish.analyze("lector de patentes vehiculares")


@pytest.mark.parametrize(
    ("acronym", "spelled_out", "concept"),
    [
        ("DOM", "Dirección de Obras Municipales", "_dom"),
        ("DIDECO", "dirección de desarrollo comunitario", "_dideco"),
        ("SECPLAC", "Secretaría Comunal de Planificación", "_secpla"),
        ("SECPLA", "secretaria de planificacion comunal", "_secpla"),
        ("CESFAM", "centro de salud familiar", "_cesfam"),
        ("OIRS", "Oficina de Informaciones, Reclamos y Sugerencias", "_oirs"),
        ("JJ.VV.", "juntas de vecinos", "_jjvv"),
        ("RSD", "residuos sólidos domiciliarios", "_residuos"),
        ("SAPU", "servicio de atención primaria de urgencia", "_sapu"),
        ("DAEM", "departamento de educación municipal", "_educacion_municipal"),
    ],
)
def test_acronyms_equal_their_spelled_out_form(acronym, spelled_out, concept):
    assert concept in concepts(acronym)
    assert concepts(acronym) == concepts(spelled_out)


def test_a_concept_emits_what_it_implies():
    assert concepts("permisos de edificación") == {"_permiso_edificacion", "_dom"}
    assert concepts("el consultorio") == {"_cesfam", "_aps"}
    assert {"_reclamo", "_oirs"} <= concepts("OIRS")
    # a complaint is not necessarily the OIRS's business
    assert concepts("reclamos ante el Consejo") == {"_reclamo"}


def test_everyday_synonyms():
    assert concepts("basura") == concepts("residuos") == {"_residuos"}
    assert "_televigilancia" in concepts("cámaras de televigilancia")
    assert concepts("prevención del delito") == concepts("prevención de delitos") == {"_seguridad_publica"}
    assert concepts("horas médicas") >= {"_hora_medica", "_aps"}
    assert concepts("expediente electrónico") == concepts("gestión documental")


def test_fields_are_analysed_apart():
    assert spanish.document_terms("patente", "comercial") != ["_patente_comercial"]
    assert spanish.document_terms("Pago en línea", "Patentes comerciales") == (
        spanish.analyze("Pago en línea") + spanish.analyze("Patentes comerciales")
    )


def test_display_forms_are_readable():
    forms = spanish.display_forms("Reclamos y más reclamos; un reclamo.", "Patentes comerciales")
    assert forms[spanish.analyze("reclamos")[0]] == "reclamos"
    assert forms["_patente_comercial"] == "patentes comerciales"
    assert spanish.concept_label("_dom") == "Dirección de Obras Municipales (DOM)"
    assert spanish.concept_label("reclam") is None


def test_analysis_is_deterministic():
    text = "Agenda de horas en CESFAM rurales con conectividad limitada"
    assert spanish.analyze(text) == spanish.analyze(text)
    assert spanish.analyze(text) == [
        "_agendamiento",
        "_cesfam",
        "_aps",
        spanish.analyze("rurales")[0],
        "_sin_conexion",
    ]


def test_vocabulary_refuses_contradictions():
    with pytest.raises(ValueError, match="pertenece"):
        spanish._Vocabulary(
            {"concepts": {"a": {"label": "A", "phrases": ["basura"]}, "b": {"label": "B", "phrases": ["basuras"]}}}
        )
    with pytest.raises(ValueError, match="desconocido"):
        spanish._Vocabulary({"concepts": {"a": {"label": "A", "phrases": ["basura"], "implies": ["zz"]}}})
    with pytest.raises(ValueError, match="vacía"):
        spanish._Vocabulary({"stop_words": "de la", "concepts": {"a": {"label": "A", "phrases": ["de la"]}}})
