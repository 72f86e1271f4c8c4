"""Answering rules as pure functions over plain data: cleaning values, conditions, required answers.

A question is described by a `Spec` (built from the model by `spec_of`); answers are a dict of
question key -> value, where a value is, by kind:

    single      "key"                  multiple   ["key", ...]
    scale       1..5                   nps        0..10
    matrix      {"statement": 1..5}    number     float
    short_text / long_text  "text"

`clean_value` turns form or JSON input into that value (None = no answer) or raises `Invalid`.
`visible_keys` applies the "show only if" conditions in question order: a question whose condition
question is hidden is hidden too, and answers to hidden questions are never kept.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

CHOICE_KINDS = ("single", "multiple")
SCALE_POINTS = {"scale": (1, 5), "nps": (0, 10), "matrix": (1, 5)}
TEXT_LIMITS = {"short_text": 300, "long_text": 5000}


class Invalid(ValueError):
    """The input is not an answer to the question; the message says why (translated)."""


@dataclass(frozen=True)
class Spec:
    key: str
    kind: str
    required: bool = False
    options: tuple[str, ...] = ()
    statements: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None
    condition_key: str | None = None
    condition_values: tuple[str, ...] = field(default_factory=tuple)


def spec_of(question: Any) -> Spec:
    condition = getattr(question, "condition_question", None)
    return Spec(
        key=question.key,
        kind=question.kind,
        required=question.required,
        options=tuple(o["key"] for o in question.options or []),
        statements=tuple(s["key"] for s in question.statements or []),
        min_value=question.min_value,
        max_value=question.max_value,
        condition_key=condition.key if condition is not None else None,
        condition_values=tuple(str(v) for v in question.condition_values or []),
    )


def _blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple | dict):
        return len(raw) == 0
    return False


def _whole(raw: Any, low: int, high: int) -> int:
    try:
        number = float(str(raw).strip().replace(",", "."))
    except ValueError as exc:
        raise Invalid(_("Choose a value on the scale.")) from exc
    if not number.is_integer() or not low <= number <= high:
        raise Invalid(
            _("Choose a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
        )
    return int(number)


def clean_value(spec: Spec, raw: Any) -> Any:
    """The answer `raw` (form text, list or dict, or JSON) as the kind's value; None if empty."""
    if _blank(raw):
        return None
    kind = spec.kind
    if kind == "single":
        value = str(raw[0] if isinstance(raw, list | tuple) else raw)
        if value not in spec.options:
            raise Invalid(_("Choose one of the answers."))
        return value
    if kind == "multiple":
        values = [raw] if isinstance(raw, str) else list(raw)
        chosen = [str(v) for v in values]
        if any(v not in spec.options for v in chosen):
            raise Invalid(_("Choose among the answers."))
        return [key for key in spec.options if key in chosen]
    if kind in ("scale", "nps"):
        low, high = SCALE_POINTS[kind]
        return _whole(raw[0] if isinstance(raw, list | tuple) else raw, low, high)
    if kind == "matrix":
        if not isinstance(raw, Mapping):
            raise Invalid(_("Rate each statement."))
        low, high = SCALE_POINTS["matrix"]
        rated = {}
        for statement, value in raw.items():
            if str(statement) not in spec.statements:
                raise Invalid(_("Unknown statement."))
            if not _blank(value):
                rated[str(statement)] = _whole(value, low, high)
        return {key: rated[key] for key in spec.statements if key in rated} or None
    if kind == "number":
        try:
            number = float(str(raw).strip().replace(" ", "").replace(",", "."))
        except ValueError as exc:
            raise Invalid(_("Enter a number.")) from exc
        if not math.isfinite(number):
            raise Invalid(_("Enter a number."))
        if spec.min_value is not None and number < spec.min_value:
            raise Invalid(_("Enter at least %(n)s.") % {"n": f"{spec.min_value:g}"})
        if spec.max_value is not None and number > spec.max_value:
            raise Invalid(_("Enter at most %(n)s.") % {"n": f"{spec.max_value:g}"})
        return number
    if kind in TEXT_LIMITS:
        text = str(raw).strip()
        if len(text) > TEXT_LIMITS[kind]:
            raise Invalid(_("Keep the answer under %(n)s characters.") % {"n": TEXT_LIMITS[kind]})
        return text
    raise Invalid(_("Unknown kind of question."))


def matches(spec: Spec, value: Any, wanted: Iterable[str]) -> bool:
    """Whether the answer `value` to `spec` is one of `wanted` (any chosen one, for multiple)."""
    wanted = {str(w) for w in wanted}
    if value is None:
        return False
    if spec.kind == "multiple":
        return bool(wanted & {str(v) for v in value})
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value) in wanted


def visible_keys(specs: Iterable[Spec], answers: Mapping[str, Any]) -> set[str]:
    """Keys of the questions shown, given the answers so far (specs in survey order)."""
    ordered = list(specs)
    by_key = {spec.key: spec for spec in ordered}
    shown: set[str] = set()
    for spec in ordered:
        if spec.condition_key is None:
            shown.add(spec.key)
            continue
        source = by_key.get(spec.condition_key)
        if source is None or source.key not in shown:
            continue
        if matches(source, answers.get(source.key), spec.condition_values):
            shown.add(spec.key)
    return shown


def missing_required(
    specs: Iterable[Spec], answers: Mapping[str, Any], shown: set[str]
) -> list[str]:
    """Keys of visible required questions without an answer (a matrix needs every statement)."""
    missing = []
    for spec in specs:
        if not spec.required or spec.key not in shown:
            continue
        value = answers.get(spec.key)
        if value is None or (spec.kind == "matrix" and len(value) < len(spec.statements)):
            missing.append(spec.key)
    return missing


def check_condition(specs: list[Spec], spec: Spec) -> None:
    """A condition must point to an earlier choice or scale question and name its answers.

    `specs` is the survey in order; a `spec` not among them counts as coming last."""
    if spec.condition_key is None:
        return
    index = next((i for i, s in enumerate(specs) if s.key == spec.key), len(specs))
    earlier = {s.key: s for s in specs[:index]}
    source = earlier.get(spec.condition_key)
    if source is None:
        raise Invalid(_("A condition can only depend on an earlier question."))
    if source.kind not in ("single", "multiple", "scale", "nps"):
        raise Invalid(_("A condition can depend on a choice, scale or NPS question only."))
    if not spec.condition_values:
        raise Invalid(_("Choose the answers that show the question."))
    if source.kind in CHOICE_KINDS:
        allowed = set(source.options)
    else:
        low, high = SCALE_POINTS[source.kind]
        allowed = {str(n) for n in range(low, high + 1)}
    if not set(spec.condition_values) <= allowed:
        raise Invalid(_("The condition names an answer the question does not have."))


def merge(
    specs: Iterable[Spec], answers: Mapping[str, Any], raw: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str], set[str]]:
    """Apply new raw answers to saved ones: (answers kept, errors by key, keys shown).

    An invalid input leaves the saved answer as it was; answers of hidden questions are dropped.
    """
    ordered = list(specs)
    by_key = {spec.key: spec for spec in ordered}
    merged = dict(answers)
    errors: dict[str, str] = {}
    for key, value in raw.items():
        if key not in by_key:
            continue
        try:
            merged[key] = clean_value(by_key[key], value)
        except Invalid as error:
            errors[key] = str(error)
    shown = visible_keys(ordered, merged)
    kept = {k: v for k, v in merged.items() if k in shown and v is not None}
    return kept, errors, shown
