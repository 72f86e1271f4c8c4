"""`manage.py demo`: load the deterministic demo data set (idempotent) and print the logins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from klynge.demo import clusters as demo_clusters
from klynge.demo import communication as demo_communication
from klynge.demo import events as demo_events
from klynge.demo import finance as demo_finance
from klynge.demo import insight as demo_insight
from klynge.demo import learning as demo_learning
from klynge.demo import matchmaking as demo_matchmaking
from klynge.demo import members as demo_members
from klynge.demo import network as demo_network
from klynge.demo import programme as demo_programme
from klynge.demo import projects as demo_projects

STEPS = [
    ("clusters, topics and logins", demo_clusters.load),
    ("member organisations, people and memberships", demo_members.load),
    ("events and registrations", demo_events.load),
    ("B2B matchmaking", demo_matchmaking.load),
    ("courses and enrolments", demo_learning.load),
    ("collaboration projects", demo_projects.load),
    ("strategy and insight: member surveys, engagement", demo_insight.load),
    ("collaboration network: working groups over four years", demo_network.load),
    ("programme: levels, labels, calls, applications", demo_programme.load),
    ("cluster organisations' income by year", demo_finance.load),
    ("news and newsletters", demo_communication.load),
]


def demo_logins() -> list[demo_clusters.DemoLogin]:
    """Every demo login: the clusters step's, then those other steps declare."""
    logins = list(demo_clusters.LOGINS)
    for module in (
        demo_members,
        demo_events,
        demo_matchmaking,
        demo_learning,
        demo_projects,
        demo_programme,
    ):
        logins.extend(getattr(module, "LOGINS", []))
        logins.extend(getattr(module, "EVALUATORS", []))
        if hasattr(module, "MEMBER_CONTACT"):
            logins.append(module.MEMBER_CONTACT)
    return logins


class Command(BaseCommand):
    help = "Load the Klynge demo data (safe to run again: it updates instead of duplicating)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--url",
            default="",
            help="The address the demo is served on (default: KLYNGE_BASE_URL); links in the "
            "mails and calendar files the demo writes point there.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            # The demo creates logins with a published password: never on a real site.
            raise CommandError(
                "The demo only runs with DEBUG on (config.settings.dev); it creates logins "
                "with a published password."
            )
        url = (options["url"] or settings.KLYNGE_BASE_URL).rstrip("/")
        with override_settings(KLYNGE_BASE_URL=url):
            self._load(url)

    def _load(self, url: str) -> None:
        console = Console()
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Loading demo data", total=len(STEPS))
            for label, step in STEPS:
                progress.update(task, description=f"Loading {label}")
                with transaction.atomic():
                    step()
                progress.advance(task)
        table = Table(title="Demo logins (local use only)")
        table.add_column("role")
        table.add_column("email")
        table.add_column("password")
        for login in demo_logins():
            table.add_row(login.role, login.email, demo_clusters.DEMO_PASSWORD)
        console.print(table)
        console.print(f"Klynge demo: [bold]{url}[/bold]")
