"""The pure answering rules and statistics (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from klynge.insight import stats
from klynge.insight.logic import (
    Invalid,
    Spec,
    check_condition,
    clean_value,
    merge,
    missing_required,
    visible_keys,
)

CHOICE = Spec("q1", "single", required=True, options=("yes", "no"))
MULTI = Spec(
    "q2", "multiple", options=("a", "b", "c"), condition_key="q1", condition_values=("yes",)
)
SCALE = Spec("q3", "scale", condition_key="q2", condition_values=("b",))
NPS = Spec("q4", "nps", required=True)
MATRIX = Spec("q5", "matrix", required=True, statements=("x", "y"))
NUMBER = Spec("q6", "number", min_value=0, max_value=100)
TEXT = Spec("q7", "short_text")
SPECS = [CHOICE, MULTI, SCALE, NPS, MATRIX, NUMBER, TEXT]


@pytest.mark.parametrize(
    ("spec", "raw", "value"),
    [
        (CHOICE, "yes", "yes"),
        (CHOICE, "", None),
        (MULTI, ["c", "a"], ["a", "c"]),
        (MULTI, "b", ["b"]),
        (MULTI, [], None),
        (SCALE, "4", 4),
        (SCALE, 5, 5),
        (NPS, "0", 0),
        (NPS, "10", 10),
        (MATRIX, {"x": "2", "y": ""}, {"x": 2}),
        (MATRIX, {"x": "", "y": ""}, None),
        (NUMBER, "12,5", 12.5),
        (NUMBER, "1 000", None),
        (TEXT, "  hello ", "hello"),
    ],
)
def test_clean_value(spec: Spec, raw: object, value: object) -> None:
    if spec is NUMBER and raw == "1 000":
        with pytest.raises(Invalid):
            clean_value(spec, raw)
        return
    assert clean_value(spec, raw) == value


@pytest.mark.parametrize(
    ("spec", "raw"),
    [
        (CHOICE, "maybe"),
        (MULTI, ["a", "z"]),
        (SCALE, "6"),
        (SCALE, "2.5"),
        (NPS, "11"),
        (NPS, "-1"),
        (MATRIX, {"z": "1"}),
        (MATRIX, {"x": "9"}),
        (MATRIX, "3"),
        (NUMBER, "ten"),
        (NUMBER, "-1"),
        (NUMBER, "nan"),
        (TEXT, "x" * 301),
    ],
)
def test_clean_value_refuses(spec: Spec, raw: object) -> None:
    with pytest.raises(Invalid):
        clean_value(spec, raw)


def test_conditions_chain_and_hide_descendants() -> None:
    assert visible_keys(SPECS, {}) == {"q1", "q4", "q5", "q6", "q7"}
    assert "q2" in visible_keys(SPECS, {"q1": "yes"})
    assert "q3" not in visible_keys(SPECS, {"q1": "yes", "q2": ["a"]})
    assert "q3" in visible_keys(SPECS, {"q1": "yes", "q2": ["a", "b"]})
    # q1 changes to "no": q2 hides, and so does q3 that depends on it.
    assert visible_keys(SPECS, {"q1": "no", "q2": ["b"]}) == {"q1", "q4", "q5", "q6", "q7"}


def test_merge_keeps_old_answer_on_invalid_input_and_drops_hidden() -> None:
    saved = {"q1": "yes", "q2": ["b"], "q3": 4, "q6": 10.0}
    answers, errors, shown = merge(SPECS, saved, {"q1": "no", "q6": "lots"})
    assert answers == {"q1": "no", "q6": 10.0}
    assert set(errors) == {"q6"}
    assert "q2" not in shown


def test_missing_required_counts_every_matrix_statement() -> None:
    answers = {"q1": "no", "q4": 9, "q5": {"x": 3}}
    assert missing_required(SPECS, answers, visible_keys(SPECS, answers)) == ["q5"]
    answers["q5"] = {"x": 3, "y": 1}
    assert missing_required(SPECS, answers, visible_keys(SPECS, answers)) == []


def test_check_condition() -> None:
    check_condition(SPECS, MULTI)
    with pytest.raises(Invalid):
        check_condition(
            SPECS, Spec("q8", "single", options=("a",), condition_key="q7", condition_values=("x",))
        )
    with pytest.raises(Invalid):  # points to a later question
        check_condition([MULTI, CHOICE], MULTI)
    with pytest.raises(Invalid):  # an answer the question does not have
        check_condition(
            SPECS, Spec("q8", "single", condition_key="q1", condition_values=("maybe",))
        )
    check_condition(
        SPECS, Spec("q8", "short_text", condition_key="q4", condition_values=("0", "6"))
    )


def test_nps_and_summary() -> None:
    result = stats.nps([10, 9, 8, 7, 6, 0])
    assert (result.promoters, result.passives, result.detractors, result.score) == (2, 2, 2, 0)
    assert stats.nps([10, 10, 3]).score == 33
    assert stats.nps([]).score is None
    summary = stats.numeric_summary([1, 2, 2, 5], points=[1, 2, 3, 4, 5])
    assert (summary.n, summary.mean, summary.median) == (4, 2.5, 2.0)
    assert summary.distribution == [("1", 1), ("2", 2), ("3", 0), ("4", 0), ("5", 1)]
    n, counts = stats.choice_counts([["a", "b"], "a", None, []], ["a", "b", "c"])
    assert n == 2 and counts == [("a", 2), ("b", 1), ("c", 0)]


@given(st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=50))
def test_nps_is_a_bounded_difference_of_shares(scores: list[int]) -> None:
    result = stats.nps(scores)
    assert -100 <= result.score <= 100
    assert result.promoters + result.passives + result.detractors == len(scores)


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=40))
def test_histogram_counts_every_value(values: list[float]) -> None:
    assert sum(n for _label, n in stats.histogram(values)) == len(values)
