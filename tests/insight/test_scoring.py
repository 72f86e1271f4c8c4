"""The engagement score, levels and reach as pure functions (no database)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from klynge.insight import scoring
from klynge.insight.scoring import Settings

AS_OF = date(2026, 6, 30)


def test_window_and_months() -> None:
    assert scoring.months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert scoring.months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert scoring.months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)
    assert scoring.window_start(AS_OF, Settings()) == date(2025, 7, 1)


def test_score_decays_by_half_life_and_ignores_old_and_future_rows() -> None:
    rows = [
        ("checkin", 1, AS_OF, 2),  # 2 x 3 = 6
        ("project", 1, date(2026, 1, 1), 1),  # 5 x 0.5 ** (180 / 180) = 2.5
        ("registration", 1, date(2025, 6, 30), 9),  # outside the window: only last activity
        ("b2b", 1, date(2026, 7, 1), 5),  # after as_of: ignored
        ("idea", 2, date(2025, 7, 1), 1),  # first day of the window
    ]
    result = scoring.score_all(rows, [1, 2, 3], AS_OF, Settings())
    assert result[1].score == 8.5 and result[1].counts == {"checkin": 2, "project": 1}
    assert result[1].last_activity == AS_OF and result[1].level == scoring.ACTIVE
    assert (
        result[2].level == scoring.OCCASIONAL and result[2].score == 0.25
    )  # 364 days: ~2 half-lives
    assert result[3].level == scoring.DORMANT and result[3].last_activity is None
    own = Settings(weights={"checkin": 0.5}, half_life_days=30, window_months=3, active_threshold=1)
    mine = scoring.score_all(rows, [1], AS_OF, own)[1]
    assert mine.counts == {"checkin": 2} and mine.score == 1.0 and mine.level == scoring.ACTIVE


def test_reach_by_group_and_over_time() -> None:
    levels = {1: scoring.ACTIVE, 2: scoring.DORMANT, 3: scoring.OCCASIONAL, 4: scoring.DORMANT}
    overall, groups = scoring.reach(levels, {1: "sme", 2: "sme", 3: "large", 4: "large"})
    assert (overall.members, overall.reached, overall.share) == (4, 2, 0.5)
    assert [(g.key, g.members, g.reached) for g in groups] == [("large", 2, 1), ("sme", 2, 1)]
    assert scoring.quarter_ends(date(2026, 5, 10), 4) == [
        date(2025, 9, 30),
        date(2025, 12, 31),
        date(2026, 3, 31),
        date(2026, 5, 10),
    ]
    periods = [
        (1, date(2020, 1, 1), None),
        (2, date(2026, 1, 1), None),
        (3, date(2020, 1, 1), date(2026, 1, 1)),
    ]
    rows = [
        ("checkin", 1, date(2025, 11, 1), 1),
        ("checkin", 2, date(2026, 2, 1), 1),
        ("idea", 3, date(2025, 10, 1), 1),
    ]
    days = [date(2025, 9, 30), date(2025, 12, 31), date(2026, 3, 31)]
    shares = scoring.reach_over_time(rows, periods, days, Settings())
    assert [(s.members, s.reached) for s in shares] == [(2, 0), (2, 2), (2, 2)]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(scoring.KINDS),
            st.integers(min_value=1, max_value=5),
            st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 1, 1)),
            st.integers(min_value=1, max_value=4),
        ),
        max_size=60,
    )
)
def test_properties(rows: list[tuple[str, int, date, int]]) -> None:
    settings = Settings()
    result = scoring.score_all(rows, range(1, 6), AS_OF, settings)
    start = scoring.window_start(AS_OF, settings)
    for org, engagement in result.items():
        mine = [r for r in rows if r[1] == org and start <= r[2] <= AS_OF]
        assert engagement.activities == sum(r[3] for r in mine)
        assert engagement.score <= sum(settings.weight(r[0]) * r[3] for r in mine) + 1e-6
        assert (engagement.level == scoring.DORMANT) == (not mine)
    # One more activity never lowers a score.
    more = scoring.score_all([*rows, ("checkin", 1, AS_OF, 1)], range(1, 6), AS_OF, settings)
    assert more[1].score > result[1].score
