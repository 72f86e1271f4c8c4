"""Forms for the directory filters, organisations and memberships."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Topic
from klynge.core.dates import BoundedDateField
from klynge.core.errors import DomainError
from klynge.core.form_fields import choice_field
from klynge.core.limits import MAX_INT
from klynge.core.weblinks import WebURLFormField
from klynge.core.widgets import FilterForm

from ..models import Membership, Organisation
from ..orgnumbers import normalise_org_number
from ..selectors.directory import SORT_KEYS, DirectoryFilters
from ..services.organisations import normalise_nace_codes


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DirectoryFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    size_class = forms.ChoiceField(label=_("Size (estimated)"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    county = forms.ChoiceField(label=_("County / region"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Active")), ("former", _("Former")), ("all", _("All"))],
    )
    as_of = BoundedDateField(label=_("On date"), required=False, widget=DateInput())
    sort = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        choices=[(p + key, p + key) for key in SORT_KEYS for p in ("", "-")],
    )
    # After an import: the organisations and memberships it created or changed.
    changed = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: dict[str, list[Any]], member_view: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        choice_field(self, "kind").choices = every + list(Organisation.Kind.choices)
        choice_field(self, "size_class").choices = every + list(Organisation.SizeClass.choices)
        choice_field(self, "category").choices = every + list(Membership.Category.choices)
        choice_field(self, "county").choices = every + [(c, c) for c in choices["counties"]]
        choice_field(self, "country").choices = every + [(c, c) for c in choices["countries"]]
        choice_field(self, "topic").choices = every + [(t.slug, t.name) for t in choices["topics"]]
        if member_view:  # member contacts see today's members only
            del self.fields["status"], self.fields["as_of"], self.fields["changed"]

    def filters(self) -> DirectoryFilters:
        """The filters to apply. An invalid value drops that filter only (and shows its error)."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return DirectoryFilters(
            search=data.get("q") or "",
            kind=data.get("kind") or "",
            size_class=data.get("size_class") or "",
            category=data.get("category") or "",
            county=data.get("county") or "",
            country=data.get("country") or "",
            topic=data.get("topic") or "",
            status=data.get("status") or "active",
            as_of=data.get("as_of"),
            sort=data.get("sort") or "name",
            changed_since=data.get("changed"),
        )


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or organisation number"),
        max_length=100,
        help_text=_("Look for the organisation first, so it is not registered twice."),
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    org_number = forms.CharField(
        label=_("Organisation number"),
        required=False,
        max_length=20,
        help_text=_("Norwegian organisations: 9 digits, e.g. 988 077 917. Empty for foreign ones."),
    )
    country = forms.CharField(
        label=_("Country"), max_length=2, initial="NO", help_text=_("Two letters, e.g. NO, SE, DE.")
    )
    vat_id = forms.CharField(label=_("VAT id"), required=False, max_length=32)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    employees = forms.IntegerField(
        label=_("Employees"),
        required=False,
        min_value=0,
        help_text=_("Leave empty when unknown."),
        max_value=MAX_INT,
    )
    nace_codes = forms.CharField(
        label=_("Industry codes (NACE/SN2007)"),
        required=False,
        max_length=200,
        help_text=_("Comma-separated, e.g. 62.010, 35.140. The first is the main code."),
    )
    municipality = forms.CharField(label=_("Municipality"), required=False, max_length=100)
    municipality_number = forms.RegexField(
        label=_("Municipality number"),
        required=False,
        regex=r"^\d{4}$",
        error_messages={"invalid": _("A municipality number has 4 digits, e.g. 3101.")},
    )
    county = forms.CharField(
        label=_("County / region"),
        required=False,
        max_length=100,
        help_text=_("Filled in from the municipality number when left empty."),
    )
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    website = WebURLFormField(label=_("Website"), required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    topics = forms.ModelMultipleChoiceField(
        label=_("Competence topics"),
        queryset=Topic.objects.order_by("name_en"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict[str, Any]:
        initial = {
            name: getattr(organisation, name) for name in cls.base_fields if name != "topics"
        }
        initial["org_number"] = organisation.org_number or ""
        initial["nace_codes"] = ", ".join(organisation.nace_codes or [])
        initial["topics"] = list(organisation.topics.all())
        return initial

    def clean_org_number(self) -> str | None:
        try:
            return normalise_org_number(self.cleaned_data["org_number"])
        except ValidationError as error:
            raise ValidationError(error.messages[0], code="invalid_org_number") from error

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise ValidationError(_("Give the country as a two-letter code, such as NO or SE."))
        return country

    def clean_nace_codes(self) -> list[str]:
        try:
            return normalise_nace_codes(self.cleaned_data["nace_codes"])
        except DomainError as error:
            raise ValidationError(error.message) from error

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("org_number") and cleaned.get("country") not in (None, "NO"):
            self.add_error(
                "org_number",
                _("Only Norwegian organisations have an organisation number; give the VAT id."),
            )
        return cleaned

    def organisation_fields(self) -> tuple[dict[str, Any], list[Topic]]:
        """Service arguments: (fields, topics)."""
        data = {name: self.cleaned_data[name] for name in OrganisationForm.base_fields}
        topics = list(data.pop("topics"))
        return data, topics


class MembershipStartForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Membership.Category.choices)
    joined_on = BoundedDateField(label=_("Member from"), widget=DateInput())
    fee_tier = forms.CharField(label=_("Fee tier"), required=False, max_length=60)
    annual_fee = forms.IntegerField(
        label=_("Annual fee (NOK)"), required=False, min_value=0, max_value=MAX_INT
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["joined_on"].initial = datetime.date.today()

    def membership_fields(self) -> dict[str, Any]:
        names = ("category", "joined_on", "fee_tier", "annual_fee", "notes")
        return {name: self.cleaned_data[name] for name in names}


class NewMemberForm(OrganisationForm, MembershipStartForm):
    """A new organisation and its membership, on one page."""


class MembershipEndForm(forms.Form):
    left_on = BoundedDateField(
        label=_("Member until"),
        widget=DateInput(),
        help_text=_("The date the membership ends; it is no longer active from this day."),
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["left_on"].initial = datetime.date.today()

    def clean_left_on(self) -> datetime.date:
        left_on = self.cleaned_data["left_on"]
        if left_on < self.membership.joined_on:
            raise ValidationError(
                _("The membership started on %(date)s; it cannot end before that."),
                params={"date": self.membership.joined_on.isoformat()},
            )
        return left_on


class MembershipEditForm(MembershipStartForm):
    left_on = BoundedDateField(
        label=_("Member until"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty while the organisation is still a member."),
    )
    field_order = ["category", "joined_on", "left_on", "fee_tier", "annual_fee", "notes"]

    @staticmethod
    def initial_for(membership: Membership) -> dict[str, Any]:
        names = ("category", "joined_on", "left_on", "fee_tier", "annual_fee", "notes")
        return {name: getattr(membership, name) for name in names}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        joined_on, left_on = cleaned.get("joined_on"), cleaned.get("left_on")
        if joined_on and left_on and left_on < joined_on:
            self.add_error("left_on", _("The leaving date cannot be before the joining date."))
        return cleaned

    def membership_fields(self) -> dict[str, Any]:
        return super().membership_fields() | {"left_on": self.cleaned_data["left_on"]}


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Put a service's DomainError on the form field it names (or on the form as a whole)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
