from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from klynge.core.form_fields import choice_field

from .models import Post


class PostForm(forms.ModelForm):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: keep it as a draft. A time ahead: it appears then."),
    )

    class Meta:
        model = Post
        fields = [
            "title_nb",
            "title_en",
            "summary_nb",
            "summary_en",
            "body_nb",
            "body_en",
            "image",
            "image_alt",
            "visibility",
            "pinned",
        ]
        widgets = {
            "summary_nb": forms.Textarea(attrs={"rows": 2}),
            "summary_en": forms.Textarea(attrs={"rows": 2}),
            "body_nb": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "body_nb": _("Markdown: **bold**, *italic*, [link](https://…), lists with -."),
        }

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if data["image"] is False:  # "clear" ticked
            data["image"] = ""
        elif data["image"] is None:
            data.pop("image")
        return data


class NewsletterForm(forms.Form):
    """Compose: subject and intro in both languages, the posts, the audience (as data)."""

    subject_nb = forms.CharField(label=_("Subject (Norwegian)"), max_length=200, required=False)
    subject_en = forms.CharField(label=_("Subject (English)"), max_length=200, required=False)
    intro_nb = forms.CharField(
        label=_("Introduction (Norwegian, Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    intro_en = forms.CharField(
        label=_("Introduction (English, Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    posts = forms.MultipleChoiceField(
        label=_("Posts"), required=False, widget=forms.CheckboxSelectMultiple
    )
    members = forms.BooleanField(label=_("Contacts of member organisations"), required=False)
    member_kinds = forms.MultipleChoiceField(
        label=_("Only these kinds of member"), required=False, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.MultipleChoiceField(
        label=_("Only members with these topics"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    counties = forms.MultipleChoiceField(
        label=_("Only members in these counties"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    events = forms.MultipleChoiceField(
        label=_("Participants of these events"), required=False, widget=forms.SelectMultiple
    )
    courses = forms.MultipleChoiceField(
        label=_("Participants of these courses"), required=False, widget=forms.SelectMultiple
    )
    subscribers = forms.BooleanField(label=_("Subscribers from the public page"), required=False)

    def __init__(
        self, *args: Any, choices: dict[str, list[tuple[Any, str]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, options in choices.items():
            choice_field(self, name).choices = [(str(value), label) for value, label in options]
        self.fields["members"].help_text = _(
            "Only people who agreed to get newsletters are ever sent one."
        )

    def audience(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "members": data["members"],
            "member_kinds": data["member_kinds"],
            "topics": data["topics"],
            "counties": data["counties"],
            "events": [int(v) for v in data["events"]],
            "courses": [int(v) for v in data["courses"]],
            "subscribers": data["subscribers"],
        }

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "subject_nb": data["subject_nb"],
            "subject_en": data["subject_en"],
            "intro_nb": data["intro_nb"],
            "intro_en": data["intro_en"],
            "audience": self.audience(),
            "posts": [int(v) for v in data["posts"]],
        }


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: send now."),
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="nb")
    consent = forms.BooleanField(
        label=_("Yes, send me the newsletter. I can unsubscribe with one click in every issue.")
    )


class NewsletterSettingsForm(forms.Form):
    track_clicks = forms.BooleanField(
        label=_("Count clicks on links"),
        required=False,
        help_text=_("Links go through Klynge to be counted. Switch off to link directly."),
    )
    rate_per_minute = forms.IntegerField(
        label=_("Messages per minute"), min_value=1, max_value=100_000
    )
