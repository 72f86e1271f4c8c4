"""Menus built from the permission predicates of the pages they open.

Every menu entry names the page (a URL name, or a function that builds the path) and the `can_*`
predicate that guards that page, so a person is shown exactly the links they may open. An app adds
its entries with one line each in `AppConfig.ready()`:

    navigation.add("main", "events", _("Events"), "events:list", can_view_event_list, order=20)
    navigation.add("cluster", "members", _("Members"), "members:directory", can_view_member_directory)
    navigation.add("account", "notifications", _("Notifications"), "notifications:settings",
                   is_authenticated)

Menus and the object their predicates receive:

* ``"main"``: the top bar; the predicate gets ``(user, None)``; a URL name is reversed without
  arguments.
* ``"cluster"``: the active cluster's bar; the predicate gets ``(user, cluster)``; a URL name is
  reversed with ``slug=cluster.slug``.
* ``"account"``: the user's own pages beside their name; ``(user, None)``.

A function given as ``url`` receives the menu's object (the cluster, or None) and returns a path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from klynge.core.typing import BaseViewer

Predicate = Callable[[Any, Any], bool]
UrlBuilder = str | Callable[[Any], str]

MENUS = ("main", "cluster", "account")


@dataclass(frozen=True)
class NavEntry:
    menu: str
    key: str
    label: Any
    url: UrlBuilder
    visible: Predicate
    order: int = 100

    def path(self, obj: Any) -> str:
        if callable(self.url):
            return self.url(obj)
        if obj is None:
            return reverse(self.url)
        return reverse(self.url, kwargs={"slug": obj.slug})


_ENTRIES: dict[str, dict[str, NavEntry]] = {}


def add(
    menu: str, key: str, label: Any, url: UrlBuilder, visible: Predicate, *, order: int = 100
) -> None:
    """Add (or replace, by key) an entry of a menu."""
    if menu not in MENUS:
        raise ValueError(f"unknown menu {menu!r}; one of {MENUS}")
    _ENTRIES.setdefault(menu, {})[key] = NavEntry(menu, key, label, url, visible, order)


def registered(menu: str) -> list[NavEntry]:
    """Every entry of a menu in order, visible or not (for tests and the crawl)."""
    return sorted(_ENTRIES.get(menu, {}).values(), key=lambda e: (e.order, e.key))


def entries(
    menu: str, user: BaseViewer | None, obj: Any = None, current: str = ""
) -> list[dict[str, Any]]:
    """The entries `user` may open, as dicts with key, label, url and `current` (aria-current).

    An entry is current when the request path is its path or lies below it (the longest match
    wins, so "Programme" is not current on "Programme › Calls" when Calls has its own entry).
    """
    shown: list[dict[str, Any]] = []
    for entry in registered(menu):
        if entry.visible(user, obj):
            shown.append({"key": entry.key, "label": entry.label, "url": entry.path(obj)})
    best = max(
        (e for e in shown if current and _under(current, e["url"])),
        key=lambda e: len(e["url"].split("?")[0]),
        default=None,
    )
    for item in shown:
        item["current"] = item is best
    return shown


def _under(current: str, url: str) -> bool:
    path = url.split("?")[0]
    if path == "/":
        return current == "/"
    return current == path or current.startswith(path.rstrip("/") + "/")
