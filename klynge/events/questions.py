"""Registration questions written as lines of text (a compact editor for organisers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from .models import Question

CHECKBOX_MARK = "[checkbox]"


def parse_questions(text: str) -> list[dict[str, Any]]:
    """'Diet*' -> required text; 'Lunch: Fish | Veg' -> choice; 'B2B? [checkbox]' -> checkbox."""
    questions: list[dict[str, Any]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        required = line.endswith("*")
        line = line.rstrip("*").strip()
        if line.lower().endswith(CHECKBOX_MARK):
            label = line[: -len(CHECKBOX_MARK)].strip()
            questions.append({"label": label, "kind": "checkbox", "choices": [], "required": False})
            continue
        if ":" in line and "|" in line:
            label, options = line.split(":", 1)
            choices = [o.strip() for o in options.split("|") if o.strip()]
            if len(choices) < 2:
                raise ValueError(_("Line %(n)s: give at least two options.") % {"n": number})
            questions.append(
                {"label": label.strip(), "kind": "choice", "choices": choices, "required": required}
            )
            continue
        questions.append({"label": line, "kind": "text", "choices": [], "required": required})
    for question in questions:
        if not question["label"] or len(question["label"]) > 200:
            raise ValueError(_("Each question needs a text of at most 200 characters."))
    return questions


def questions_as_text(questions: Iterable[Question]) -> str:
    lines = []
    for question in questions:
        if question.kind == Question.Kind.CHECKBOX:
            lines.append(f"{question.label} {CHECKBOX_MARK}")
        elif question.kind == Question.Kind.CHOICE:
            lines.append(
                f"{question.label}: {' | '.join(question.choices)}"
                + ("*" if question.required else "")
            )
        else:
            lines.append(question.label + ("*" if question.required else ""))
    return "\n".join(lines)
