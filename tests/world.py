"""One world with every role and every kind of object, in two clusters, built once per module.

Cluster A is the own cluster of the member contact, the staff member and the manager; cluster B has a
manager of its own ("another cluster's manager"). Each cluster has one of every object a URL or an
API operation can name, so the permission matrix and the schemathesis run reach real code.

`module_world` builds it inside a transaction that is rolled back after the module; each test then
runs in a savepoint of it (pytest-django's `db`), and `isolated()` rolls back single requests.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

ROLES = (
    "anonymous",
    "contact",
    "staff",
    "manager",
    "manager_b",
    "officer",
    "evaluator",
    "superuser",
)
SIDES = ("a", "b")  # objects of cluster A (the own cluster) and of cluster B (another cluster)


@dataclass
class Side:
    """One cluster and one of each object in it."""

    cluster: Any
    manager: Any
    staff: Any
    contact: Any  # a login of a member organisation's contact person
    organisation: Any
    membership: Any
    person: Any  # the contact's Person row
    colleague: Any  # a person of the same organisation without a login
    invitation: Any
    invitation_token: str
    staff_role: Any
    event: Any
    registration: Any  # the contact's registration
    attended: Any  # the colleague's registration, checked in (feedback link)
    feed: Any
    b2b: Any
    participant: Any
    other_participant: Any
    meeting_request: Any
    meeting: Any
    course: Any
    course_session: Any
    enrolment: Any  # the colleague's enrolment, completed with a certificate
    project: Any
    partner: Any
    funding_source: Any
    milestone: Any
    outcome: Any
    idea: Any
    application: Any
    attachment: Any
    assignment: Any | None
    assessment: Any
    report: Any
    status: Any
    label: Any
    survey: Any
    survey_section: Any
    survey_question: Any
    post: Any  # a published news post of the cluster
    newsletter: Any  # a draft newsletter of the cluster
    unsubscribe_token: str  # the contact's signed unsubscribe/preferences link
    follow_up: Any = None  # a progress report of the application (as if it were funded)


@dataclass
class World:
    users: dict[str, Any]
    a: Side
    b: Side
    call: Any
    evaluator: Any  # the Evaluator row of the evaluator user
    token: Any  # a write token of the manager of cluster A
    raw_token: str
    extra: dict[str, Any] = field(default_factory=dict)

    def side(self, name: str) -> Side:
        return self.a if name == "a" else self.b


def _side(name: str, *, officer: Any, call: Any, evaluator: Any | None) -> Side:
    from klynge.communication.services.newsletters import newsletter_create
    from klynge.communication.services.posts import post_create, post_publish
    from klynge.communication.tokens import unsubscribe_token
    from klynge.events.models import CalendarFeed, Registration
    from klynge.learning.models import Enrolment
    from klynge.members.services.invitations import invitation_send
    from klynge.programme.models import ApplicationAttachment, Assessment, FollowUpReport, Framework
    from klynge.programme.services.applications import application_submit, application_transition
    from klynge.programme.services.reports import report_create
    from klynge.programme.services.reviews import assignment_create
    from tests.factories.accounts import UserFactory
    from tests.factories.clusters import ClusterFactory, ClusterRoleFactory
    from tests.factories.events import EventFactory, RegistrationFactory
    from tests.factories.insight import two_page_survey
    from tests.factories.learning import CourseFactory, EnrolmentFactory
    from tests.factories.matchmaking import (
        MeetingRequestFactory,
        ParticipantFactory,
        SessionFactory,
        make_meeting,
    )
    from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory
    from tests.factories.programme import (
        ApplicationFactory,
        CertificationLabelFactory,
        ClusterStatusFactory,
        ready_project,
    )
    from tests.factories.projects import (
        FundingSourceFactory,
        IdeaFactory,
        MilestoneFactory,
        OutcomeFactory,
        ProjectPartnerFactory,
    )

    cluster = ClusterFactory(name=f"Cluster {name.upper()}", slug=f"cluster-{name}")
    manager = UserFactory(email=f"manager-{name}@example.org")
    staff = UserFactory(email=f"staff-{name}@example.org")
    ClusterRoleFactory(user=manager, cluster=cluster, role="manager")
    staff_role = ClusterRoleFactory(user=staff, cluster=cluster, role="staff")
    organisation = OrganisationFactory(name=f"Member {name.upper()} AS")
    membership = MembershipFactory(cluster=cluster, organisation=organisation)
    contact = UserFactory(email=f"contact-{name}@example.org")
    person = PersonFactory(
        organisation=organisation, user=contact, email=contact.email, full_name=f"Contact {name}"
    )
    colleague = PersonFactory(organisation=organisation, full_name=f"Colleague {name}")
    invitee = PersonFactory(organisation=organisation, full_name=f"Invitee {name}")
    invitation, invitation_token = invitation_send(actor=manager, person=invitee, cluster=cluster)

    event = EventFactory(cluster=cluster, capacity=20)
    registration = RegistrationFactory(event=event, person=person)
    attended = RegistrationFactory(
        event=event, person=colleague, status=Registration.Status.ATTENDED
    )
    feed = CalendarFeed.objects.create(person=person)
    b2b = SessionFactory(event=event)
    participant = ParticipantFactory(session=b2b, person=person, registration=registration)
    other_participant = ParticipantFactory(session=b2b, person=colleague, registration=attended)
    meeting_request = MeetingRequestFactory(
        session=b2b, requester=participant, invitee=other_participant
    )
    meeting = make_meeting(participant, other_participant)

    course = CourseFactory(cluster=cluster, capacity=20)
    enrolment = EnrolmentFactory(
        course=course,
        person=colleague,
        status=Enrolment.Status.COMPLETED,
        completed_on=datetime.date(2021, 5, 1),
        certificate_code=f"KLY-2021-{name.upper()}0001",
    )
    EnrolmentFactory(course=course, person=person)

    project = ready_project(cluster, kind="pre_project")
    partner = ProjectPartnerFactory(project=project, organisation=organisation)
    funding_source = FundingSourceFactory(project=project)
    milestone = MilestoneFactory(project=project)
    outcome = OutcomeFactory(project=project)
    idea = IdeaFactory(cluster=cluster, organisation=organisation)

    application = ApplicationFactory(call=call, cluster=cluster, project=project)
    attachment = ApplicationAttachment(application=application, title="Plan")
    attachment.file.save(f"plan-{name}.pdf", SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"))
    application_submit(actor=manager, application=application)
    application_transition(actor=officer, application=application, action="start_review")
    assignment = (
        assignment_create(actor=officer, application=application, evaluator=evaluator)
        if evaluator is not None
        else None
    )
    assessment = Assessment.objects.create(
        cluster=cluster,
        framework=Framework.objects.get(code="mature-cluster"),
        period="2021",
        as_of=datetime.date(2021, 12, 31),
    )
    report = report_create(actor=manager, cluster=cluster, year=2021)
    status = ClusterStatusFactory(cluster=cluster)
    label = CertificationLabelFactory(cluster=cluster)
    survey = two_page_survey(cluster=cluster)
    survey_question = survey.questions.order_by("position", "pk").first()
    post = post_create(
        actor=manager, cluster=cluster, title_nb=f"Nytt fra {name}", body_nb="Tekst."
    )
    post_publish(actor=manager, post=post)
    newsletter = newsletter_create(
        actor=manager, cluster=cluster, subject_nb=f"Nyhetsbrev {name}", posts=[post.pk]
    )
    return Side(
        cluster=cluster,
        manager=manager,
        staff=staff,
        contact=contact,
        organisation=organisation,
        membership=membership,
        person=person,
        colleague=colleague,
        invitation=invitation,
        invitation_token=invitation_token,
        staff_role=staff_role,
        event=event,
        registration=registration,
        attended=attended,
        feed=feed,
        b2b=b2b,
        participant=participant,
        other_participant=other_participant,
        meeting_request=meeting_request,
        meeting=meeting,
        course=course,
        course_session=course.sessions.first(),
        enrolment=enrolment,
        project=project,
        partner=partner,
        funding_source=funding_source,
        milestone=milestone,
        outcome=outcome,
        idea=idea,
        application=application,
        attachment=attachment,
        assignment=assignment,
        assessment=assessment,
        report=report,
        status=status,
        label=label,
        survey=survey,
        survey_section=survey_question.section,
        survey_question=survey_question,
        post=post,
        newsletter=newsletter,
        unsubscribe_token=unsubscribe_token(
            cluster_id=cluster.pk, email=contact.email, newsletter_id=None
        ),
        follow_up=FollowUpReport.objects.create(
            application=application,
            kind="progress",
            due_on=datetime.date(2021, 12, 1),
            outcomes_text="Two SMEs took up the technology.",
        ),
    )


def build_world() -> World:
    from klynge.accounts.services import api_token_create
    from klynge.programme.loaders import load_shipped
    from klynge.programme.models import Framework
    from klynge.programme.services.reviews import evaluator_add
    from tests.factories.accounts import UserFactory
    from tests.factories.programme import CallFactory

    load_shipped()
    officer = UserFactory(email="officer@example.org", is_programme_officer=True)
    superuser = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    evaluator = evaluator_add(actor=officer, email="evaluator@example.org")
    call = CallFactory(framework=Framework.objects.get(code="pre-project"))
    a = _side("a", officer=officer, call=call, evaluator=evaluator.user)
    b = _side("b", officer=officer, call=call, evaluator=None)
    token, raw = api_token_create(actor=a.manager, name="world", scope="write")
    users = {
        "anonymous": AnonymousUser(),
        "contact": a.contact,
        "staff": a.staff,
        "manager": a.manager,
        "manager_b": b.manager,
        "officer": officer,
        "evaluator": evaluator.user,
        "superuser": superuser,
    }
    return World(users=users, a=a, b=b, call=call, evaluator=evaluator, token=token, raw_token=raw)


# API paths: the segment before a parameter -> the world's object of that kind (a Side attribute).
API_SEGMENT_OBJECTS = {
    "clusters": "cluster",
    "organisations": "organisation",
    "memberships": "membership",
    "people": "colleague",
    "events": "event",
    "registrations": "registration",
    "b2b-sessions": "b2b",
    "b2b-requests": "meeting_request",
    "b2b-meetings": "meeting",
    "agenda": "participant",
    "projects": "project",
    "funding-sources": "funding_source",
    "partners": "partner",
    "outcomes": "outcome",
    "ideas": "idea",
    "courses": "course",
    "sessions": "course_session",
    "enrolments": "enrolment",
    "assessments": "assessment",
    "reports": "report",
    "calls": "call",
    "applications": "application",
    "attachments": "attachment",
    "reviews": "assignment",
    "news": "post",
    "newsletters": "newsletter",
    "surveys": "survey",
    "questions": "survey_question",
    "survey-answers": "survey",  # a personal answering link: asked with a token that names nobody
    "finances": "cluster",  # a year of the cluster's income: see api_object_value
    "corrections": "report",  # a figure of the report: asked by a key the report has
}
API_PARAMETER = re.compile(r"([^/]+)/\{([^}]+)\}")


def api_object_value(world: World, side: str, segment: str) -> Any:
    if segment == "calls":
        return world.call.pk
    if segment == "finances":
        return 2021  # a year of the cluster organisation's income (the world's report year)
    if segment == "survey-answers":
        return "no-such-link"
    if segment == "corrections":
        return "members.total"  # a figure of the annual report
    obj = getattr(world.side(side), API_SEGMENT_OBJECTS.get(segment, ""), None)
    if obj is None:
        return None
    return obj.slug if segment == "clusters" else obj.pk


def api_path_values(world: World, path: str, side: str) -> dict[str, Any]:
    """Parameter -> the value naming the world's object of `side`, for the parameters of `path`."""
    values = {}
    for segment, name in API_PARAMETER.findall(path):
        value = api_object_value(world, side, segment)
        if value is not None:
            values[name] = value
    return values


@contextmanager
def world_transaction(django_db_blocker: Any) -> Iterator[World]:
    """Build the world in a transaction that is rolled back when the block ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        try:
            yield world
        finally:
            transaction.set_rollback(True)


@contextmanager
def isolated() -> Iterator[None]:
    """Whatever happens inside is rolled back (one request must not change the world)."""
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)
