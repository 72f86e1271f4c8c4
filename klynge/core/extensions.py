"""Extension points: higher apps add sections to pages owned by lower apps without being imported.

The organisation page (members) shows tabs from events, projects and learning; the home page
(clusters) shows a section per module. Each app registers its parts in `AppConfig.ready()`; the
page asks the registry and renders what it finds, in `order`.

Badges are the small kind: a higher app marks objects a lower app lists (the programme's level and
label next to each cluster). A badge provider gets the whole list at once, so a page of 50 rows
costs the provider's queries once, and returns HTML per primary key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .typing import BaseViewer

ContextFunction = Callable[[Any, Any], dict[str, Any]]


@dataclass(frozen=True)
class Section:
    """A block on a page: `template` is rendered with `context(viewer, obj)` merged in."""

    key: str
    label: Any
    template: str
    context: ContextFunction
    order: int = 100
    visible: Callable[[Any, Any], bool] = field(default=lambda viewer, obj: True)


_REGISTRY: dict[str, dict[str, Section]] = {}


def register(slot: str, section: Section) -> None:
    """Add (or replace, by key) a section in a slot such as "organisation_tabs" or "home"."""
    _REGISTRY.setdefault(slot, {})[section.key] = section


def visible_sections(slot: str, viewer: BaseViewer | None, obj: Any) -> list[Section]:
    """The visible sections of a slot, in order, without computing their context (tabs: only the
    selected one needs it)."""
    found = sorted(_REGISTRY.get(slot, {}).values(), key=lambda s: (s.order, s.key))
    return [s for s in found if s.visible(viewer, obj)]


def sections(slot: str, viewer: BaseViewer | None, obj: Any) -> list[dict[str, Any]]:
    """The visible sections of a slot with their rendered context, in order."""
    return [
        {"key": s.key, "label": s.label, "template": s.template, "context": s.context(viewer, obj)}
        for s in visible_sections(slot, viewer, obj)
    ]


def render_sections(slot: str, request: Any, obj: Any) -> list[dict[str, Any]]:
    """Like `sections`, with each section's template rendered to HTML (`html`) for the request."""
    from django.template.loader import render_to_string

    rendered = []
    for section in sections(slot, request.user, obj):
        html = render_to_string(section["template"], section["context"], request=request)
        rendered.append({**section, "html": html})
    return rendered


@dataclass(frozen=True)
class HomeScope:
    """What the "home" slot's widgets are given: the active cluster (or None) and the session.

    Home widgets answer "what needs me now" for one role each. Their context is a dict for
    `components/home_widget.html`: ``title``, ``items`` (dicts with ``text``, ``url``, optional
    ``meta`` and ``urgent``), ``empty`` (said when there are no items) and optional ``links``
    (``(label, url)`` pairs). Each widget's context comes from one selector of its app, with a
    query bound test.
    """

    cluster: Any = None
    session: Any = None


BadgeFunction = Callable[[list[Any]], dict[Any, str]]
_BADGES: dict[str, dict[str, tuple[int, BadgeFunction]]] = {}


def register_badges(slot: str, key: str, provider: BadgeFunction, order: int = 100) -> None:
    """Add (or replace, by key) a badge provider: ``provider(objects) -> {pk: html}``.

    The HTML is shown as is, so it must come from a rendered template (escaped), never raw input.
    """
    _BADGES.setdefault(slot, {})[key] = (order, provider)


def badges(slot: str, objects: Any) -> dict[Any, str]:
    """The badges of every object of a slot, joined per primary key (safe HTML)."""
    from django.utils.safestring import mark_safe

    items = list(objects)
    if not items:
        return {}
    joined: dict[Any, list[str]] = {}
    for _order, provider in sorted(_BADGES.get(slot, {}).values(), key=lambda entry: entry[0]):
        for pk, html in provider(items).items():
            joined.setdefault(pk, []).append(html)
    return {pk: mark_safe(" ".join(parts)) for pk, parts in joined.items()}


# Figure definitions: the figures of a document (the annual report) are `klynge.core.figures.
# FigureSource`s registered under the document's name. The app that owns the document declares most
# of them; an app it may not import (communication, above the programme's reach) adds its own in
# its `ready()`. A figure's `rows(scope)` reads the scope's `cluster_id`, `start`, `end`, `begin`
# and `finish` (dates and aware datetimes of the period), so no app imports the owner's scope class.
_FIGURES: dict[str, dict[str, tuple[int, int, Any]]] = {}


def register_figures(name: str, sources: list[Any], order: int = 100) -> None:
    """Add (or replace, by key) figure sources of a document; shown by `order`, then as given."""
    known = _FIGURES.setdefault(name, {})
    for position, source in enumerate(sources):
        known[source.key] = (order, position, source)


def figures(name: str) -> list[Any]:
    """The registered figure sources of a document, in display order."""
    return [entry[2] for entry in sorted(_FIGURES.get(name, {}).values(), key=lambda e: e[:2])]
