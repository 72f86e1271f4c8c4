"""The permission matrix: every URL pattern and every API operation, asked by every role, about the
objects of the own cluster (side a) and of another cluster (side b) of `tests/world.py`.

A request is *allowed* when it got through to the code behind the permission check: any 2xx, a
redirect that is not to the login page, or a 400/409/422 (a refusal for the content, which comes
after the permission check). 401, 403, 404 and 405 are refusals; 5xx are server errors. GET first;
where GET is refused (or not allowed), an empty POST (pages) or the unsafe method with a minimal
valid body (API) must be refused too. Every request is rolled back.
"""

from __future__ import annotations

import copy
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.http import client_as
from tests.world import (
    API_PARAMETER,
    API_SEGMENT_OBJECTS,
    ROLES,
    World,
    api_path_values,
    isolated,
)

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
ALLOWED_REFUSALS = {400, 409, 422}  # the content was refused: the caller got past permissions
SKIPPED_PREFIXES = ("api/v1/",)  # the API is asked operation by operation (from its document)


@dataclass(frozen=True)
class Probe:
    """One URL pattern (or API operation) on one side: `side` is "a", "b" or "-" (no objects)."""

    name: str
    path: str
    side: str
    methods: tuple[str, ...]  # the methods to ask with (GET first)


@dataclass
class Answer:
    role: str
    probe: Probe
    method: str
    status: int
    error: str = ""

    @property
    def allowed(self) -> bool:
        if self.probe.name.startswith("api:") and self.status == 422:
            return False  # ninja validates the body before the operation runs: says nothing
        return self.status < 400 or self.status in ALLOWED_REFUSALS

    @property
    def server_error(self) -> bool:
        return self.status >= 500


