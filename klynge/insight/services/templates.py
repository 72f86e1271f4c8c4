"""Start a survey from a shipped template (see `klynge.insight.shipped`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster
from klynge.core.audit import log_action
from klynge.core.errors import DomainError

from ..models import Question, Section, Survey
from ..shipped import TEMPLATES
from .surveys import check_conditions, user_or_none


@transaction.atomic
def survey_create_from_template(
    *, actor: Actor | None, cluster: Cluster, template_key: str, **fields: Any
) -> Survey:
    """A draft survey with the template's pages and questions, to adapt before sending."""
    template = TEMPLATES.get(template_key)
    if template is None:
        raise DomainError(_("Unknown survey template."), field="template")
    survey = Survey.objects.create(
        cluster=cluster,
        title_en=fields.get("title_en") or template["title_en"],
        title_nb=fields.get("title_nb") or template["title_nb"],
        intro_en=template["intro_en"],
        intro_nb=template["intro_nb"],
        anonymous=fields.get("anonymous", template["anonymous"]),
        opens_at=fields.get("opens_at"),
        closes_at=fields.get("closes_at"),
        template_key=template_key,
        created_by=user_or_none(actor),
    )
    by_key: dict[str, Question] = {}
    for position, spec in enumerate(template["sections"], start=1):
        section = Section.objects.create(
            survey=survey,
            position=position,
            title_en=spec["title_en"],
            title_nb=spec["title_nb"],
            intro_en=spec.get("intro_en", ""),
            intro_nb=spec.get("intro_nb", ""),
        )
        for index, raw in enumerate(spec["questions"], start=1):
            values = dict(raw)
            condition = values.pop("condition", None)
            question = Question(survey=survey, section=section, position=index, **values)
            if condition is not None:
                question.condition_question = by_key[condition[0]]
                question.condition_values = list(condition[1])
            question.save()
            by_key[question.key] = question
    check_conditions(survey)
    log_action(
        actor=actor,
        action="klynge.insight.survey.created",
        target=survey,
        data={"template": template_key, "anonymous": survey.anonymous},
    )
    return survey
