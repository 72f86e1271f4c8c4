"""The forms events and courses share: a member contact's colleagues, the team's guest, the team's
capacity.

Colleagues come from the organisation's people; one not listed yet can be added on the spot (name
and email), when the contact may add people to the organisation (`allow_new`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from klynge.core.form_fields import model_choice_field
from klynge.core.limits import MAX_INT
from klynge.members.models import Organisation, Person

from .services import Guest

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ColleagueChoiceField(forms.ModelMultipleChoiceField):
    """People to choose, each shown with their email (when they have one)."""

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.email else obj.full_name


class ColleaguesForm(forms.Form):
    people = ColleagueChoiceField(
        label=_("Colleagues"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    new_name = forms.CharField(
        label=_("Someone not listed yet: name"), max_length=200, required=False
    )
    new_email = forms.EmailField(
        label=_("Their email address"),
        required=False,
        help_text=_("They are added to your organisation's people and get the confirmation."),
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        label: str,
        allow_new: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "people")
        field.queryset = people
        field.label = label
        if not allow_new:
            del self.fields["new_name"], self.fields["new_email"]
        elif not people.exists():  # everyone listed is registered: only the new colleague's fields
            del self.fields["people"]

    @property
    def has_choices(self) -> bool:
        """Something to submit: colleagues to choose, or the fields of a new one."""
        return "people" in self.fields or self.allows_new

    @property
    def allows_new(self) -> bool:
        return "new_name" in self.fields

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        name = (data.get("new_name") or "").strip()
        email = data.get("new_email") or ""
        if self.allows_new and email and not name:
            self.add_error("new_name", _("Enter the colleague's name."))
        if self.allows_new and name and not email and "new_email" not in self.errors:
            self.add_error("new_email", _("Enter the colleague's email address."))
        if not data.get("people") and not name and not self.errors:
            self.add_error(
                "people",
                _("Choose colleagues, or add someone not listed yet.")
                if self.allows_new
                else _("Choose colleagues."),
            )
        return data

    def new_colleague(self) -> dict[str, str] | None:
        """The colleague to add on the spot (name and email), or None."""
        if not self.allows_new or not (self.cleaned_data.get("new_name") or "").strip():
            return None
        return {
            "full_name": self.cleaned_data["new_name"].strip(),
            "email": self.cleaned_data["new_email"],
        }


class GuestForm(forms.Form):
    """The team adds someone by name and email (found by email, or created once every check has
    passed). With `organisations`, the organisation is one of them (`organisation_help` says
    which); without, its name as given."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email"))

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation] | None = None,
        organisation_help: StrOrPromise = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            self.fields["organisation_name"] = forms.CharField(
                label=_("Organisation"), max_length=255, required=False
            )
        else:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Organisation"),
                queryset=organisations,
                required=False,
                help_text=organisation_help,
            )

    def guest(self) -> Guest:
        return Guest(**self.cleaned_data)


class CapacityForm(forms.Form):
    """How many places (empty: no limit); `label` names them ("Capacity", "Places")."""

    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for no limit."),
        max_value=MAX_INT,
    )

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["capacity"].label = label
