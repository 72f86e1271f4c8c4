"""Progress of a scheduler run, written to the session row while the solver works."""

from __future__ import annotations

import threading
import time

from django.db import connection
from django.utils.translation import gettext as _

from ..models import MatchmakingSession

PROGRESS_EVERY = 1.0  # seconds between progress writes
RunState = MatchmakingSession.RunState


class ProgressWriter:
    """Stores the scheduler's progress on the session row while it runs.

    Solver threads only leave the latest value here; the database is written by the caller's
    thread (throttled) and, in a real worker (outside a transaction), by a heartbeat thread with
    its own connection, so the organiser's page moves even while CP-SAT is deep in a search.
    """

    def __init__(self, session_id: int, time_limit: float) -> None:
        self.session_id = session_id
        self.time_limit = time_limit
        self.started = time.monotonic()
        self.latest = ""
        self.owner = threading.get_ident()
        self.lock = threading.Lock()
        self.last_write = 0.0
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def __call__(self, fraction: float, message: str) -> None:
        with self.lock:
            self.latest = message
        if threading.get_ident() == self.owner:
            self.flush()

    def flush(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last_write < PROGRESS_EVERY:
            return
        self.last_write = now
        fraction = (now - self.started) / max(self.time_limit, 0.001)
        with self.lock:
            message = self.latest or str(_("Scheduling…"))
        MatchmakingSession.objects.filter(pk=self.session_id, run_state=RunState.RUNNING).update(
            run_progress=max(1, min(99, int(fraction * 100))), run_message=message[:255]
        )

    def _beat(self) -> None:
        try:
            while not self.stop.wait(PROGRESS_EVERY):
                self.flush(force=True)
        finally:
            connection.close()

    def __enter__(self) -> ProgressWriter:
        if not connection.in_atomic_block:
            self.thread = threading.Thread(target=self._beat, daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout=10)
