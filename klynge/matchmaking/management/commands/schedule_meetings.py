"""`manage.py schedule_meetings <session>`: run the B2B scheduler in the foreground.

The same run as the organiser's button (progress on the session row, validated result applied as
a draft), with a progress bar; `--publish` publishes and mails afterwards.
"""

from __future__ import annotations

import threading
import time
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import Progress

from klynge.core.errors import DomainError
from klynge.matchmaking.models import MatchmakingSession, Meeting
from klynge.matchmaking.services.scheduling import MAX_TIME_LIMIT, schedule_publish, schedule_run


class Command(BaseCommand):
    help = "Compute the schedule of a B2B session (and optionally publish it)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("session", type=int, help="Id of the B2B session.")
        parser.add_argument("--time-limit", type=float, default=60.0)
        parser.add_argument(
            "--allow-moving", action="store_true", help="Published meetings may move."
        )
        parser.add_argument("--publish", action="store_true", help="Publish and mail afterwards.")

    def handle(self, *args: Any, **options: Any) -> None:
        session = MatchmakingSession.objects.filter(pk=options["session"]).first()
        if session is None:
            raise CommandError(f"No B2B session with id {options['session']}.")
        limit = options["time_limit"]
        if not 1 <= limit <= MAX_TIME_LIMIT:
            raise CommandError("--time-limit must be between 1 and 600 seconds.")
        if session.is_running:
            raise CommandError("The scheduler is already running for this session.")
        if not Meeting.objects.filter(session=session, status="active").exists():
            raise CommandError("The session has no accepted meetings.")
        # OutputWrapper is a TextIOBase, which typeshed does not count as an IO[str].
        console = Console(file=cast(IO[str], self.stdout))
        done = threading.Event()
        with Progress(console=console, transient=True) as progress:
            bar = progress.add_task(f"Scheduling {session}", total=limit)
            ticker = threading.Thread(
                target=self._tick, args=(progress, bar, limit, done), daemon=True
            )
            ticker.start()
            try:
                report = schedule_run(
                    session_id=session.pk,
                    allow_moving=options["allow_moving"],
                    time_limit=limit,
                )
            except DomainError as error:
                raise CommandError(error.message) from error
            finally:
                done.set()
                ticker.join()
        console.print(
            f"{report['placed']} of {report['total']} meetings placed, "
            f"{report['holes']} idle gaps"
            f"{' (proven optimal)' if report['proven_optimal'] else ''}, "
            f"{report['moved_count']} published meetings moved."
        )
        for row in report["unplaced"]:
            console.print(f"  not placed: {row['who']}: {row['reason']}")
        if options["publish"]:
            try:
                outcome = schedule_publish(actor=None, session=session)
            except DomainError as error:
                raise CommandError(error.message) from error
            console.print(f"Published version {outcome['version']} ({outcome['people']} mailed).")

    @staticmethod
    def _tick(progress: Progress, bar: Any, limit: float, done: threading.Event) -> None:
        started = time.monotonic()
        while not done.wait(0.25):
            progress.update(bar, completed=min(limit, time.monotonic() - started))