def url_patterns(patterns: Any = None, prefix: str = "", namespace: str = "") -> Iterator[tuple]:
    """(route, name) of every URL pattern, names with their namespaces."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            space = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), space)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or "")


# --- what a URL's parameters name in the world ----------------------------------------------

# url name prefix -> the Side attribute that `<pk>` names there (longest prefix wins)
PK_OBJECTS = {
    "events:": "event",
    "matchmaking:": "b2b",
    "matchmaking:answer": "meeting_request",
    "matchmaking:book": "meeting",
    "matchmaking:cancel_meeting": "meeting",
    "matchmaking:meeting_action": "meeting",
    "projects:": "project",
    "projects:idea": "idea",
    "learning:": "course",
    "insight:": "survey",
    "programme:status_": "status",
    "programme:label_": "label",
    "programme:assessment": "assessment",
    "programme:call": "call",
    "programme:decision_pack": "call",
    "programme:application": "application",
    "programme:attachment": "application",
    "programme:assignment_add": "application",
    "programme:assignment_remove": "assignment",
    "programme:review": "assignment",
    "programme:report": "report",
    "programme:follow_up": "follow_up",
    "programme:evaluator": "evaluator",
    "communication:post": "post",
    "communication:newsletter": "newsletter",
    "communication:archive_item": "newsletter",
}
# parameter name -> the Side attribute it names
PARAMETER_OBJECTS = {
    "slug": "cluster",
    "organisation_id": "organisation",
    "org_id": "organisation",
    "membership_id": "membership",
    "person_id": "colleague",
    "invitation_id": "invitation",
    "registration_id": "registration",
    "participant_id": "participant",
    "partner_id": "partner",
    "source_id": "funding_source",
    "milestone_id": "milestone",
    "outcome_id": "outcome",
    "session_id": "course_session",
    "enrolment_id": "enrolment",
    "attachment_pk": "attachment",
    "attachment_id": "attachment",
    "call_pk": "call",
    "event_id": "event",
    "role_id": "staff_role",
    "section_id": "survey_section",
    "question_id": "survey_question",
    "project_id": "project",
    "idea_id": "idea",
    "course_id": "course",
    "request_id": "meeting_request",
    "meeting_id": "meeting",
}
GLOBAL_OBJECTS = {"call", "evaluator"}  # one for the whole world: asked once (side "-")
# (url name, parameter) -> a fixed value, or a function of (world, side) for secrets and choices
FIXED: dict[tuple[str, str], Any] = {
    ("members:directory_export", "fmt"): "csv",
    ("members:import_template", "fmt"): "csv",
    ("matchmaking:answer", "action"): "accept",
    ("matchmaking:meeting_action", "action"): "fix",
    ("programme:application_do", "action"): "withdraw",
    ("programme:assessment_do", "action"): "submit",
    ("programme:report_do", "action"): "submit",
    ("programme:report_figure", "key"): "members.total",
    ("programme:follow_up_do", "action"): "submit",
    ("accounts:password_reset_confirm", "uidb64"): "MQ",
    ("accounts:password_reset_confirm", "token"): "set-password",
    ("accounts:token_revoke", "token_id"): lambda w, s: w.token.pk if s == "a" else None,
    ("members:invitation_accept", "token"): lambda w, s: w.side(s).invitation_token,
    ("events:manage_registration", "token"): lambda w, s: w.side(s).registration.token,
    ("events:feedback", "token"): lambda w, s: w.side(s).attended.token,
    ("events:personal_feed", "token"): lambda w, s: w.side(s).feed.token,
    ("matchmaking:agenda_ics", "token"): lambda w, s: w.side(s).participant.token,
    ("learning:manage_enrolment", "token"): lambda w, s: w.side(s).enrolment.token,
    ("learning:certificate_by_token", "token"): lambda w, s: w.side(s).enrolment.token,
    ("learning:certificate_verify", "code"): lambda w, s: w.side(s).enrolment.certificate_code,
    ("members:import_preview", "token"): "no-such-import",
    ("members:import_confirm", "token"): "no-such-import",
    ("members:import_cancel", "token"): "no-such-import",
    ("insight:answer_link", "token"): "no-such-link",
    ("communication:confirm", "token"): "no-such-confirmation",
    ("communication:click", "token"): "no-such-click",
    ("communication:unsubscribe", "token"): lambda w, s: w.side(s).unsubscribe_token,
    ("communication:preferences", "token"): lambda w, s: w.side(s).unsubscribe_token,
}


def pk_object(name: str) -> str | None:
    matches = [prefix for prefix in PK_OBJECTS if name.startswith(prefix)]
    return PK_OBJECTS[max(matches, key=len)] if matches else None


def object_value(world: World, side: str, attribute: str) -> Any:
    if attribute == "call":
        return world.call.pk
    if attribute == "evaluator":
        return world.evaluator.pk
    obj = getattr(world.side(side), attribute)
    if obj is None:
        return None
    return obj.slug if attribute == "cluster" else obj.pk


def parameters(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", route)


def attribute_for(name: str, parameter: str) -> str | None:
    if parameter == "pk":
        return pk_object(name)
    return PARAMETER_OBJECTS.get(parameter)


def sides_of(name: str, route: str) -> list[str]:
    """The sides a pattern is asked on: "a" and "b" when it names an object of a cluster."""
    if name.startswith("admin:"):
        return ["-"]
    attributes = {attribute_for(name, p) for p in parameters(route)} - {None}
    secrets = [p for p in parameters(route) if callable(FIXED.get((name, p)))]
    return ["a", "b"] if (attributes - GLOBAL_OBJECTS or secrets) else ["-"]


class UnknownParameter(LookupError):
    pass


def admin_value(world: World, route: str, parameter: str) -> Any:
    """Admin URLs: the first row of the model the route names, or the cluster for view-on-site."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    if parameter == "app_label":
        return "accounts"
    if parameter == "content_type_id":
        return ContentType.objects.get_for_model(type(world.a.cluster)).pk
    match = re.match(r"admin/(\w+)/(\w+)/<", route)
    if match is None:
        return world.a.cluster.pk  # view_on_site's object_id
    row = apps.get_model(match.group(1), match.group(2))._default_manager.order_by("pk").first()
    return None if row is None else row.pk


def fill(world: World, name: str, route: str, side: str) -> str | None:
    """The path for `route` with the world's objects of `side` (None: the side has no such object)."""
    path = route
    for match in re.finditer(r"<(?:(\w+):)?(\w+)>", route):
        parameter = match.group(2)
        if name.startswith("admin:"):
            value = admin_value(world, route, parameter)
            if value is None:
                return None
            path = path.replace(match.group(0), str(value), 1)
            continue
        fixed = FIXED.get((name, parameter))
        if fixed is not None:
            value = fixed(world, side) if callable(fixed) else fixed
        else:
            attribute = attribute_for(name, parameter)
            if attribute is None:
                raise UnknownParameter(f"{name}: what does <{parameter}> name? (tests/matrix.py)")
            value = object_value(world, "a" if side == "-" else side, attribute)
        if value is None:
            return None
        path = path.replace(match.group(0), str(value), 1)
    return "/" + path


