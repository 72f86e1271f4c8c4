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
