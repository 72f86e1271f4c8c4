"""Reading a survey page's answers from a posted form, and what each question shows on the page.

Field names: `q-<key>` (one value; several for multiple choice) and `q-<key>-<statement>` for a
matrix. The values are checked by `klynge.insight.logic.clean_value`, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict


def raw_from_post(questions: list[Any], post: QueryDict) -> dict[str, Any]:
    """{question key: raw value} for the questions on the page (absent inputs count as empty)."""
    raw: dict[str, Any] = {}
    for question in questions:
        name = f"q-{question.key}"
        if question.kind == "multiple":
            raw[question.key] = post.getlist(name)
        elif question.kind == "matrix":
            raw[question.key] = {
                key: post.get(f"{name}-{key}", "") for key, _label in question.localised_statements
            }
        else:
            raw[question.key] = post.get(name, "")
    return raw


@dataclass
class Shown:
    """A question on the answering page: its saved value, error and whether it shows."""

    question: Any
    value: Any
    error: str
    visible: bool

    @property
    def chosen(self) -> list[str]:
        if isinstance(self.value, list):
            return [str(v) for v in self.value]
        return [] if self.value is None else [_plain(self.value)]

    @property
    def rated(self) -> dict[str, str]:
        return (
            {k: str(v) for k, v in (self.value or {}).items()}
            if isinstance(self.value, dict)
            else {}
        )

    @property
    def text(self) -> str:
        return (
            "" if self.value is None or isinstance(self.value, list | dict) else _plain(self.value)
        )


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def page_items(
    questions: list[Any],
    answers: dict[str, Any],
    shown: set[str],
    errors: dict[str, str],
    raw: dict[str, Any] | None = None,
) -> list[Shown]:
    """The page's questions for the template; an invalid input is shown back as typed."""
    items = []
    for question in questions:
        value = answers.get(question.key)
        if raw is not None and question.key in errors:
            value = raw.get(question.key)
        items.append(
            Shown(
                question=question,
                value=value,
                error=errors.get(question.key, ""),
                visible=question.key in shown,
            )
        )
    return items
