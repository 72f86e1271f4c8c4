"""CNF encoding of the all-placed B2B problem (after Bofill et al.'s MaxSAT model).

Variables: x[m,t] meeting m in slot t, y[p,t] participant p busy at t, z[p,t] p busy at some
slot <= t, h[p,t] a break of p ends at t (a hole).  Implied constraints: every participant is busy
in exactly |M_p| slots and every slot has at most 2 x tables busy participants.  Fairness is
encoded as holes(p) <= d for every participant (which implies the bound on differences).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pysat.card import CardEnc, EncType
from pysat.formula import IDPool

from .compiled import Compiled

Clause = list[int]


@dataclass
class SatEncoding:
    """Clauses and variable maps of one encoding."""

    pool: IDPool
    clauses: list[Clause] = field(default_factory=list)
    x: list[dict[int, int]] = field(default_factory=list)
    y: list[dict[int, int]] = field(default_factory=list)
    holes: list[int] = field(default_factory=list)
    unplaced: list[int] = field(default_factory=list)
    hole_owner: list[int] = field(default_factory=list)
    people_of: list[tuple[int, int]] = field(default_factory=list)

    def card(self, lits: list[int], bound: int, kind: str) -> None:
        """Add ``sum(lits) <kind> bound`` as a cardinality network."""
        if kind == "atmost" and bound >= len(lits):
            return
        if kind != "atmost" and bound > len(lits):
            self.clauses.append([])  # cannot be satisfied
            return
        if kind != "atmost" and bound <= 0:
            if kind == "equals":
                self.clauses.extend([[-lit] for lit in lits])
            return
        encoding = EncType.cardnetwrk  # measured fastest here (Kissat, 21-22 slot instances)
        if kind == "atmost":
            enc = CardEnc.atmost(lits, bound, vpool=self.pool, encoding=encoding)
        elif kind == "atleast":
            enc = CardEnc.atleast(lits, bound, vpool=self.pool, encoding=encoding)
        else:
            enc = CardEnc.equals(lits, bound, vpool=self.pool, encoding=encoding)
        self.clauses.extend(enc.clauses)

    def phases(self, slot_of: list[int | None]) -> list[int]:
        """Literals that describe ``slot_of`` (meeting slots and busy slots)."""
        lits = [
            v if t == slot_of[m] else -v for m, row in enumerate(self.x) for t, v in row.items()
        ]
        busy = {(p, t) for p, row in enumerate(self.y) for t in row}
        taken = {(p, t) for m, t in enumerate(slot_of) if t is not None for p in self.people_of[m]}
        lits.extend(self.y[p][t] if (p, t) in taken else -self.y[p][t] for p, t in sorted(busy))
        return lits

    def slot_of(self, model: list[int]) -> list[int | None]:
        true = {lit for lit in model if lit > 0}
        return [next((t for t, v in row.items() if v in true), None) for row in self.x]


def encode(
    c: Compiled, max_holes_each: int | None, optional: bool = False, min_holes_each: int = 0
) -> SatEncoding:
    """Encode the problem; ``h`` literals are returned in ``holes``.

    Every participant with a meeting gets between ``min_holes_each`` and ``max_holes_each``
    holes (a floor above 0 only makes sense with every meeting placed).

    With ``optional`` a meeting may stay unplaced; its "unplaced" literal is listed in
    ``unplaced`` (repeated ``priority`` times, so a cardinality bound on the list bounds the
    unplaced priority).  Otherwise every meeting is placed.
    """
    pool = IDPool()
    enc = SatEncoding(pool=pool, people_of=list(zip(c.pa, c.pb, strict=True)))
    placed: list[int] = []
    for m in range(c.n_meetings):
        row = {t: pool.id(("x", m, t)) for t in c.allowed[m]}
        enc.x.append(row)
        lits = list(row.values())
        if optional:
            flag = pool.id(("placed", m))
            placed.append(flag)
            enc.clauses.append([-flag, *lits])
            enc.clauses.extend([[-lit, flag] for lit in lits])
            enc.unplaced.extend([-flag] * max(1, c.weight[m]))
        else:
            enc.clauses.append(lits)
        enc.card(lits, 1, "atmost")
    for t in range(c.n_slots):
        lits = [enc.x[m][t] for m in range(c.n_meetings) if t in enc.x[m]]
        enc.card(lits, c.n_tables, "atmost")
    for p in range(c.n_people):
        row_y: dict[int, int] = {}
        for t in range(c.n_slots):
            lits = [enc.x[m][t] for m in c.meetings_of[p] if t in enc.x[m]]
            if not lits:
                continue
            busy = pool.id(("y", p, t))
            row_y[t] = busy
            enc.clauses.append([-busy, *lits])
            enc.clauses.extend([[-lit, busy] for lit in lits])
            enc.card(lits, 1, "atmost")
        enc.y.append(row_y)
        k = len(c.meetings_of[p])
        if k:  # busy slots = placed meetings
            missing = [-placed[m] for m in c.meetings_of[p]] if optional else []
            enc.card([*row_y.values(), *missing], k, "equals")
        own: list[int] = []
        seen_before: int | None = None  # literal "busy at some earlier slot"
        for t in range(c.n_slots):
            busy = row_y.get(t)
            if busy is None:
                continue
            prev = row_y.get(t - 1)
            if seen_before is not None:
                hole = pool.id(("h", p, t))
                clause = [-busy, -seen_before, hole]
                if prev is not None:
                    clause.insert(1, prev)
                enc.clauses.append(clause)
                own.append(hole)
                enc.holes.append(hole)
                enc.hole_owner.append(p)
            z = pool.id(("z", p, t))
            enc.clauses.append([-busy, z])
            if seen_before is not None:
                enc.clauses.append([-seen_before, z])
            seen_before = z
        if max_holes_each is not None and own:
            enc.card(own, max_holes_each, "atmost")
        if min_holes_each and k:
            enc.card(own, min_holes_each, "atleast")
    for t in range(c.n_slots):
        lits = [enc.y[p][t] for p in range(c.n_people) if t in enc.y[p]]
        enc.card(lits, 2 * c.n_tables, "atmost")
    for a, b in c.precedences:
        for ta, va in enc.x[a].items():
            for tb, vb in enc.x[b].items():
                if tb <= ta:
                    enc.clauses.append([-va, -vb])
    return enc
