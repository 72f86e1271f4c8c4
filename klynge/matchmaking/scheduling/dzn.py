"""Reader for the MiniZinc ``.dzn`` data files of the B2B benchmark (Bofill et al., JAIR 2022).

The parser tokenises the file (so whitespace, line breaks and ``%`` comments do not matter) and
understands integers, booleans, sets ``{...}`` (with ``a..b`` ranges), arrays ``[...]`` and 2-D
arrays ``[| ... | ... |]``.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from .model import (
    FixedMeeting,
    Meeting,
    MeetingId,
    ParticipantId,
    Problem,
    Session,
    SessionRestriction,
    Slot,
)

DznValue = int | bool | frozenset[int] | list["DznValue"]

_TOKEN = re.compile(r"\s*(?:(-?\d+)|([A-Za-z_][A-Za-z0-9_]*)|(\.\.|\[\||\|\]|[\[\]{}|,;=]))")


class DznError(ValueError):
    """Raised for data the reader does not understand."""


def _tokenize(text: str) -> list[str]:
    text = re.sub(r"%[^\n]*", "", text)
    tokens: list[str] = []
    pos = 0
    end = len(text.rstrip())
    while pos < end:
        match = _TOKEN.match(text, pos)
        if match is None:
            raise DznError(f"unexpected character {text[pos : pos + 10]!r} at offset {pos}")
        tokens.append(match.group(match.lastindex or 0))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if not tok or (expected is not None and tok != expected):
            raise DznError(f"expected {expected or 'a token'}, got {tok!r} at token {self.pos}")
        self.pos += 1
        return tok

    def assignments(self) -> dict[str, DznValue]:
        result: dict[str, DznValue] = {}
        while self.peek():
            name = self.take()
            self.take("=")
            result[name] = self.value()
            if self.peek() == ";":
                self.take(";")
        return result

    def value(self) -> DznValue:
        tok = self.peek()
        if tok == "{":
            return self.set_literal()
        if tok == "[|":
            return self.matrix()
        if tok == "[":
            return self.array()
        if tok in ("true", "false"):
            self.take()
            return tok == "true"
        if re.fullmatch(r"-?\d+", tok):
            low = int(self.take())
            if self.peek() == "..":
                self.take("..")
                return frozenset(range(low, int(self.take()) + 1))
            return low
        raise DznError(f"unexpected token {tok!r}")

    def set_literal(self) -> frozenset[int]:
        self.take("{")
        items: set[int] = set()
        while self.peek() != "}":
            low = int(self.take())
            high = low
            if self.peek() == "..":
                self.take("..")
                high = int(self.take())
            items.update(range(low, high + 1))
            if self.peek() == ",":
                self.take(",")
        self.take("}")
        return frozenset(items)

    def array(self) -> list[DznValue]:
        self.take("[")
        items: list[DznValue] = []
        while self.peek() != "]":
            items.append(self.value())
            if self.peek() == ",":
                self.take(",")
        self.take("]")
        return items

    def matrix(self) -> list[DznValue]:
        self.take("[|")
        rows: list[DznValue] = []
        row: list[DznValue] = []
        while True:
            tok = self.peek()
            if tok == "|]":
                self.take()
                break
            if tok == "|":
                self.take()
                if row:
                    rows.append(row)
                row = []
                continue
            if tok == ",":
                self.take()
                continue
            row.append(self.value())
        if row:
            rows.append(row)
        return rows


def parse_dzn(text: str) -> dict[str, DznValue]:
    """Parse MiniZinc data text into a ``name -> value`` dictionary."""
    return _Parser(_tokenize(text)).assignments()


FIELDS = (
    "nBusiness",
    "nMeetings",
    "nTables",
    "nTotalSlots",
    "nMorningSlots",
    "requested",
    "meetingsxBusiness",
    "nMeetingsBusiness",
    "forbidden",
    "fixed",
    "precedences",
)


def _check_fields(data: dict[str, DznValue]) -> None:
    """Every field present and no unknown one (a misspelled field is not read as empty)."""
    for key in data:
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise DznError(f"unknown field {key!r}{hint}")
    missing = [key for key in FIELDS if key not in data]
    if missing:
        raise DznError("missing field(s): " + ", ".join(missing))


def _int(data: dict[str, DznValue], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DznError(f"{key} must be a non-negative integer")
    return value


def _list(data: dict[str, DznValue], key: str, length: int) -> list[DznValue]:
    value = data[key]
    if not isinstance(value, list):
        raise DznError(f"{key} is not an array")
    if len(value) != length:
        raise DznError(f"{key} has {len(value)} entries, expected {length}")
    return value


def _set(value: DznValue, where: str, low: int, high: int) -> frozenset[int]:
    """A set whose members lie in ``low..high``."""
    if not isinstance(value, frozenset):
        raise DznError(f"{where} is not a set")
    wrong = sorted(v for v in value if not low <= v <= high)
    if wrong:
        raise DznError(f"{where}: {wrong[0]} is out of range {low}..{high}")
    return value


def _meetings(data: dict[str, DznValue], n_people: int, n_meetings: int) -> list[Meeting]:
    meetings: list[Meeting] = []
    for i, row in enumerate(_list(data, "requested", n_meetings), start=1):
        if not isinstance(row, list) or len(row) != 3 or not all(isinstance(v, int) for v in row):
            raise DznError(f"requested row {i} is not three integers")
        a, b, session = (int(v) for v in row)  # type: ignore[arg-type]  # all(isinstance) above does not narrow the items
        for person in (a, b):
            if not 1 <= person <= n_people:
                raise DznError(f"requested row {i}: participant {person} out of range")
        if session not in (1, 2, 3):
            raise DznError(f"requested row {i}: session {session} is not 1, 2 or 3")
        meetings.append(Meeting(id=i, a=a, b=b, session=SessionRestriction(session)))
    return meetings


def _check_per_business(data: dict[str, DznValue], meetings: list[Meeting], n_people: int) -> None:
    """``nMeetingsBusiness`` and ``meetingsxBusiness`` agree with ``requested``."""
    mine: dict[int, set[int]] = {p: set() for p in range(1, n_people + 1)}
    for m in meetings:
        mine[int(m.a)].add(int(m.id))
        mine[int(m.b)].add(int(m.id))
    counts = _list(data, "nMeetingsBusiness", n_people)
    sets = _list(data, "meetingsxBusiness", n_people)
    for p, (count, ids) in enumerate(zip(counts, sets, strict=True), start=1):
        if count != len(mine[p]):
            raise DznError(
                f"nMeetingsBusiness[{p}] = {count}, but requested has {len(mine[p])} meetings of {p}"
            )
        listed = {i - 1 for i in _set(ids, f"meetingsxBusiness[{p}]", 1, len(meetings) + 1)}
        if listed - {0} != mine[p]:
            raise DznError(f"meetingsxBusiness[{p}] does not list the meetings of {p}")


def problem_from_dzn(
    data: dict[str, DznValue], name: str = "", fairness: int | None = 2
) -> Problem:
    """Build a ``Problem`` from parsed B2B data (participants and meetings numbered from 1).

    Raises ``DznError`` naming the field for a missing, unknown or inconsistent field and for
    out-of-range values (forbidden slots, fixed slots, precedences, sessions).
    """
    _check_fields(data)
    n_people = _int(data, "nBusiness")
    n_meetings = _int(data, "nMeetings")
    n_slots = _int(data, "nTotalSlots")
    n_morning = _int(data, "nMorningSlots")
    if n_morning > n_slots:
        raise DznError(f"nMorningSlots = {n_morning} is more than nTotalSlots = {n_slots}")
    meetings = _meetings(data, n_people, n_meetings)
    _check_per_business(data, meetings, n_people)
    forbidden: dict[ParticipantId, frozenset[int]] = {}
    for p, value in enumerate(_list(data, "forbidden", n_people), start=1):
        blocked = _set(value, f"forbidden[{p}]", 0, n_slots) - {0}  # 0 is a dummy element
        if blocked:
            forbidden[p] = blocked
    fixed: dict[MeetingId, FixedMeeting] = {}
    for m, value in enumerate(_list(data, "fixed", n_meetings), start=1):
        if not isinstance(value, int) or isinstance(value, bool):
            raise DznError(f"fixed[{m}] is not an integer")
        if not 0 <= value <= n_slots:
            raise DznError(f"fixed[{m}]: slot {value} is out of range 0..{n_slots}")
        if value:
            fixed[m] = FixedMeeting(slot=value)
    precedences: list[tuple[int, int]] = []
    for m, value in enumerate(_list(data, "precedences", n_meetings), start=1):
        before_set = _set(value, f"precedences[{m}]", 1, n_meetings)
        precedences.extend((before, m) for before in sorted(before_set) if before != m)
    slots = tuple(
        Slot(session=Session.MORNING if t <= n_morning else Session.AFTERNOON, label=str(t))
        for t in range(1, n_slots + 1)
    )
    return Problem(
        participants=tuple(range(1, n_people + 1)),
        meetings=tuple(meetings),
        slots=slots,
        n_tables=_int(data, "nTables"),
        forbidden=forbidden,
        fixed=fixed,
        precedences=tuple(precedences),
        fairness=fairness,
        name=name,
    )


def benchmark_folder(start: str | Path) -> Path | None:
    """The benchmark data (``shared/benchmarks/b2b``) beside ``start`` or one of its parents.

    A clone keeps ``shared/`` beside it, a worktree a few folders further up.
    """
    for folder in Path(start).resolve().parents:
        candidate = folder / "shared" / "benchmarks" / "b2b"
        if candidate.is_dir():
            return candidate
    return None


def read_dzn(path: str | Path, fairness: int | None = 2) -> Problem:
    """Read a B2B ``.dzn`` file into a ``Problem`` (named after the file)."""
    path = Path(path)
    name = path.name.removesuffix(".dzn")
    for suffix in (".original", ".forb0007"):
        name = name.removesuffix(suffix)
    return problem_from_dzn(parse_dzn(path.read_text()), name=name, fairness=fairness)
