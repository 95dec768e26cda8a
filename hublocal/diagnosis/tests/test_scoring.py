import contextlib
import math

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from hublocal.diagnosis import instruments, scoring

from .conftest import FULL, TINY

INSTRUMENT = instruments.parse(TINY)
Q = {q.id: q for q in INSTRUMENT.questions}


def test_documented_worked_example():
    # A: portal yes (100, w1), formatos csv (100, w1), escala 5 (100, w2) → 100.
    # B: canales web+app (min(100, 120) = 100), tramites 25 (> 10 → 100) → 100; comment unscored.
    r = scoring.compute(INSTRUMENT, FULL)
    assert r.dimensions == {"a": 100.0, "b": 100.0} and r.overall == 100.0 and r.level == 5


def test_weights_and_conditional_questions():
    # portal "no" hides formatos, so A = (0*1 + 50*2) / 3 = 33.3; B = (60 + 50) / 2 = 55.
    answers = {"portal": False, "formatos": "csv", "escala": 3, "canales": ["web"], "tramites": 5}
    r = scoring.compute(INSTRUMENT, answers)
    assert r.dimensions == {"a": 33.3, "b": 55.0}
    # Overall weights A by 1 and B by 3: (33.33 + 3 * 55) / 4 = 49.6 → level 3.
    assert r.overall == 49.6 and r.level == 3


def test_hidden_questions_are_not_required():
    missing = {q.id for q in scoring.missing_required(INSTRUMENT, {"portal": False})}
    assert "formatos" not in missing and {"escala", "canales", "tramites"} <= missing
    assert "comentario" not in missing


@pytest.mark.parametrize(
    "qid, raw, expected",
    [
        ("portal", "sí", True),
        ("portal", False, False),
        ("escala", "4", 4),
        ("tramites", "12", 12),
        ("canales", ["app", "web", "app"], ["web", "app"]),
        ("formatos", "pdf", "pdf"),
        ("comentario", "  hola ", "hola"),
        ("tramites", "", None),
    ],
)
def test_values_are_normalised(qid, raw, expected):
    assert scoring.validate_value(Q[qid], raw) == expected


@pytest.mark.parametrize(
    "qid, raw",
    [
        ("formatos", "web"),  # an option of another question
        ("escala", 6),
        ("escala", 2.5),
        ("escala", True),
        ("tramites", 501),
        ("tramites", -1),
        ("tramites", 1.5),
        ("tramites", "NaN"),
        ("tramites", "inf"),
        ("canales", ["web", "ninguno"]),  # exclusive option combined
        ("canales", [1, 2]),
        ("portal", "quizás"),
        ("comentario", "x" * 2001),
        ("comentario", 5),
    ],
)
def test_invalid_values_are_rejected_with_a_message(qid, raw):
    with pytest.raises(scoring.AnswerError) as exc:
        scoring.validate_value(Q[qid], raw)
    assert str(exc.value)


@hsettings(max_examples=200, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "portal": st.booleans(),
            "formatos": st.sampled_from(["pdf", "csv"]),
            "escala": st.integers(1, 5),
            "canales": st.lists(st.sampled_from(["web", "app"]), unique=True, min_size=1),
            "tramites": st.integers(0, 500),
        },
    )
)
def test_scores_stay_in_range_and_are_deterministic(answers):
    r1 = scoring.compute(INSTRUMENT, answers)
    r2 = scoring.compute(INSTRUMENT, dict(reversed(list(answers.items()))))
    assert r1 == r2
    for value in [*r1.dimensions.values(), r1.overall]:
        assert value is None or (0 <= value <= 100 and not math.isnan(value))
    assert (r1.level is None) == (r1.overall is None)


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.floats(),
        st.text(max_size=50),
        st.lists(st.text(max_size=5)),
        st.dictionaries(st.text(max_size=3), st.integers()),
    )
)
def test_arbitrary_input_never_raises_anything_but_answer_error(raw):
    for q in INSTRUMENT.questions:
        with contextlib.suppress(scoring.AnswerError):
            scoring.validate_value(q, raw)


@pytest.mark.parametrize("raw", [10**400, "1e400", "abc\x00", "\ud800"])
def test_pathological_values_are_rejected_cleanly(raw):
    for q in (Q["tramites"], Q["comentario"]):
        with contextlib.suppress(scoring.AnswerError):
            value = scoring.validate_value(q, raw)
            assert value is None or q.type == "text" and "\x00" not in value
