"""The query language: what users type becomes a tree, forgivingly, and never anything else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from girok.search.query import MAX_LENGTH, MAX_TERMS, And, Not, Or, Phrase, QueryError, Term, parse


def test_words_side_by_side_must_all_match() -> None:
    assert parse("torture Yodok").node == And((Term("torture"), Term("Yodok")))


def test_or_binds_more_loosely_than_and() -> None:
    node = parse("beaten camp OR 구타").node
    assert node == Or((And((Term("beaten"), Term("camp"))), Term("구타")))


def test_not_minus_phrases_prefixes_and_parentheses() -> None:
    node = parse('"political prison" -Hoeryong (tortur* OR NOT 구타)').node
    assert node == And(
        (
            Phrase("political prison"),
            Not(Term("Hoeryong")),
            Or((Term("tortur", prefix=True), Not(Term("구타")))),
        )
    )


def test_typographic_quotes_make_phrases() -> None:
    assert parse("“요덕 수용소”").node == Phrase("요덕 수용소")


def test_a_hyphen_inside_a_word_is_not_negation() -> None:
    assert parse("Yong-ho").node == Term("Yong-ho")


def test_an_unclosed_quote_runs_to_the_end_and_says_so() -> None:
    parsed = parse('"political prison')
    assert parsed.node == Phrase("political prison")
    assert parsed.notes == ["an unclosed quote was closed at the end of the query"]


def test_unbalanced_parentheses_and_dangling_operators_are_forgiven() -> None:
    parsed = parse("(torture OR beaten")
    assert parsed.node == Or((Term("torture"), Term("beaten")))
    assert "a missing closing parenthesis was added at the end" in parsed.notes
    parsed = parse("torture) AND OR")
    assert parsed.node == Term("torture")
    assert len(parsed.notes) >= 2


def test_fts_and_sql_syntax_is_only_text() -> None:
    node = parse("NEAR(a b) col:value ^start x' OR 1=1; --").node
    assert isinstance(node, Or)
    words = [t.text for t in _terms(node)]
    assert "NEAR" in words[0] or "NEAR(a" in words
    assert "1=1;" in words


def test_empty_and_blank_queries_have_no_tree() -> None:
    assert parse("").node is None
    assert parse("   ").node is None
    assert parse("*").node is None


def test_too_long_too_many_words_or_too_deep_is_refused_in_one_line() -> None:
    with pytest.raises(QueryError, match=f"limit is {MAX_LENGTH}"):
        parse("가" * 10_000)
    with pytest.raises(QueryError, match="more than 64 words"):
        parse(" ".join(["word"] * (MAX_TERMS + 1)))
    with pytest.raises(QueryError, match="nests parentheses"):
        parse("(" * 40 + "x" + ")" * 40)


@given(st.text(max_size=200))
def test_any_text_parses_or_is_refused_with_a_query_error(text: str) -> None:
    try:
        parsed = parse(text)
    except QueryError as error:
        assert "\n" not in str(error)
        return
    assert parsed.node is None or isinstance(parsed.node, (Term, Phrase, And, Or, Not))


def _terms(node: object) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    if isinstance(node, (And, Or)):
        return [t for item in node.items for t in _terms(item)]
    if isinstance(node, Not):
        return _terms(node.item)
    return []
