"""Lineage: the chain a project belongs to (idea -> pre-project -> main project -> ...).

The chain is read with recursive queries (`WITH RECURSIVE`, the same SQL on SQLite and PostgreSQL):
the page reads the projects of the whole chain in one query, however long the chain is. `UNION` (not
`UNION ALL`) makes the walk stop even on a cycle written around the services.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL

from ..models import Idea, Project

_UP = """
WITH RECURSIVE chain(id, predecessor_id) AS (
    SELECT id, predecessor_id FROM {table} WHERE id = %s
    UNION
    SELECT p.id, p.predecessor_id FROM {table} p JOIN chain ON p.id = chain.predecessor_id
)
SELECT id, predecessor_id FROM chain
"""

_DOWN = """
WITH RECURSIVE chain(id, predecessor_id) AS (
    SELECT id, predecessor_id FROM {table} WHERE predecessor_id = %s
    UNION
    SELECT p.id, p.predecessor_id FROM {table} p JOIN chain ON p.predecessor_id = chain.id
)
SELECT id, predecessor_id FROM chain
"""


_CHAIN = """
WITH RECURSIVE up(id, predecessor_id) AS (
    SELECT id, predecessor_id FROM {table} WHERE id = %s
    UNION
    SELECT p.id, p.predecessor_id FROM {table} p JOIN up ON p.id = up.predecessor_id
), down(id) AS (
    SELECT id FROM {table} WHERE predecessor_id = %s
    UNION
    SELECT p.id FROM {table} p JOIN down ON p.predecessor_id = down.id
)
SELECT id FROM up UNION SELECT id FROM down
"""


def _rows(sql: str, project_id: int) -> list[tuple[int, int | None]]:
    table = connection.ops.quote_name(Project._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), [project_id])
        return [(row[0], row[1]) for row in cursor.fetchall()]


def ancestor_ids(project_id: int) -> list[int]:
    """Ids up the chain from `project_id`: its predecessor first, the root last (one query)."""
    return _up(project_id, dict(_rows(_UP, project_id)))


def _up(project_id: int, parent: dict[int, int | None]) -> list[int]:
    ids: list[int] = []
    seen = {project_id}
    current = parent.get(project_id)
    while current is not None and current not in seen:
        ids.append(current)
        seen.add(current)
        current = parent.get(current)
    return ids


def descendant_depths(project_id: int) -> dict[int, int]:
    """Every project that follows `project_id`, directly or not, with its distance (one query)."""
    return _down(project_id, _rows(_DOWN, project_id))


def _down(project_id: int, links: list[tuple[int, int | None]]) -> dict[int, int]:
    children: dict[int | None, list[int]] = {}
    for child, parent in links:
        children.setdefault(parent, []).append(child)
    depths: dict[int, int] = {}
    frontier = [project_id]
    depth = 0
    while frontier:
        depth += 1
        frontier = [c for p in frontier for c in children.get(p, []) if c not in depths]
        for child in frontier:
            depths[child] = depth
    depths.pop(project_id, None)
    return depths


@dataclass(frozen=True)
class LineageNode:
    project: Project
    depth: int  # negative: comes before the project; 0: the project; positive: follows it
    predecessor_id: int | None

    @property
    def is_current(self) -> bool:
        return self.depth == 0


@dataclass(frozen=True)
class Lineage:
    """The project's ancestors (root first), the project, then what followed it (by distance)."""

    idea: Idea | None
    nodes: tuple[LineageNode, ...]

    @property
    def ancestors(self) -> tuple[Project, ...]:
        return tuple(n.project for n in self.nodes if n.depth < 0)

    @property
    def descendants(self) -> tuple[Project, ...]:
        return tuple(n.project for n in self.nodes if n.depth > 0)

    @property
    def has_chain(self) -> bool:
        return self.idea is not None or len(self.nodes) > 1


def _chain(project: Project) -> dict[int, Project]:
    """The projects before and after `project` (not itself), by id: one query."""
    table = connection.ops.quote_name(Project._meta.db_table)
    ids = RawSQL(
        _CHAIN.format(table=table), [project.pk, project.pk]
    )  # table name quoted by the backend, values as parameters
    chain = Project.objects.select_related("lead_cluster", "origin_idea").filter(pk__in=ids)
    return {p.pk: p for p in chain.exclude(pk=project.pk)}


def project_lineage(*, project: Project) -> Lineage:
    """The whole chain around `project` in one query."""
    projects = _chain(project)
    parent = {pid: p.predecessor_id for pid, p in projects.items()}
    parent[project.pk] = project.predecessor_id
    up = _up(project.pk, parent)
    down = _down(project.pk, list(parent.items()))
    depth_of = {pid: -(index + 1) for index, pid in enumerate(up)} | down
    projects[project.pk] = project
    depth_of[project.pk] = 0
    nodes = sorted(
        (
            LineageNode(
                project=projects[pid], depth=depth, predecessor_id=projects[pid].predecessor_id
            )
            for pid, depth in depth_of.items()
            if pid in projects
        ),
        key=lambda n: (n.depth, n.project.start_date or n.project.created_at.date(), n.project.pk),
    )
    root = nodes[0].project
    idea = root.origin_idea if root.origin_idea_id else None
    return Lineage(idea=idea, nodes=tuple(nodes))
