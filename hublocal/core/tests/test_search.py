"""The full-text engine's query analysis: what a person types never reaches the database as
syntax, and the analysis is the one documents get (accents, stems, synonyms)."""

from __future__ import annotations

import re

import pytest

from hublocal.core import search

# Every character the full-text syntaxes of PostgreSQL (to_tsquery) and SQLite (FTS5) give a
# meaning to, plus SQL's and LIKE's.
SYNTAX = ['"', "*", "'", ":", "&", "|", "!", "(", ")", "<", ">", "-", "^", "+", "\\", "%", "_", ";"]
SAFE_TSQUERY = re.compile(r"^[\w' |&:*]*$")
SAFE_FTS5 = re.compile(r'^[\w" *]*(?: (?:OR|AND) [\w" *]*)*$')


@pytest.mark.parametrize("text", [*SYNTAX, "".join(SYNTAX), "   ", "", "de la y el", "\x00"])
def test_syntax_and_stop_words_only_give_an_empty_query(text):
    query = search.parse(text)
    assert not query
    assert query.tsquery() == "" and query.fts5() == ""


def test_syntax_around_words_is_dropped_and_the_words_kept():
    query = search.parse('"patentes" & (oirs | !reciclaje):* \'; DROP TABLE x; --', match_all=True)
    assert {"patent", "_oirs", "_reciclaje"} <= set(query.terms)
    for text in (query.tsquery(), query.tsquery(for_rank=True)):
        assert SAFE_TSQUERY.match(text), text
    for text in (query.fts5(), query.fts5(for_rank=True)):
        assert SAFE_FTS5.match(text), text
    assert all(f"'{t}'" in query.tsquery(for_rank=True) for t in query.terms)


def test_operator_words_are_quoted_terms_not_operators():
    query = search.parse("near and or not", match_all=True)
    assert query.fts5() == " AND ".join(f'"{t}"' for t in query.terms)
    assert all(t.islower() for t in query.terms)  # FTS5 operators are upper-case only


def test_accents_and_case_are_folded_like_documents():
    assert search.parse("GESTIÓN Peñalolén").terms == search.parse("gestion penalolen").terms
    assert search.document(["gestion", "penalolen"]) == "gestion penalolen"


def test_synonyms_become_the_same_concept():
    assert search.parse("licencias de funcionamiento").terms == search.parse("patentes comerciales").terms


def test_last_word_is_a_prefix_unless_finished_or_a_concept():
    assert search.parse("telegest").prefix
    assert search.parse("telegest").tsquery() == "'telegest':*"
    assert search.parse("telegest").fts5() == '"telegest" *'
    assert not search.parse("telegest ").prefix  # the person finished the word
    assert not search.parse("oirs").prefix  # a concept: synonyms, not spelling
    assert not search.parse("gas").prefix  # too short to narrow anything


def test_all_terms_required_but_implied_concepts_only_rank():
    query = search.parse("oirs vecinos", match_all=True)
    assert "_reclamo" in query.implied  # OIRS implies complaints
    assert query.required == ("_oirs", "vecin")
    assert query.tsquery() == "'_oirs' & 'vecin':*"
    assert query.any_term().tsquery() == "'_oirs' | 'vecin':*"
    assert "'_reclamo'" in query.tsquery(for_rank=True)
    assert query.fts5() == '"_oirs" AND "vecin" *'


def test_all_but_one_term():
    query = search.parse("agua luz gas", match_all=True, prefix=False).all_but_one()
    assert query.tsquery() == "('luz' & 'gas') | ('agu' & 'gas') | ('agu' & 'luz')"
    assert query.fts5() == '("luz" AND "gas") OR ("agu" AND "gas") OR ("agu" AND "luz")'


def test_a_pasted_text_builds_a_bounded_query():
    query = search.parse(" ".join(f"palabra{i}x" for i in range(500)))
    assert len(query.terms) <= search.MAX_QUERY_TERMS


def test_document_keeps_repeats_and_drops_anything_but_word_characters():
    assert search.document(["agua", "agua", "_oirs", "x'y", "", "a|b"]) == "agua agua _oirs xy ab"
