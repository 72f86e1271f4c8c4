"""mypy with a checked-in baseline: errors listed in mypy-baseline.txt are tolerated, others fail.

    python tools/mypy_baseline.py check    # `make lint` / `make typecheck`
    python tools/mypy_baseline.py update   # `make mypy-baseline`: rewrite the list from today's errors

Errors are keyed by file, error code and message (not line numbers), so editing a file does not
invalidate its entries; a fixed error should be removed from the list (`check` says which).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
ERROR = re.compile(
    r"^(?P<path>[^:]+):\d+(?::\d+)?: error: (?P<message>.*?)(?:  \[(?P<code>[a-z-]+)\])?$"
)
HEADER = (
    "# mypy errors tolerated for now (file | code | message), one per occurrence.\n"
    "# New code must not add to this list; fix entries and run `make mypy-baseline` to shrink it.\n"
)


def key(match: re.Match[str]) -> str:
    """file | code | message, with line numbers inside the message ("defined on line 12") masked."""
    message = re.sub(r"\bline \d+", "line N", match["message"])
    return f"{match['path']} | {match['code'] or '-'} | {message}"


def run_mypy() -> tuple[list[str], str]:
    """The errors of a mypy run over the packages configured in pyproject.toml, as baseline keys."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--no-pretty",
            "--no-error-summary",
            "--show-column-numbers",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    keys = []
    for line in result.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            keys.append(key(match))
    if result.returncode not in (0, 1) or (result.returncode == 1 and not keys):
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"mypy failed to run (exit {result.returncode})")
    return sorted(keys), result.stdout


def read_baseline() -> Counter[str]:
    if not BASELINE.exists():
        return Counter()
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return Counter(line for line in lines if line and not line.startswith("#"))


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    keys, output = run_mypy()
    if command == "update":
        BASELINE.write_text(HEADER + "".join(f"{key}\n" for key in keys), encoding="utf-8")
        print(f"mypy-baseline.txt: {len(keys)} tolerated errors")
        return 0
    if command != "check":
        raise SystemExit(__doc__)
    tolerated = read_baseline()
    found = Counter(keys)
    new = found - tolerated
    fixed = tolerated - found
    if new:
        wanted = set(new)
        print("mypy: errors that are not in mypy-baseline.txt:")
        for line in output.splitlines():
            match = ERROR.match(line)
            if match and key(match) in wanted:
                print(f"  {line}")
        return 1
    if fixed:
        print(
            f"mypy: {sum(fixed.values())} baseline entries are fixed; `make mypy-baseline` drops them."
        )
    print(f"mypy: no new errors ({sum(found.values())} tolerated in mypy-baseline.txt)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
