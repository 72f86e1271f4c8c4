"""The pages `web_pages.py` times, each with its raw-SQL floor: the smallest SQL that returns the
rows the page shows (hand-written, with the best plan the same database allows: keyset instead of
OFFSET, LIMIT on the page's rows, plain counts for the totals it prints).

A floor is a function of (cursor, data) that runs its statements and fetches every row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PAGE = 25
API_PAGE = 50


@dataclass
class Data:
    """Ids and keys of the generated data the pages are opened with (found once, before timing)."""

    slug: str
    cluster_id: int
    today: datetime.date
    big_event_id: int
    big_organisation_id: int
    person_id: int
    project_id: int
    course_id: int
    contact_organisation_id: int
    search: str
    directory_pages: int
    last_page_key: tuple[str, int]  # (lower(name), id) of the row before the last page
    api_registration_page: int
    api_registration_key: tuple[str, int]  # (full_name, id) before that API page


@dataclass
class Page:
    name: str
    role: str  # manager, contact, officer
    url: Callable[[Data], str]
    floor: Callable[[Any, Data], None]
    api: bool = False


def run(cursor: Any, sql: str, params: list[Any]) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()


ACTIVE = "m.cluster_id = %s AND m.joined_on <= %s AND (m.left_on IS NULL OR m.left_on > %s)"
DIRECTORY_COLUMNS = (
    "o.id, o.name, o.kind, o.size_class, o.county, o.country, o.org_number, o.is_bankrupt, "
    "o.deleted_on, m.joined_on, m.left_on, m.category, m.fee_tier, m.annual_fee"
)


def _active(d: Data) -> list[Any]:
    return [d.cluster_id, d.today, d.today]


def _topics_of(cursor: Any, org_ids: list[int]) -> None:
    if org_ids:
        marks = ", ".join(["%s"] * len(org_ids))
        run(
            cursor,
            "SELECT ot.organisation_id, t.name_en FROM members_organisation_topics ot "
            f"JOIN clusters_topic t ON t.id = ot.topic_id WHERE ot.organisation_id IN ({marks})",
            org_ids,
        )


def _directory_counts(cursor: Any, d: Data) -> None:
    """The three status counts and the total the directory prints."""
    run(cursor, f"SELECT count(*) FROM members_membership m WHERE {ACTIVE}", _active(d))
    run(
        cursor,
        "SELECT count(DISTINCT organisation_id), count(*) FROM members_membership "
        "WHERE cluster_id = %s",
        [d.cluster_id],
    )


def _directory(
    order: str,
    extra: str = "",
    params: Callable[[Data], list[Any]] | None = None,
    count: bool = True,
) -> Callable[[Any, Data], None]:
    def floor(cursor: Any, d: Data) -> None:
        rows = run(
            cursor,
            f"SELECT {DIRECTORY_COLUMNS} FROM members_membership m "
            f"JOIN members_organisation o ON o.id = m.organisation_id WHERE {ACTIVE} {extra} "
            f"ORDER BY {order} LIMIT {PAGE}",
            _active(d) + (params(d) if callable(params) else []),
        )
        _topics_of(cursor, [row[0] for row in rows])
        if count:
            _directory_counts(cursor, d)

    return floor


def _directory_search(cursor: Any, d: Data) -> None:
    like = [f"%{d.search}%"]
    rows = run(
        cursor,
        f"SELECT {DIRECTORY_COLUMNS} FROM members_membership m JOIN members_organisation o "
        f"ON o.id = m.organisation_id WHERE {ACTIVE} AND lower(o.name) LIKE %s "
        f"ORDER BY lower(o.name), o.id LIMIT {PAGE}",
        _active(d) + like,
    )
    _topics_of(cursor, [row[0] for row in rows])
    run(
        cursor,
        "SELECT count(*) FROM members_membership m JOIN members_organisation o "
        f"ON o.id = m.organisation_id WHERE {ACTIVE} AND lower(o.name) LIKE %s",
        _active(d) + like,
    )
    _directory_counts(cursor, d)


def _directory_last_page(cursor: Any, d: Data) -> None:
    name, pk = d.last_page_key
    rows = run(
        cursor,
        f"SELECT {DIRECTORY_COLUMNS} FROM members_membership m JOIN members_organisation o "
        f"ON o.id = m.organisation_id WHERE {ACTIVE} AND (lower(o.name), o.id) > (%s, %s) "
        f"ORDER BY lower(o.name), o.id LIMIT {PAGE}",
        [*_active(d), name, pk],
    )
    _topics_of(cursor, [row[0] for row in rows])
    _directory_counts(cursor, d)


def _directory_export(cursor: Any, d: Data) -> None:
    rows = run(
        cursor,
        f"SELECT {DIRECTORY_COLUMNS}, o.employees, o.nace_codes, o.municipality, o.website "
        f"FROM members_membership m JOIN members_organisation o ON o.id = m.organisation_id "
        f"WHERE {ACTIVE} ORDER BY lower(o.name), o.id",
        _active(d),
    )
    run(
        cursor,
        "SELECT ot.organisation_id, t.name_en FROM members_organisation_topics ot "
        "JOIN clusters_topic t ON t.id = ot.topic_id JOIN members_membership m "
        f"ON m.organisation_id = ot.organisation_id WHERE {ACTIVE}",
        _active(d),
    )
    assert rows


def _organisation(cursor: Any, d: Data) -> None:
    oid = d.big_organisation_id
    run(cursor, "SELECT * FROM members_organisation WHERE id = %s", [oid])
    run(
        cursor,
        "SELECT t.name_en FROM members_organisation_topics ot JOIN clusters_topic t "
        "ON t.id = ot.topic_id WHERE ot.organisation_id = %s",
        [oid],
    )
    run(
        cursor,
        "SELECT m.*, c.short_name FROM members_membership m JOIN clusters_cluster c "
        "ON c.id = m.cluster_id WHERE m.organisation_id = %s ORDER BY m.joined_on DESC",
        [oid],
    )
    run(
        cursor,
        "SELECT id, full_name, title FROM members_person WHERE organisation_id = %s "
        f"AND anonymised_at IS NULL ORDER BY full_name, id LIMIT {PAGE}",
        [oid],
    )
    run(cursor, "SELECT count(*) FROM members_person WHERE organisation_id = %s", [oid])


def _person(cursor: Any, d: Data) -> None:
    run(
        cursor,
        "SELECT p.*, o.name FROM members_person p LEFT JOIN members_organisation o "
        "ON o.id = p.organisation_id WHERE p.id = %s",
        [d.person_id],
    )
    run(
        cursor,
        "SELECT r.id, r.status, e.title, e.starts_at FROM events_registration r JOIN events_event e "
        "ON e.id = r.event_id WHERE r.person_id = %s ORDER BY e.starts_at DESC LIMIT 10",
        [d.person_id],
    )


def _composition(cursor: Any, d: Data) -> None:
    for column in ("o.kind", "o.size_class", "o.county", "o.country", "o.nace_primary"):
        run(
            cursor,
            f"SELECT {column}, count(*) FROM members_membership m JOIN members_organisation o "
            f"ON o.id = m.organisation_id WHERE {ACTIVE} GROUP BY {column}",
            _active(d),
        )
    run(
        cursor,
        "SELECT joined_on, left_on FROM members_membership WHERE cluster_id = %s",
        [d.cluster_id],
    )


def _participants(cursor: Any, d: Data) -> None:
    run(
        cursor,
        "SELECT r.id, r.status, r.waitlist_position, r.checked_in_at, p.full_name, p.email, "
        "o.name, r.organisation_name FROM events_registration r JOIN members_person p "
        "ON p.id = r.person_id LEFT JOIN members_organisation o ON o.id = r.organisation_id "
        "WHERE r.event_id = %s AND r.status <> 'cancelled' "
        f"ORDER BY p.full_name, r.id LIMIT {PAGE}",
        [d.big_event_id],
    )
    run(
        cursor,
        "SELECT status, count(*) FROM events_registration WHERE event_id = %s GROUP BY status",
        [d.big_event_id],
    )


def _api_registrations_deep(cursor: Any, d: Data) -> None:
    name, pk = d.api_registration_key
    run(
        cursor,
        "SELECT r.*, p.full_name, p.email, o.name FROM events_registration r "
        "JOIN members_person p ON p.id = r.person_id LEFT JOIN members_organisation o "
        "ON o.id = r.organisation_id WHERE r.event_id = %s AND r.status <> 'cancelled' "
        "AND (p.full_name, r.id) > (%s, %s) "
        f"ORDER BY p.full_name, r.id LIMIT {API_PAGE}",
        [d.big_event_id, name, pk],
    )
    run(
        cursor,
        "SELECT count(*) FROM events_registration WHERE event_id = %s AND status <> 'cancelled'",
        [d.big_event_id],
    )


def _participants_export(cursor: Any, d: Data) -> None:
    run(
        cursor,
        "SELECT p.full_name, p.email, o.name, r.organisation_name, r.status, r.waitlist_position, "
        "r.source, r.created_at, r.checked_in_at, r.answers FROM events_registration r "
        "JOIN members_person p ON p.id = r.person_id LEFT JOIN members_organisation o "
        "ON o.id = r.organisation_id WHERE r.event_id = %s AND r.status <> 'cancelled' "
        "ORDER BY p.full_name, r.id",
        [d.big_event_id],
    )


def _events(cursor: Any, d: Data) -> None:
    run(
        cursor,
        "SELECT e.id, e.title, e.starts_at, e.ends_at, e.venue, e.capacity, e.status "
        "FROM events_event e WHERE e.cluster_id = %s AND e.starts_at >= %s "
        f"ORDER BY e.starts_at, e.id LIMIT {PAGE}",
        [d.cluster_id, d.today],
    )


def _event(cursor: Any, d: Data) -> None:
    run(cursor, "SELECT * FROM events_event WHERE id = %s", [d.big_event_id])
    run(
        cursor,
        "SELECT status, count(*) FROM events_registration WHERE event_id = %s GROUP BY status",
        [d.big_event_id],
    )


def _projects(cursor: Any, d: Data) -> None:
    rows = run(
        cursor,
        "SELECT p.id, p.title, p.acronym, p.kind, p.status, p.start_date, p.end_date "
        "FROM projects_project p WHERE p.lead_cluster_id = %s "
        f"ORDER BY p.start_date DESC, p.id DESC LIMIT {PAGE}",
        [d.cluster_id],
    )
    ids = [row[0] for row in rows]
    marks = ", ".join(["%s"] * len(ids))
    run(
        cursor,
        "SELECT pp.project_id, o.kind, o.employees, o.country FROM projects_projectpartner pp "
        f"JOIN members_organisation o ON o.id = pp.organisation_id WHERE pp.project_id IN ({marks})",
        ids,
    )
    run(cursor, "SELECT count(*) FROM projects_project WHERE lead_cluster_id = %s", [d.cluster_id])


def _project(cursor: Any, d: Data) -> None:
    run(cursor, "SELECT * FROM projects_project WHERE id = %s", [d.project_id])
    run(
        cursor,
        "SELECT pp.*, o.name FROM projects_projectpartner pp JOIN members_organisation o "
        "ON o.id = pp.organisation_id WHERE pp.project_id = %s",
        [d.project_id],
    )
    run(cursor, "SELECT * FROM projects_fundingsource WHERE project_id = %s", [d.project_id])


def _courses(cursor: Any, d: Data) -> None:
    run(
        cursor,
        "SELECT c.id, c.title, c.kind, c.capacity, min(s.starts_at) FROM learning_course c "
        "LEFT JOIN learning_coursesession s ON s.course_id = c.id WHERE c.cluster_id = %s "
        f"GROUP BY c.id, c.title, c.kind, c.capacity ORDER BY c.title LIMIT {PAGE}",
        [d.cluster_id],
    )


def _clusters_portfolio(cursor: Any, d: Data) -> None:
    rows = run(cursor, f"SELECT id, name FROM clusters_cluster ORDER BY name LIMIT {PAGE}", [])
    ids = [row[0] for row in rows]
    marks = ", ".join(["%s"] * len(ids))
    run(
        cursor,
        "SELECT cluster_id, count(*) FROM members_membership WHERE joined_on <= %s AND "
        f"(left_on IS NULL OR left_on > %s) AND cluster_id IN ({marks}) GROUP BY cluster_id",
        [d.today, d.today, *ids],
    )
    run(
        cursor,
        f"SELECT cluster_id, level_id FROM programme_clusterstatus WHERE cluster_id IN ({marks}) "
        "AND ends_on IS NULL",
        ids,
    )
    run(cursor, "SELECT count(*) FROM clusters_cluster", [])


def _nothing(cursor: Any, d: Data) -> None:
    run(cursor, "SELECT 1", [])


def _one_cluster(cursor: Any, d: Data) -> None:
    run(cursor, "SELECT * FROM clusters_cluster WHERE id = %s", [d.cluster_id])


def _contact_organisation(cursor: Any, d: Data) -> None:
    oid = d.contact_organisation_id
    run(cursor, "SELECT * FROM members_organisation WHERE id = %s", [oid])
    run(
        cursor,
        "SELECT id, full_name, email FROM members_person WHERE organisation_id = %s "
        f"ORDER BY full_name LIMIT {PAGE}",
        [oid],
    )


def _org_list(cursor: Any, d: Data) -> None:
    run(
        cursor,
        "SELECT o.* FROM members_organisation o WHERE o.id IN (SELECT organisation_id FROM "
        f"members_membership WHERE cluster_id = %s) ORDER BY o.name, o.id LIMIT {API_PAGE}",
        [d.cluster_id],
    )
    run(
        cursor,
        "SELECT count(DISTINCT organisation_id) FROM members_membership WHERE cluster_id = %s",
        [d.cluster_id],
    )


def _api_directory(cursor: Any, d: Data) -> None:
    _directory("lower(o.name), o.id")(cursor, d)


PAGES: list[Page] = [
    Page(
        "member directory, page 1",
        "manager",
        lambda d: f"/clusters/{d.slug}/members/",
        _directory("lower(o.name), o.id"),
    ),
    Page(
        "directory sorted by join date",
        "manager",
        lambda d: f"/clusters/{d.slug}/members/?sort=joined",
        _directory("m.joined_on, lower(o.name), o.id"),
    ),
    Page(
        "directory with a search term",
        "manager",
        lambda d: f"/clusters/{d.slug}/members/?q={d.search}",
        _directory_search,
    ),
    Page(
        "directory, last page",
        "manager",
        lambda d: f"/clusters/{d.slug}/members/?page={d.directory_pages}",
        _directory_last_page,
    ),
    Page(
        "directory, kind and county filter",
        "manager",
        lambda d: f"/clusters/{d.slug}/members/?kind=sme&county=Oslo",
        _directory("lower(o.name), o.id", "AND o.kind = 'sme' AND o.county = 'Oslo'"),
    ),
    Page(
        "directory CSV export",
        "manager",
        lambda d: f"/clusters/{d.slug}/members/export/csv/",
        _directory_export,
    ),
    Page(
        "organisation page (1,000 people)",
        "manager",
        lambda d: f"/organisations/{d.big_organisation_id}/",
        _organisation,
    ),
    Page("person page", "manager", lambda d: f"/people/{d.person_id}/", _person),
    Page(
        "composition today", "manager", lambda d: f"/clusters/{d.slug}/composition/", _composition
    ),
    Page("event list", "manager", lambda d: "/events/", _events),
    Page(
        "event page (20,000 registrations)",
        "manager",
        lambda d: f"/events/{d.big_event_id}/",
        _event,
    ),
    Page(
        "event participants, page 1",
        "manager",
        lambda d: f"/events/{d.big_event_id}/participants/",
        _participants,
    ),
    Page(
        "participants CSV export",
        "manager",
        lambda d: f"/events/{d.big_event_id}/participants/?export=csv",
        _participants_export,
    ),
    Page("project portfolio", "manager", lambda d: f"/clusters/{d.slug}/projects/", _projects),
    Page("project page", "manager", lambda d: f"/projects/{d.project_id}/", _project),
    Page("course list", "manager", lambda d: "/courses/", _courses),
    Page("cluster page", "manager", lambda d: f"/clusters/{d.slug}/", _one_cluster),
    Page("manager home", "manager", lambda d: "/", _one_cluster),
    Page(
        "API directory, page 1",
        "manager",
        lambda d: f"/api/v1/clusters/{d.slug}/members",
        _api_directory,
        api=True,
    ),
    Page("API organisations", "manager", lambda d: "/api/v1/organisations", _org_list, api=True),
    Page(
        "API registrations, a deep page",
        "manager",
        lambda d: f"/api/v1/events/{d.big_event_id}/participants?page={d.api_registration_page}",
        _api_registrations_deep,
        api=True,
    ),
    Page("API events", "manager", lambda d: "/api/v1/events", _events, api=True),
    Page("API courses", "manager", lambda d: "/api/v1/courses", _courses, api=True),
    Page(
        "API project portfolio",
        "manager",
        lambda d: f"/api/v1/clusters/{d.slug}/projects",
        _projects,
        api=True,
    ),
    Page("contact home", "contact", lambda d: "/", _contact_organisation),
    Page("my organisation", "contact", lambda d: "/my/organisation/", _contact_organisation),
    Page(
        "member directory (member view)",
        "contact",
        lambda d: f"/clusters/{d.slug}/members/",
        _directory("lower(o.name), o.id", count=False),
    ),
    Page("event list (member)", "contact", lambda d: "/events/", _events),
    Page("officer home", "officer", lambda d: "/", _clusters_portfolio),
    Page("programme portfolio", "officer", lambda d: "/programme/portfolio/", _clusters_portfolio),
    Page("cluster list", "officer", lambda d: "/clusters/", _clusters_portfolio),
    Page(
        "cluster programme page",
        "officer",
        lambda d: f"/programme/clusters/{d.slug}/",
        _one_cluster,
    ),
    Page(
        "readiness", "officer", lambda d: f"/programme/clusters/{d.slug}/readiness/", _composition
    ),
    Page(
        "API portfolio",
        "officer",
        lambda d: "/api/v1/programme/portfolio",
        _clusters_portfolio,
        api=True,
    ),
]
