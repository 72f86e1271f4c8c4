"""Forms of the survey builder: the survey, a page, a question (with its condition)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.form_fields import choice_field

from ..models import Question, Survey
from ..services.surveys import items_text, parse_items
from ..shipped import TEMPLATES

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
CONDITION_SEPARATOR = "::"


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title_en",
            "title_nb",
            "intro_en",
            "intro_nb",
            "opens_at",
            "closes_at",
            "anonymous",
        ]
        widgets = {
            "opens_at": DATETIME,
            "closes_at": DATETIME,
            "intro_en": forms.Textarea(attrs={"rows": 3}),
            "intro_nb": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, anonymity_fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_en"].required = True
        if anonymity_fixed:
            self.fields["anonymous"].disabled = True
            self.fields["anonymous"].help_text = _(
                "Fixed: invitations have gone out saying whether the survey is anonymous."
            )


class NewSurveyForm(SurveyForm):
    template = forms.ChoiceField(
        label=_("Start from"),
        required=False,
        choices=[],
        help_text=_("A shipped template gives you its pages and questions to adapt."),
    )

    class Meta(SurveyForm.Meta):
        pass

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "template").choices = [("", _("An empty survey"))] + [
            (key, _("Template: yearly member survey"))
            for key in TEMPLATES
            if key == "yearly-member-survey"
        ]
        self.fields["title_en"].required = False
        self.fields["title_en"].help_text = _("Leave empty to use the template's title.")
        self.order_fields(["template"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("template") and not (data.get("title_en") or "").strip():
            self.add_error("title_en", _("Give the survey an English title."))
        return data


class SectionForm(forms.Form):
    title_en = forms.CharField(label=_("Page title (English)"), max_length=200, required=False)
    title_nb = forms.CharField(label=_("Page title (Norwegian)"), max_length=200, required=False)
    intro_en = forms.CharField(
        label=_("Introduction (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    intro_nb = forms.CharField(
        label=_("Introduction (Norwegian)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


ITEMS_HELP = _("One per line: English text, then “|” and the Norwegian text.")


class QuestionForm(forms.Form):
    section = forms.TypedChoiceField(label=_("Page"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind of question"), choices=Question.Kind.choices)
    text_en = forms.CharField(label=_("Question (English)"), max_length=400)
    text_nb = forms.CharField(label=_("Question (Norwegian)"), max_length=400, required=False)
    help_en = forms.CharField(label=_("Help (English)"), max_length=400, required=False)
    help_nb = forms.CharField(label=_("Help (Norwegian)"), max_length=400, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    options = forms.CharField(
        label=_("Answers to choose from (single and multiple choice)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=ITEMS_HELP,
    )
    statements = forms.CharField(
        label=_("Statements (matrix)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=ITEMS_HELP,
    )
    low_label_en = forms.CharField(label=_("Low end (English)"), max_length=80, required=False)
    low_label_nb = forms.CharField(label=_("Low end (Norwegian)"), max_length=80, required=False)
    high_label_en = forms.CharField(label=_("High end (English)"), max_length=80, required=False)
    high_label_nb = forms.CharField(label=_("High end (Norwegian)"), max_length=80, required=False)
    min_value = forms.FloatField(label=_("Smallest number"), required=False)
    max_value = forms.FloatField(label=_("Largest number"), required=False)
    condition = forms.MultipleChoiceField(
        label=_("Show only if"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "Leave empty to always show the question. Choose answers of one earlier question: "
            "the question shows when any of them is given."
        ),
    )

    def __init__(
        self,
        *args: Any,
        sections: list[Any],
        earlier: list[Question],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "section").choices = [
            (s.pk, s.title or _("Page %(n)s") % {"n": s.position}) for s in sections
        ]
        self.sources = {q.key: q for q in earlier}
        choice_field(self, "condition").choices = condition_choices(earlier)

    def clean_options(self) -> list[dict[str, str]]:
        return self._items("options")

    def clean_statements(self) -> list[dict[str, str]]:
        return self._items("statements")

    def _items(self, name: str) -> list[dict[str, str]]:
        from klynge.core.errors import DomainError

        try:
            return parse_items(self.cleaned_data.get(name, ""))
        except DomainError as error:
            raise forms.ValidationError(error.message) from error

    def clean_condition(self) -> tuple[Question | None, list[str]]:
        picked = self.cleaned_data.get("condition") or []
        if not picked:
            return None, []
        keys = {value.split(CONDITION_SEPARATOR, 1)[0] for value in picked}
        if len(keys) > 1:
            raise forms.ValidationError(_("Choose answers of one question only."))
        source = self.sources[keys.pop()]
        return source, [value.split(CONDITION_SEPARATOR, 1)[1] for value in picked]

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("section")
        source, values = data.pop("condition")
        return {**data, "condition_question": source, "condition_values": values}


def condition_choices(earlier: list[Question]) -> list[tuple[str, str]]:
    """'key::answer' choices labelled "“Question” is “Answer”" for the earlier questions."""
    choices = []
    for question in earlier:
        if question.kind in ("single", "multiple"):
            answers = question.localised_options
        elif question.kind in ("scale", "nps"):
            answers = [(str(p), str(p)) for p in question.scale_points]
        else:
            continue
        for key, label in answers:
            choices.append(
                (
                    f"{question.key}{CONDITION_SEPARATOR}{key}",
                    _("“%(question)s” is “%(answer)s”")
                    % {"question": question.text, "answer": label},
                )
            )
    return choices


def question_initial(question: Question) -> dict[str, Any]:
    initial = {
        name: getattr(question, name)
        for name in (
            "kind",
            "text_en",
            "text_nb",
            "help_en",
            "help_nb",
            "required",
            "low_label_en",
            "low_label_nb",
            "high_label_en",
            "high_label_nb",
            "min_value",
            "max_value",
        )
    }
    initial["section"] = question.section_id
    initial["options"] = items_text(question.options)
    initial["statements"] = items_text(question.statements)
    if question.condition_question_id and question.condition_question is not None:
        key = question.condition_question.key
        initial["condition"] = [f"{key}{CONDITION_SEPARATOR}{v}" for v in question.condition_values]
    return initial


class CopyForm(forms.Form):
    title_en = forms.CharField(label=_("Title of the new wave (English)"), max_length=200)
    title_nb = forms.CharField(
        label=_("Title of the new wave (Norwegian)"), max_length=200, required=False
    )
