from __future__ import annotations

from typing import Any

from klynge.core import extensions


def test_sections_are_ordered_filtered_and_replaced_by_key() -> None:
    slot = "test_slot"

    def ctx(viewer: Any, obj: Any) -> dict[str, Any]:
        return {"obj": obj, "viewer": viewer}

    extensions.register(slot, extensions.Section("b", "B", "b.html", ctx, order=20))
    extensions.register(slot, extensions.Section("a", "A", "a.html", ctx, order=10))
    extensions.register(
        slot, extensions.Section("hidden", "H", "h.html", ctx, visible=lambda v, o: v == "admin")
    )
    extensions.register(slot, extensions.Section("b", "B2", "b2.html", ctx, order=5))
    found = extensions.sections(slot, "user", 7)
    assert [s["key"] for s in found] == ["b", "a"]
    assert found[0]["template"] == "b2.html" and found[0]["context"] == {"obj": 7, "viewer": "user"}
    assert [s["key"] for s in extensions.sections(slot, "admin", 7)] == ["b", "a", "hidden"]
    assert extensions.sections("empty_slot", "user", 7) == []


def test_badges_join_providers_in_order_for_the_whole_list() -> None:
    from types import SimpleNamespace

    from django.template import Context, Template

    from klynge.core import extensions

    calls: list[int] = []

    def first(objects: list) -> dict:
        calls.append(len(objects))
        return {o.pk: f"<b>{o.pk}</b>" for o in objects}

    def second(objects: list) -> dict:
        return {objects[0].pk: "<i>x</i>"}

    extensions.register_badges("test_badges", "second", second, order=20)
    extensions.register_badges("test_badges", "first", first, order=10)
    try:
        rows = [SimpleNamespace(pk=1), SimpleNamespace(pk=2)]
        found = extensions.badges("test_badges", rows)
        assert found == {1: "<b>1</b> <i>x</i>", 2: "<b>2</b>"}
        assert calls == [2]  # one call for the list, not one per row
        assert extensions.badges("test_badges", []) == {}
        html = Template(
            '{% load extension_tags %}{% slot_badges "test_badges" rows as b %}'
            "{% for r in rows %}[{{ b|badge_for:r }}]{% endfor %}"
            '{% slot_badges "nothing" rows as none %}({{ none|badge_for:rows.0 }})'
        ).render(Context({"rows": rows}))
        assert html == "[<b>1</b> <i>x</i>][<b>2</b>]()"
    finally:
        extensions._BADGES.pop("test_badges")
