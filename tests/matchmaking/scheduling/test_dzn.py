"""The .dzn reader: hand-written snippets and every benchmark file against its header."""

from __future__ import annotations

from pathlib import Path

import pytest

from klynge.matchmaking.scheduling import SessionRestriction, read_dzn
from klynge.matchmaking.scheduling.dzn import (
    DznError,
    parse_dzn,
    problem_from_dzn,
)
from tests.shared_data import B2B

FILES = sorted(B2B.glob("*/*.dzn")) if B2B.is_dir() else []

SNIPPET = """
nBusiness = 3 ;   % participants
nMeetings=2;nTables = 1;
nTotalSlots = 4; nMorningSlots = 2;
requested = [|1,2,1
  | 3, 2 , 3 |];
meetingsxBusiness = [{1,2},{1,2,3},{1,3}];
nMeetingsBusiness = [1,2,1];
forbidden = [{0}, {0, 4}, {1..2}];
fixed = [0, 3];
precedences = [{}, {1}];
"""


def test_parse_snippet_with_odd_whitespace_and_comments() -> None:
    data = parse_dzn(SNIPPET)
    assert data["nBusiness"] == 3
    assert data["requested"] == [[1, 2, 1], [3, 2, 3]]
    assert data["forbidden"] == [frozenset({0}), frozenset({0, 4}), frozenset({1, 2})]
    problem = problem_from_dzn(data)
    assert [m.pair for m in problem.meetings] == [(1, 2), (3, 2)]
    assert problem.meetings[0].session is SessionRestriction.MORNING
    assert dict(problem.forbidden) == {2: frozenset({4}), 3: frozenset({1, 2})}
    assert problem.fixed[2].slot == 3
    assert problem.precedences == ((1, 2),)
    assert [s.session.value for s in problem.slots] == ["morning"] * 2 + ["afternoon"] * 2


def test_parse_errors_are_reported() -> None:
    with pytest.raises(DznError):
        parse_dzn("nBusiness = ;")
    with pytest.raises(DznError):
        problem_from_dzn(parse_dzn("nBusiness = 1; nMeetings = 1; nTables = 1;"))


@pytest.mark.shared_data
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_benchmark_file_counts_match_header(path: Path) -> None:
    data = parse_dzn(path.read_text())
    problem = read_dzn(path)
    assert len(problem.participants) == data["nBusiness"]
    assert len(problem.meetings) == data["nMeetings"]
    assert problem.n_slots == data["nTotalSlots"]
    assert problem.n_tables == data["nTables"]
    morning = sum(1 for s in problem.slots if s.session.value == "morning")
    assert morning == data["nMorningSlots"]
    per_person = data["nMeetingsBusiness"]
    assert isinstance(per_person, list)
    counts = {p: 0 for p in problem.participants}
    for m in problem.meetings:
        counts[m.a] += 1
        counts[m.b] += 1
    assert [counts[p] for p in problem.participants] == per_person
    sets = data["meetingsxBusiness"]
    assert isinstance(sets, list)
    for p, ids in zip(problem.participants, sets, strict=True):
        assert isinstance(ids, frozenset)
        mine = {m.id for m in problem.meetings if p in m.pair}
        assert {i - 1 for i in ids if i > 1} == mine
    assert problem.check() == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("precedences = [{}, {1}];", ""), "missing field(s): precedences"),
        (("forbidden =", "forbiden ="), "unknown field 'forbiden' (did you mean 'forbidden'?)"),
        (("{0, 4}", "{0, 5}"), "forbidden[2]: 5 is out of range 0..4"),
        (("fixed = [0, 3]", "fixed = [0, 9]"), "fixed[2]: slot 9 is out of range 0..4"),
        (("fixed = [0, 3]", "fixed = [3]"), "fixed has 1 entries, expected 2"),
        (("{}, {1}]", "{}, {7}]"), "precedences[2]: 7 is out of range 1..2"),
        (("3, 2 , 3 |", "3, 2 , 4 |"), "requested row 2: session 4 is not 1, 2 or 3"),
        (("[1,2,1];", "[1,1,1];"), "nMeetingsBusiness[2] = 1, but requested has 2 meetings of 2"),
    ],
)
def test_bad_fields_are_clear_errors(change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in SNIPPET
    with pytest.raises(DznError) as error:
        problem_from_dzn(parse_dzn(SNIPPET.replace(old, new)))
    assert str(error.value) == message
