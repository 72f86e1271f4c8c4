"""Tables for a slot assignment: participants keep their table where possible.

Slot by slot, the meetings of the slot are matched to the free tables by a minimum-cost
assignment (OR-Tools): a meeting costs one for every participant who sat at another table in
their previous meeting, so the fewest participants change tables in each slot; lower table
numbers break ties.  Fixed tables are placed first.  ``table_moves`` counts the changes.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import linear_sum_assignment

from .compiled import Compiled


def _costs(
    c: Compiled, pending: list[int], tables: list[int], home: list[int | None]
) -> np.ndarray:
    """Participants who would change table, per meeting (rows) and free table (columns)."""
    column = {table: j for j, table in enumerate(tables)}
    costs = np.zeros((len(pending), len(tables)), dtype=np.int64)
    for i, m in enumerate(pending):
        for p in (c.pa[m], c.pb[m]):
            table = home[p]
            if table is None:
                continue
            costs[i] += 1
            j = column.get(table)
            if j is not None:
                costs[i, j] -= 1
    return costs


def _match(costs: np.ndarray) -> list[int]:
    """Column per row of the cheapest assignment (rows <= columns).

    Ties go to lower columns, earlier rows first: the tie-break term column x (rows - row) is
    smallest when low columns go to early rows, and its sum stays below one unit of cost.
    """
    rows, size = costs.shape
    tie = np.outer(np.arange(rows, 0, -1, dtype=np.int64), np.arange(size, dtype=np.int64))
    scale = rows * rows * size + 1
    square = np.zeros((size, size), dtype=np.int64)  # unused tables get rows of zeros
    square[:rows] = costs * scale + tie
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    left = np.repeat(np.arange(size, dtype=np.int64), size)
    right = np.tile(np.arange(size, dtype=np.int64), size)
    solver.add_arcs_with_cost(left, right, square.ravel())
    if solver.solve() != solver.OPTIMAL:  # pragma: no cover - a complete square graph
        raise RuntimeError("table assignment failed")
    return [solver.right_mate(i) for i in range(rows)]


def _seat_slot(
    c: Compiled, meetings: list[int], home: list[int | None], table_of: list[int | None]
) -> None:
    free = set(range(c.n_tables))
    pending: list[int] = []
    for m in meetings:
        fixed = c.fixed_table[m]
        if fixed is not None and fixed in free:
            table_of[m] = fixed
            free.discard(fixed)
        else:
            pending.append(m)
    tables = sorted(free)
    if len(pending) <= len(tables):
        if pending:
            chosen = _match(_costs(c, pending, tables, home))
            for m, j in zip(pending, chosen, strict=True):
                table_of[m] = tables[j]
    else:  # more meetings than tables: only for a slot assignment that breaks the limit
        for m in pending:
            table_of[m] = min(free) if free else 0
            free.discard(table_of[m])
    for m in meetings:
        home[c.pa[m]] = home[c.pb[m]] = table_of[m]


def assign_tables(c: Compiled, slot_of: list[int | None]) -> list[int | None]:
    """0-based table per placed meeting (``None`` for unplaced ones)."""
    by_slot: list[list[int]] = [[] for _ in range(c.n_slots)]
    for m, t in enumerate(slot_of):
        if t is not None:
            by_slot[t].append(m)
    table_of: list[int | None] = [None] * c.n_meetings
    home: list[int | None] = [None] * c.n_people  # table of the participant's latest meeting
    for meetings in by_slot:
        _seat_slot(c, meetings, home, table_of)
    return table_of


def table_moves(c: Compiled, slot_of: list[int | None], table_of: list[int | None]) -> int:
    """How often a participant sits at another table than in their previous meeting."""
    seats: list[list[tuple[int, int]]] = [[] for _ in range(c.n_people)]
    for m, t in enumerate(slot_of):
        table = table_of[m]
        if t is not None and table is not None:
            seats[c.pa[m]].append((t, table))
            seats[c.pb[m]].append((t, table))
    moves = 0
    for row in seats:
        row.sort()
        moves += sum(1 for i in range(1, len(row)) if row[i][1] != row[i - 1][1])
    return moves
