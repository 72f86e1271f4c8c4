"""Typed access to a form's fields where a form sets their choices or queryset at run time.

`form.fields[name]` is a plain `Field` to a type checker; these say which kind it is (and fail loudly
in tests if it is not).
"""

from __future__ import annotations

from typing import Any

from django import forms


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), f"{name} is no choice field"
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField), f"{name} is no model choice field"
    return field
