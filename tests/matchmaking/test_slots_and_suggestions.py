"""Pure functions: slot times, unavailable slots, and the suggestion score."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from klynge.matchmaking.slots import block_overlap, build_slots, unavailable_slots
from klynge.matchmaking.suggestions import Profile, keywords, rank, score

OSLO = ZoneInfo("Europe/Oslo")


def _slots(**overrides: object) -> list:
    fields = {
        "day": date(2030, 3, 5),
        "tz": OSLO,
        "morning_start": time(9, 0),
        "morning_slots": 3,
        "afternoon_start": time(13, 0),
        "afternoon_slots": 2,
        "meeting_minutes": 20,
        "break_minutes": 10,
    }
    fields.update(overrides)
    return build_slots(**fields)  # type: ignore[arg-type]  # `fields` are build_slots' keywords


def test_slots_are_numbered_across_morning_and_afternoon_with_breaks() -> None:
    slots = _slots()
    assert [s.number for s in slots] == [1, 2, 3, 4, 5]
    assert [s.label for s in slots] == [
        "09:00–09:20",
        "09:30–09:50",
        "10:00–10:20",
        "13:00–13:20",
        "13:30–13:50",
    ]
    assert [s.session for s in slots] == ["morning"] * 3 + ["afternoon"] * 2
    assert slots[0].starts_at.tzinfo is OSLO


def test_no_afternoon_without_a_start_time() -> None:
    assert len(_slots(afternoon_start=None)) == 3


def test_overlapping_blocks_are_detected() -> None:
    assert block_overlap(_slots(afternoon_start=time(10, 10))) is True
    assert block_overlap(_slots(afternoon_start=time(10, 20))) is False


def test_unavailable_slots_from_arrival_leaving_and_marked_slots() -> None:
    slots = _slots()
    assert unavailable_slots(slots) == frozenset()
    assert unavailable_slots(slots, arrives_at=time(9, 30)) == {1}
    assert unavailable_slots(slots, leaves_at=time(13, 20)) == {5}
    assert unavailable_slots(slots, leaves_at=time(13, 19)) == {4, 5}
    assert unavailable_slots(slots, arrives_at=time(9, 31), unavailable=[3]) == {1, 2, 3}


def test_keywords_drop_stop_words_short_words_and_plural_s() -> None:
    # "dsos" is too short to stem safely; "and", "the", "for", "offer" are stop words.
    assert keywords("We offer smart grids and the batteries, for DSOs!") == {
        "smart",
        "grid",
        "batterie",
        "dsos",
    }


def test_score_counts_topics_met_needs_and_wanted_offers() -> None:
    me = Profile(1, frozenset({10, 11}), offers="battery storage", needs="flexibility market data")
    other = Profile(2, frozenset({11, 12}), offers="market data platform", needs="storage")
    result = score(me, other)
    # one shared topic (3) + two of my needs in their offers (2 x 2) + one of theirs in mine (1)
    assert result.score == 3 + 4 + 1
    assert result.shared_topics == {11}
    assert result.they_offer == ("data", "market")
    assert result.they_need == ("storage",)


def test_score_is_zero_for_myself_and_for_nothing_in_common() -> None:
    me = Profile(1, frozenset({1}), offers="grid", needs="money")
    assert score(me, me).score == 0
    assert score(me, Profile(2, frozenset({2}), offers="catering", needs="venues")).score == 0


def test_rank_orders_by_score_skips_contacts_colleagues_and_zeroes() -> None:
    me = Profile(1, frozenset({1, 2}), needs="investor", organisation_id=7)
    people = [
        Profile(2, frozenset({1}), organisation_id=8),  # 3
        Profile(3, frozenset({1, 2}), offers="investor", organisation_id=9),  # 6 + 2
        Profile(4, frozenset({1, 2}), organisation_id=7),  # colleague
        Profile(5, frozenset(), organisation_id=10),  # nothing in common
        Profile(6, frozenset({2}), organisation_id=11),  # 3, already contacted
        Profile(7, frozenset({2}), organisation_id=12),  # 3
    ]
    assert [s.id for s in rank(me, people, exclude={6})] == [3, 2, 7]
    assert [s.id for s in rank(me, people, exclude={6}, limit=1)] == [3]
    assert 4 in [s.id for s in rank(me, people, same_organisation=True)]
