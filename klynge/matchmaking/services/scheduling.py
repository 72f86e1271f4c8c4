"""Run the scheduler in the background, apply its result, publish agendas.

`schedule_start` queues a django-tasks task (`tasks.run_schedule`) that calls `schedule_run`: it
reads a snapshot (`problem.build_problem`), runs the solver with progress written to the session
row, checks the result with the package's independent validator and applies it under the session
lock. Meetings that changed while it ran are never overwritten: fixed and self-booked meetings
keep their place, and a computed placement that collides with such a change is left unplaced.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError

from .. import notices
from ..engine import run_solver
from ..models import Booking, MatchmakingSession, Meeting
from ..problem import Snapshot, build_problem
from ..scheduling import Schedule, validate
from .booking import lock_session, write_bookings
from .progress import ProgressWriter

DEFAULT_TIME_LIMIT = 60.0
MAX_TIME_LIMIT = 600.0
RunState = MatchmakingSession.RunState


def schedule_start(
    *,
    actor: Actor,
    session: MatchmakingSession,
    allow_moving: bool = False,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> None:
    """Queue a scheduler run. Published meetings stay put unless `allow_moving`."""
    from ..tasks import run_schedule

    if not 1 <= time_limit <= MAX_TIME_LIMIT:
        raise DomainError(_("Choose between 1 and 600 seconds."), field="time_limit")
    with transaction.atomic():
        locked = lock_session(session)
        if locked.is_running:
            raise ConflictError(_("The scheduler is already running for this session."))
        if not Meeting.objects.filter(session=locked, status=Meeting.Status.ACTIVE).exists():
            raise DomainError(_("There are no accepted meetings to schedule yet."))
        locked.run_state = RunState.QUEUED
        locked.run_progress = 0
        locked.run_message = str(_("Waiting for a worker…"))
        locked.run_started_at = timezone.now()
        locked.run_finished_at = None
        locked.save(
            update_fields=[
                "run_state",
                "run_progress",
                "run_message",
                "run_started_at",
                "run_finished_at",
                "updated_at",
            ]
        )
        log_action(
            actor=actor,
            action="klynge.matchmaking.schedule.started",
            target=locked,
            data={"allow_moving": allow_moving, "time_limit": time_limit},
            cluster=locked.event.cluster_id,
        )
        actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        transaction.on_commit(
            lambda: run_schedule.enqueue(locked.pk, allow_moving, time_limit, actor_id)
        )


def schedule_run(
    *,
    session_id: int,
    allow_moving: bool,
    time_limit: float,
    actor: Actor | None = None,
    engine: str = "auto",
) -> dict[str, Any]:
    """The task body: solve, validate, apply. Returns the report (also stored on the session)."""
    session = MatchmakingSession.objects.select_related("event").get(pk=session_id)
    MatchmakingSession.objects.filter(pk=session_id).update(
        run_state=RunState.RUNNING, run_progress=1, run_message=str(_("Scheduling…"))
    )
    try:
        snapshot = build_problem(session, keep_published=not allow_moving, time_limit=time_limit)
        problems = snapshot.problem.check()
        if problems:
            raise DomainError("; ".join(problems))
        with ProgressWriter(session_id, time_limit) as progress:
            schedule = run_solver(
                snapshot.problem, time_limit=time_limit, on_progress=progress, engine=engine
            )
        errors = validate(snapshot.problem, schedule)
        if errors:
            raise DomainError(_("The computed schedule broke a rule: %(e)s") % {"e": errors[0]})
        return schedule_apply(actor=actor, session=session, snapshot=snapshot, schedule=schedule)
    except Exception as error:
        MatchmakingSession.objects.filter(pk=session_id).update(
            run_state=RunState.FAILED,
            run_message=str(getattr(error, "message", error))[:255],
            run_finished_at=timezone.now(),
        )
        raise


def schedule_apply(
    *, actor: Actor | None, session: MatchmakingSession, snapshot: Snapshot, schedule: Schedule
) -> dict[str, Any]:
    """Write the schedule into the meetings (a draft until published) and store the report."""
    problem = snapshot.problem
    with transaction.atomic():
        locked = lock_session(session)
        meetings = {
            m.pk: m
            for m in Meeting.objects.filter(session=locked, status=Meeting.Status.ACTIVE)
            .select_related("a__person", "b__person")
            .order_by("pk")
        }
        planned = {m.id for m in problem.meetings}
        busy: set[tuple[int, int]] = set()
        tables: set[tuple[int, int]] = set()
        unplaced: dict[int, str] = {
            mid: reason for mid, reason in schedule.unplaced.items() if mid in meetings
        }
        # Meetings that keep their place: fixed, or booked while the scheduler ran.  A fixed
        # meeting the solver set aside (its slot breaks a rule) loses its place.
        keep = {
            pk
            for pk, m in meetings.items()
            if m.slot is not None
            and (m.fixed or pk not in planned)
            and pk not in schedule.set_aside
        }
        for pk in keep:
            m = meetings[pk]
            if m.slot is None:  # not kept (see above); says so to the type checker
                continue
            busy |= {(m.a_id, m.slot), (m.b_id, m.slot)}
            if m.table is not None:
                tables.add((m.slot, m.table))
        Booking.objects.filter(meeting__session=locked).exclude(meeting_id__in=keep).delete()
        Meeting.objects.filter(session=locked, pk__in=list(schedule.set_aside)).update(
            slot=None, table=None, fixed=False
        )
        Meeting.objects.filter(session=locked).exclude(pk__in=keep).update(slot=None, table=None)
        changed: list[Meeting] = []
        for pk, m in meetings.items():
            if pk in keep:
                continue
            m.slot = m.table = None
            spot = schedule.assignments.get(pk)
            if spot is None:
                continue
            if {(m.a_id, spot.slot), (m.b_id, spot.slot)} & busy or (
                spot.slot,
                spot.table,
            ) in tables:
                unplaced[pk] = str(_("changed while the scheduler ran; run it again"))
                continue
            busy |= {(m.a_id, spot.slot), (m.b_id, spot.slot)}
            tables.add((spot.slot, spot.table))
            m.slot, m.table = spot.slot, spot.table
            changed.append(m)
        Meeting.objects.bulk_update(changed, ["slot", "table"])
        write_bookings(changed)
        report = _report(locked, snapshot, schedule, meetings, unplaced)
        MatchmakingSession.objects.filter(pk=locked.pk).update(
            run_state=RunState.DONE,
            run_progress=100,
            run_message=_summary(report),
            run_finished_at=timezone.now(),
            run_report=report,
        )
        log_action(
            actor=actor,
            action="klynge.matchmaking.schedule.computed",
            target=locked,
            data={
                k: report[k] for k in ("placed", "unplaced_count", "holes", "engine", "moved_count")
            },
            cluster=locked.event.cluster_id,
        )
    return report


def _report(
    session: MatchmakingSession,
    snapshot: Snapshot,
    schedule: Schedule,
    meetings: dict[int, Meeting],
    unplaced: dict[int, str],
) -> dict[str, Any]:
    moved = []
    for pk, (slot, table) in snapshot.published.items():
        m = meetings.get(pk)
        if m is None:
            continue
        if (m.slot, m.table) != (slot, table):
            moved.append(
                {
                    "meeting": pk,
                    "who": f"{m.a.person.full_name} – {m.b.person.full_name}",
                    "from_slot": slot,
                    "from_table": table,
                    "to_slot": m.slot,
                    "to_table": m.table,
                }
            )
    stats = schedule.stats

    def who(pk: int) -> str:
        return f"{meetings[pk].a.person.full_name} – {meetings[pk].b.person.full_name}"

    return {
        "engine": schedule.engine,
        "placed": sum(1 for m in meetings.values() if m.slot is not None),
        "total": len(meetings),
        "unplaced_count": len(unplaced),
        "unplaced": [
            {"meeting": pk, "who": who(pk), "reason": reason}
            for pk, reason in sorted(unplaced.items())
        ],
        # Meetings no schedule can place (e.g. fixed outside their session): the rest was
        # scheduled without them.
        "set_aside": [
            {"meeting": pk, "who": who(pk), "reason": reason}
            for pk, reason in sorted(schedule.set_aside.items())
            if pk in meetings
        ],
        "holes": schedule.total_holes,
        "lower_bound": schedule.lower_bound,
        "proven_optimal": schedule.proven_optimal,
        # 0 = optimal; N = at most N idle gaps above the best possible; None = not every
        # meeting that could be placed is placed (no bound on the gaps then).
        "holes_above_bound": schedule.holes_above_bound,
        "wall_time": round(stats.wall_time, 2),
        "time_to_best": None if stats.time_to_best is None else round(stats.time_to_best, 2),
        "kept_published": snapshot.keep_published,
        "moved_count": len(moved),
        "moved": moved,
    }


def _summary(report: dict[str, Any]) -> str:
    return str(
        _("%(placed)s of %(total)s meetings placed, %(holes)s idle gaps, %(moved)s moved.")
        % {
            "placed": report["placed"],
            "total": report["total"],
            "holes": report["holes"],
            "moved": report["moved_count"],
        }
    )[:255]


def schedule_publish(*, actor: Actor | None, session: MatchmakingSession) -> dict[str, Any]:
    """Make the current plan what participants see, and mail those whose agenda is new or changed."""
    with transaction.atomic():
        locked = lock_session(session)
        if locked.is_running:
            raise ConflictError(_("Wait for the scheduler to finish before publishing."))
        meetings = list(Meeting.objects.filter(session=locked))
        changed = [
            m
            for m in meetings
            if (m.slot, m.table) != (m.published_slot, m.published_table)
            and (m.is_active or m.published_slot is not None)
        ]
        if not changed and locked.published_version:
            raise DomainError(_("Nothing has changed since the last publication."))
        if not any(m.slot is not None for m in meetings if m.is_active):
            raise DomainError(_("No meeting has a slot yet: run the scheduler first."))
        for m in changed:
            if m.is_active:
                m.published_slot, m.published_table = m.slot, m.table
            else:
                m.published_slot = m.published_table = None
        Meeting.objects.bulk_update(changed, ["published_slot", "published_table"])
        locked.published_version += 1
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_version", "published_at", "updated_at"])
        people = sorted({pid for m in changed for pid in (m.a_id, m.b_id)})
        first = locked.published_version == 1
        log_action(
            actor=actor,
            action="klynge.matchmaking.schedule.published",
            target=locked,
            data={
                "version": locked.published_version,
                "changed": len(changed),
                "people": len(people),
            },
            cluster=locked.event.cluster_id,
        )
        version = locked.published_version
        if first:
            transaction.on_commit(lambda: notices.send_agenda_mails(locked.pk, version))
        else:
            transaction.on_commit(lambda: notices.send_changed_mails(locked.pk, people))
    session.refresh_from_db()
    return {"version": version, "changed": len(changed), "people": len(people)}
