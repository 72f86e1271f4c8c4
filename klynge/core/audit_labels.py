"""Audit actions in words people read: ``klynge.events.registration.created`` is shown as
"Registration created" ("Påmelding opprettet").

An action is named ``klynge.<app>.<thing>.<verb>`` (see CONTRIBUTING), so a label is made of the
thing and the verb, each translated once here. `ACTIONS` holds the few actions whose words do not
compose well. A test fails on an action in the code whose thing or verb has no words here, so no
code word reaches an audit page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext, pgettext_lazy

NOUNS: dict[str, Any] = {
    "api_token": pgettext_lazy("audit", "API token"),
    "application": pgettext_lazy("audit", "Application"),
    "assessment": pgettext_lazy("audit", "Maturity assessment"),
    "assignment": pgettext_lazy("audit", "Review assignment"),
    "attachment": pgettext_lazy("audit", "Attachment"),
    "audience": pgettext_lazy("audit", "Survey audience"),
    "brreg_import": pgettext_lazy("audit", "Register import"),
    "budget": pgettext_lazy("audit", "Budget"),
    "call": pgettext_lazy("audit", "Call"),
    "cluster": pgettext_lazy("audit", "Cluster"),
    "cluster_role": pgettext_lazy("audit", "Team role"),
    "conflict": pgettext_lazy("audit", "Conflict of interest"),
    "course": pgettext_lazy("audit", "Course"),
    "engagement_settings": pgettext_lazy("audit", "Engagement settings"),
    "enrolment": pgettext_lazy("audit", "Enrolment"),
    "evaluator": pgettext_lazy("audit", "Evaluator"),
    "event": pgettext_lazy("audit", "Event"),
    "feedback": pgettext_lazy("audit", "Event feedback"),
    "finance": pgettext_lazy("audit", "Cluster income"),
    "follow_up": pgettext_lazy("audit", "Follow-up report"),
    "funding_source": pgettext_lazy("audit", "Funding source"),
    "idea": pgettext_lazy("audit", "Project idea"),
    "idea_interest": pgettext_lazy("audit", "Interest in an idea"),
    "import": pgettext_lazy("audit", "Member import"),
    "invitation": pgettext_lazy("audit", "Invitation"),
    "invitations": pgettext_lazy("audit", "Survey invitations"),
    "label": pgettext_lazy("audit", "Certification label"),
    "lineage": pgettext_lazy("audit", "Project lineage"),
    "meeting": pgettext_lazy("audit", "B2B meeting"),
    "meeting_request": pgettext_lazy("audit", "B2B meeting request"),
    "membership": pgettext_lazy("audit", "Membership"),
    "milestone": pgettext_lazy("audit", "Milestone"),
    "newsletter": pgettext_lazy("audit", "Newsletter"),
    "network_settings": pgettext_lazy("audit", "Network settings"),
    "newsletter_settings": pgettext_lazy("audit", "Newsletter settings"),
    "organisation": pgettext_lazy("audit", "Organisation"),
    "outcome": pgettext_lazy("audit", "Project outcome"),
    "participant": pgettext_lazy("audit", "B2B participant"),
    "participants": pgettext_lazy("audit", "B2B participants"),
    "partner": pgettext_lazy("audit", "Project partner"),
    "person": pgettext_lazy("audit", "Person"),
    "personal_data": pgettext_lazy("audit", "Personal data"),
    "post": pgettext_lazy("audit", "News post"),
    "precedence": pgettext_lazy("audit", "Meeting order rule"),
    "preferences": pgettext_lazy("audit", "Mail settings"),
    "project": pgettext_lazy("audit", "Project"),
    "question": pgettext_lazy("audit", "Survey question"),
    "recovery_code": pgettext_lazy("audit", "Recovery code"),
    "registration": pgettext_lazy("audit", "Registration"),
    "reminders": pgettext_lazy("audit", "Survey reminders"),
    "report": pgettext_lazy("audit", "Annual report"),
    "report_correction": pgettext_lazy("audit", "Report correction"),
    "response": pgettext_lazy("audit", "Survey answer"),
    "review": pgettext_lazy("audit", "Review"),
    "schedule": pgettext_lazy("audit", "B2B schedule"),
    "section": pgettext_lazy("audit", "Survey section"),
    "session": pgettext_lazy("audit", "Session"),
    "status": pgettext_lazy("audit", "Programme status"),
    "subscriber": pgettext_lazy("audit", "Newsletter subscriber"),
    "survey": pgettext_lazy("audit", "Survey"),
    "two_factor": pgettext_lazy("audit", "Two-step login"),
    "user": pgettext_lazy("audit", "User account"),
}

VERBS: dict[str, Any] = {
    "accepted": pgettext_lazy("audit", "accepted"),
    "added": pgettext_lazy("audit", "added"),
    "admitted": pgettext_lazy("audit", "admitted from the waiting list"),
    "anonymised": pgettext_lazy("audit", "anonymised"),
    "assigned": pgettext_lazy("audit", "assigned"),
    "awarded": pgettext_lazy("audit", "awarded"),
    "batch_written": pgettext_lazy("audit", "batch written"),
    "booked": pgettext_lazy("audit", "booked"),
    "cancelled": pgettext_lazy("audit", "cancelled"),
    "capacity_changed": pgettext_lazy("audit", "capacity changed"),
    "changed": pgettext_lazy("audit", "changed"),
    "check_in_undone": pgettext_lazy("audit", "check-in undone"),
    "checked_in": pgettext_lazy("audit", "checked in"),
    "completed": pgettext_lazy("audit", "completed"),
    "completion_revoked": pgettext_lazy("audit", "completion revoked"),
    "computed": pgettext_lazy("audit", "computed"),
    "confirmed": pgettext_lazy("audit", "confirmed"),
    "consent_changed": pgettext_lazy("audit", "consent changed"),
    "converted": pgettext_lazy("audit", "turned into a project"),
    "copied": pgettext_lazy("audit", "copied"),
    "created": pgettext_lazy("audit", "created"),
    "deactivated": pgettext_lazy("audit", "deactivated"),
    "decided": pgettext_lazy("audit", "decided"),
    "declared": pgettext_lazy("audit", "declared"),
    "declined": pgettext_lazy("audit", "declined"),
    "deleted": pgettext_lazy("audit", "deleted"),
    "disabled": pgettext_lazy("audit", "turned off"),
    "dropped": pgettext_lazy("audit", "dropped"),
    "enabled": pgettext_lazy("audit", "turned on"),
    "ended": pgettext_lazy("audit", "ended"),
    "exported": pgettext_lazy("audit", "exported"),
    "feedback_requested": pgettext_lazy("audit", "feedback requested"),
    "fixed": pgettext_lazy("audit", "fixed in place"),
    "interrupted": pgettext_lazy("audit", "interrupted"),
    "joined": pgettext_lazy("audit", "joined"),
    "language_changed": pgettext_lazy("audit", "language changed"),
    "linked": pgettext_lazy("audit", "linked"),
    "moved": pgettext_lazy("audit", "moved"),
    "no_shows_marked": pgettext_lazy("audit", "no-shows marked"),
    "posted": pgettext_lazy("audit", "posted"),
    "promoted": pgettext_lazy("audit", "moved up from the waiting list"),
    "published": pgettext_lazy("audit", "published"),
    "purged": pgettext_lazy("audit", "purged"),
    "queued": pgettext_lazy("audit", "queued for sending"),
    "recomputed": pgettext_lazy("audit", "recomputed"),
    "planned": pgettext_lazy("audit", "planned"),
    "recorded": pgettext_lazy("audit", "recorded"),
    "refreshed": pgettext_lazy("audit", "refreshed"),
    "reminded": pgettext_lazy("audit", "reminded"),
    "removed": pgettext_lazy("audit", "removed"),
    "requested": pgettext_lazy("audit", "requested"),
    "reset": pgettext_lazy("audit", "reset"),
    "revoked": pgettext_lazy("audit", "revoked"),
    "saved": pgettext_lazy("audit", "saved"),
    "scored": pgettext_lazy("audit", "scored"),
    "sent": pgettext_lazy("audit", "sent"),
    "set": pgettext_lazy("audit", "set"),
    "started": pgettext_lazy("audit", "started"),
    "status_changed": pgettext_lazy("audit", "status changed"),
    "submitted": pgettext_lazy("audit", "submitted"),
    "tested": pgettext_lazy("audit", "test sent"),
    "transitioned": pgettext_lazy("audit", "moved to a new status"),
    "unbooked": pgettext_lazy("audit", "unbooked"),
    "unfixed": pgettext_lazy("audit", "released"),
    "unlinked": pgettext_lazy("audit", "unlinked"),
    "unpublished": pgettext_lazy("audit", "unpublished"),
    "unsubscribed": pgettext_lazy("audit", "unsubscribed"),
    "updated": pgettext_lazy("audit", "updated"),
    "used": pgettext_lazy("audit", "used"),
    "withdrawn": pgettext_lazy("audit", "withdrawn"),
    "withdrew": pgettext_lazy("audit", "withdrew"),
}

# Whole actions whose label is not "<thing> <verb>".
ACTIONS: dict[str, Any] = {}


def audit_label(action: str) -> str:
    """The readable label of an audit action, in the active language."""
    if action in ACTIONS:
        return str(ACTIONS[action])
    parts = action.split(".")
    if len(parts) < 2:
        return _humane(action)
    thing, verb = parts[-2], parts[-1]
    thing_label = NOUNS.get(thing) or _humane(thing).capitalize()
    verb_label = VERBS.get(verb) or _humane(verb)
    return pgettext("audit", "%(thing)s %(verb)s") % {"thing": thing_label, "verb": verb_label}


def is_known(action: str) -> bool:
    """True when the label of `action` comes from the tables (not from its code words)."""
    if action in ACTIONS:
        return True
    parts = action.split(".")
    return len(parts) >= 4 and parts[-2] in NOUNS and parts[-1] in VERBS


def _humane(word: str) -> str:
    return word.replace("_", " ").strip()