def page_probes(world: World) -> list[Probe]:
    probes = []
    for route, name in url_patterns():
        if route.startswith(SKIPPED_PREFIXES) or not name:
            continue
        for side in sides_of(name, route):
            path = fill(world, name, route, side)
            if path is not None:
                probes.append(Probe(name, path, side, ("GET", "POST")))
    return probes


# --- asking -----------------------------------------------------------------------------------


def client_for(world: World, role: str) -> Client:
    """A client as ``role`` whose views' exceptions surface in the test (a 500 is a finding)."""
    return client_as(world, role, raise_request_exception=True)


def ask(client: Client, method: str, path: str, body: Any = None) -> tuple[int, str]:
    cookies = copy.deepcopy(client.cookies)  # a logout or a language switch must not last
    try:
        with isolated():
            if body is None:
                response = getattr(client, method.lower())(path)
            else:
                response = getattr(client, method.lower())(
                    path, body, content_type="application/json"
                )
    except Exception:  # a server error: report it with its cause
        return 500, traceback.format_exc(limit=-3)
    finally:
        client.cookies = cookies
    status = response.status_code
    if 300 <= status < 400 and response.get("Location", "").startswith(LOGIN_PATHS):
        return 401, ""
    return status, ""


def ask_all(world: World, probes: list[Probe], bodies: dict[Probe, Any] | None = None) -> list:
    """Every probe by every role: GET, then the other methods only while GET was refused."""
    answers = []
    for role in ROLES:
        client = client_for(world, role)
        for probe in probes:
            for method in probe.methods:
                body = (bodies or {}).get(probe) if method != "GET" else None
                status, error = ask(client, method, probe.path, body)
                answer = Answer(role, probe, method, status, error)
                answers.append(answer)
                if method == "GET" and answer.allowed:
                    break  # the role may use it; the unsafe method tells nothing more
    return answers


# --- the API, from its OpenAPI document ---------------------------------------------------------

API_PREFIX = "/api/v1"
CANDIDATE_STRINGS = ("1", "09:00", "2031-01-01", "2031-01-01T10:00:00Z", "x")
FORMATS = {
    "email": "probe@example.org",
    "date": "2031-01-01",
    "date-time": "2031-01-01T10:00:00Z",
    "uri": "https://example.org",
    "binary": "",
}


def resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def minimal(schema: dict, components: dict, name: str, world: World, side: str) -> Any:
    """A small instance the schema calls valid; string fields naming a cluster get the side's."""
    schema = resolve(schema, components)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if resolve(o, components).get("type") != "null"]
            return minimal(options[0], components, name, world, side)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        return {
            key: minimal(properties[key], components, key, world, side)
            for key in schema.get("required", [])
        }
    if kind == "array":
        if schema.get("minItems"):
            return [minimal(schema.get("items", {}), components, name, world, side)]
        return []
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if name == "cluster":
        return world.side("a" if side == "-" else side).cluster.slug
    if schema.get("format") in FORMATS:
        return FORMATS[schema["format"]]
    if "pattern" in schema:
        for candidate in CANDIDATE_STRINGS:
            if re.search(schema["pattern"], candidate):
                return candidate
    return "x" * max(1, schema.get("minLength", 1))


def api_probes(world: World, document: dict) -> tuple[list[Probe], dict[Probe, Any]]:
    components = document.get("components", {}).get("schemas", {})
    probes, bodies = [], {}
    for path, operations in document["paths"].items():
        segments = [segment for segment, _parameter in API_PARAMETER.findall(path)]
        if any(segment not in API_SEGMENT_OBJECTS for segment in segments):
            raise UnknownParameter(
                f"{path}: add its segments to API_SEGMENT_OBJECTS (tests/world.py)"
            )
        local = {API_SEGMENT_OBJECTS[segment] for segment in segments} - GLOBAL_OBJECTS
        for method, operation in operations.items():
            name = f"api:{method.upper()} {path}"
            for side in ["a", "b"] if local else ["-"]:
                values = api_path_values(world, path, "a" if side == "-" else side)
                if len(values) < len(segments):
                    continue  # this side has no such object
                filled = path
                for parameter, value in values.items():
                    filled = filled.replace("{" + parameter + "}", str(value))
                probe = Probe(name, filled, side, (method.upper(),))
                probes.append(probe)
                content = operation.get("requestBody", {}).get("content", {})
                if "application/json" in content:
                    schema = content["application/json"]["schema"]
                    bodies[probe] = minimal(schema, components, "", world, side)
    return probes, bodies
