"""Agendas as a PDF (WeasyPrint): one participant's, or every participant's (one per page)."""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import timezone

from .models import MatchmakingSession, Participant
from .selectors.agendas import build_agendas


def agendas_pdf(
    session: MatchmakingSession, participants: Iterable[Participant], *, published: bool = True
) -> bytes:
    from weasyprint import HTML

    people = list(participants)
    agendas = build_agendas(session, people, published=published)
    with timezone.override("Europe/Oslo"):
        html = render_to_string(
            "matchmaking/agenda_pdf.html",
            {
                "session": session,
                "event": session.event,
                "agendas": [agendas[p.pk] for p in people],
                "published": published,
            },
        )
    return HTML(string=html).write_pdf()
