"""Name badges: seconds to render N badges to PDF with the shipped template (a fixed table) and
with the earlier wrapping flexbox (the baseline). Needs no database: fictional participants.

    python benchmarks/badges.py [--sizes 93 180 500] [--repeat 1] [--baseline-max 180]

Prints JSON. Issue 14 asks that 500 badges take under 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]

# The layout before issue 14 (a wrapping flexbox of fixed-size boxes), kept here as the baseline.
BASELINE = """<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 10mm 15mm; }
body { font-family: "DejaVu Sans", sans-serif; margin: 0; }
.sheet { display: flex; flex-wrap: wrap; }
.badge { box-sizing: border-box; width: 90mm; height: 55mm; border: 0.3mm dashed #999; padding: 6mm;
  display: flex; flex-direction: column; justify-content: space-between; page-break-inside: avoid; }
.name { font-size: 17pt; font-weight: bold; line-height: 1.15; }
.org { font-size: 11pt; color: #333; margin-top: 2mm; }
.event { font-size: 8pt; color: #0b5d6b; border-top: 0.6mm solid #0b5d6b; padding-top: 2mm; }
</style></head><body><div class="sheet">%s</div></body></html>"""
BASELINE_BADGE = (
    '<div class="badge"><div><div class="name">%s</div><div class="org">%s</div></div>'
    '<div class="event">%s</div></div>'
)


def participants(n: int) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(
            person=SimpleNamespace(full_name=f"Participant {i:04d} Fictional-Name"),
            organisation_label=f"Fictional Organisation {i % 37} AS",
        )
        for i in range(n)
    ]


def timed(render: Callable[..., bytes]) -> tuple[float, int]:
    start = time.perf_counter()
    pdf = render()
    return time.perf_counter() - start, len(pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[93, 180, 500])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=180,
        help="measure the flexbox baseline only up to this many badges (500 took 429 s)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import datetime

    import django

    django.setup()
    from weasyprint import HTML

    from klynge.events.badges import badges_html

    event = SimpleNamespace(
        title="Partner Conference (fictional)",
        starts_at=datetime.datetime(2026, 6, 4, 9, tzinfo=datetime.UTC),
        cluster=SimpleNamespace(short_name="NCE SEM"),
    )
    results = []
    for n in args.sizes:
        people = participants(n)
        line = f"{event.title} · 4 Jun 2026 · NCE SEM"
        baseline_html = BASELINE % "".join(
            BASELINE_BADGE % (p.person.full_name, p.organisation_label, line) for p in people
        )
        shipped = min(
            timed(lambda people=people: HTML(string=badges_html(event, people)).write_pdf())[0]
            for _ in range(args.repeat)
        )
        baseline = None
        if n <= args.baseline_max:
            baseline = min(
                timed(lambda html=baseline_html: HTML(string=html).write_pdf())[0]
                for _ in range(args.repeat)
            )
        results.append(
            {
                "badges": n,
                "table_seconds": round(shipped, 2),
                "flexbox_baseline_seconds": None if baseline is None else round(baseline, 2),
                "speedup": round(baseline / shipped, 1) if baseline and shipped else None,
            }
        )
    print(json.dumps({"benchmark": "badges", "repeat": args.repeat, "results": results}, indent=1))


if __name__ == "__main__":
    main()
