"""`manage.py generate_scale_data --scale europe|country|small [--seed N] [--today YYYY-MM-DD]`."""

from __future__ import annotations

import datetime
import time
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from klynge.demo.scale import SCALES, STEPS, NotEmptyError, generate
from klynge.demo.scale.context import EMAIL_DOMAIN, PASSWORD


class Command(BaseCommand):
    help = "Fill an empty database with synthetic data at programme or European scale."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="The day the data is relative to (default: today).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = SCALES[options["scale"]]
        stdout = cast(IO[str], self.stdout)  # an OutputWrapper: a text stream by delegation
        console = Console(file=stdout, highlight=False, width=100)
        started = time.perf_counter()
        columns = (
            TextColumn("{task.description:<28}"),
            BarColumn(),
            TextColumn("{task.fields[rows]}"),
        )
        with Progress(*columns, TimeElapsedColumn(), console=console) as progress:
            task = progress.add_task("starting", total=len(STEPS), rows="")

            def on_step(label: str) -> None:
                done = [name for name, _step in STEPS].index(label)
                progress.update(task, description=label, completed=done)

            def report(label: str, rows: int) -> None:
                progress.update(task, rows=f"{rows:>9,} {label}")

            try:
                ctx = generate(
                    scale,
                    seed=options["seed"],
                    today=options["today"],
                    report=report,
                    on_step=on_step,
                )
            except NotEmptyError as exc:
                raise CommandError(str(exc)) from exc
            progress.update(task, completed=len(STEPS), description="done")
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{rows:,} {label}" for label, rows in ctx.counts.items())
        console.print(f"{scale.name} scale (seed {ctx.seed}) in {seconds:.0f} s: {summary}.")
        console.print(
            f"Logins (password {PASSWORD}, synthetic data only): manager@{EMAIL_DOMAIN} "
            f"(cluster 1), staff@{EMAIL_DOMAIN}, officer@{EMAIL_DOMAIN}, contact1@{EMAIL_DOMAIN}."
        )
