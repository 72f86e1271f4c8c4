"""Import directions from DESIGN.md: lower layers never import higher ones."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

KLYNGE = Path(__file__).resolve().parents[1] / "klynge"

# DESIGN.md's import order, as: app -> the apps below it, which it may import (layers are
# transitive). `api` and `demo` sit on top; nothing imports `api`. Apps that do not exist yet
# (notifications, communication) are checked as soon as their folder appears.
BELOW: dict[str, set[str]] = {
    "core": set(),
    "formats": set(),
    "notifications": {"core"},
    "accounts": {"core", "notifications"},
    "clusters": {"core", "notifications", "accounts"},
    "members": {"core", "notifications", "accounts", "clusters"},
}
# The one registration core (event registrations, course enrolments) sits between members and
# the apps that take places in limited pools.
BELOW["registrations"] = BELOW["members"] | {"members"}
BELOW["events"] = BELOW["registrations"] | {"registrations"}
BELOW["projects"] = BELOW["members"] | {"members"}
BELOW["learning"] = BELOW["registrations"] | {"registrations"}
BELOW["matchmaking"] = BELOW["events"] | {"events"}
BELOW["communication"] = BELOW["registrations"] | {"registrations", "events", "learning"}
# insight reads members/events/matchmaking/projects/learning, only through their selectors.
READ_THROUGH_SELECTORS = {"members", "events", "matchmaking", "projects", "learning"}
BELOW["insight"] = BELOW["members"] | READ_THROUGH_SELECTORS
BELOW["programme"] = BELOW["insight"] | {"insight"}
APPS = set(BELOW) | {"api", "demo"}
BELOW["demo"] = APPS - {"demo", "api"}
BELOW["api"] = APPS - {"api"}
EXISTING = sorted(app for app in APPS if (KLYNGE / app).is_dir())
FORBIDDEN = {app: APPS - BELOW[app] - {app} for app in EXISTING}


def test_every_app_has_a_place_in_the_layers() -> None:
    packages = {path.parent.name for path in KLYNGE.glob("*/__init__.py")}
    assert packages - APPS == set(), "add the new app to BELOW (DESIGN.md's import order)"


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports (absolute names; klynge's relative imports resolved)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (module := absolute(node, path)):
            names.add(module)
    return names


def module_file(module: str) -> Path | None:
    """klynge.a.b -> klynge/a/b.py or klynge/a/b/__init__.py."""
    parts = module.split(".")[1:]
    for candidate in (
        KLYNGE.joinpath(*parts).with_suffix(".py"),
        KLYNGE.joinpath(*parts, "__init__.py"),
    ):
        if candidate.exists():
            return candidate
    return None


def absolute(node: ast.ImportFrom, path: Path) -> str | None:
    """The absolute module of `from ... import`, relative imports resolved against `path`."""
    if node.level == 0:
        return node.module
    package = path.relative_to(KLYNGE.parent).with_suffix("").parts
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imported_names(path: Path) -> list[tuple[str, str | None]]:
    """(module, name) for every import of a klynge module in `path` (name None: the module)."""
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = absolute(node, path)
            if module:
                found += [(module, alias.name) for alias in node.names]
    return [(module, name) for module, name in found if module.split(".")[0] == "klynge"]


def origin(module: str, name: str | None, seen: frozenset[str] = frozenset()) -> str:
    """Where an imported name really comes from: follows re-exports (a module that imports the
    name from elsewhere and is imported for it), so a shim cannot hide a forbidden import."""
    if name is None or module in seen:
        return module
    path = module_file(module)
    if path is None:
        return module  # a submodule imported by name, or not a klynge module
    submodule = f"{module}.{name}"
    if module_file(submodule) is not None:
        return submodule
    for source, imported in imported_names(path):
        if imported == name:
            return origin(source, imported, seen | {module})
    return module


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def imports_of(app: str) -> list[tuple[Path, str]]:
    """(file, origin module) of every klynge import in `app`."""
    return [
        (path, origin(module, name))
        for path in sorted((KLYNGE / app).rglob("*.py"))
        if "migrations" not in path.parts
        for module, name in imported_names(path)
    ]


@pytest.mark.parametrize("app", EXISTING)
def test_lower_layers_do_not_import_higher_ones(app: str) -> None:
    offenders = [
        f"{path.relative_to(KLYNGE)} imports {module}"
        for path, module in imports_of(app)
        if app_of(module) in FORBIDDEN[app]
    ]
    assert offenders == []


def test_insight_reads_other_apps_only_through_their_selectors() -> None:
    """Reads go through selectors; models (for relations) and roles (for predicates) are allowed."""
    if not (KLYNGE / "insight").is_dir():
        pytest.skip("no insight app yet")
    allowed = (".selectors", ".models", ".roles")
    offenders = [
        f"{path.relative_to(KLYNGE)} imports {module}"
        for path, module in imports_of("insight")
        if app_of(module) in READ_THROUGH_SELECTORS
        and not any(part in f"{module}." for part in allowed)
    ]
    assert offenders == []


def test_a_re_export_shim_does_not_hide_a_forbidden_import() -> None:
    """The check follows names through modules that only pass them on."""
    assert origin("klynge.api.v1.auth", "api_token_authenticate") == "klynge.accounts.services"
    assert app_of(origin("klynge.api.v1.auth", "api_token_authenticate")) == "accounts"


def test_nothing_imports_the_api_except_urls() -> None:
    offenders = [
        str(path.relative_to(KLYNGE))
        for path in KLYNGE.rglob("*.py")
        if "api" not in path.relative_to(KLYNGE).parts[:1]
        and any(m.startswith("klynge.api") for m in imported_modules(path))
    ]
    assert offenders == []


def test_scheduling_package_has_no_django_imports() -> None:
    folder = KLYNGE / "matchmaking" / "scheduling"
    assert folder.exists()
    offenders = [
        str(path)
        for path in folder.rglob("*.py")
        if any(
            m.split(".")[0] == "django" or (m.startswith("klynge.") and "scheduling" not in m)
            for m in imported_modules(path)
        )
    ]
    assert offenders == []


MAIL_MODULES = ("django.core.mail", "smtplib", "email.mime")


def sends_mail_directly(source: str) -> list[str]:
    """The mail machinery a module reaches for: imports of Django's mail API (`django.core.mail`
    or `from django.core import mail`), smtplib or MIME building."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [name for name in names if name.startswith(MAIL_MODULES)]
    return found


def test_only_the_notifications_hub_sends_mail() -> None:
    """Every mail goes through klynge.notifications (language, KLYNGE_BASE_URL links, delivery
    log, retries); no other module of klynge or config imports a way to send one itself."""
    root = KLYNGE.parent
    offenders = [
        f"{path.relative_to(root)}: {', '.join(names)}"
        for folder in (KLYNGE, root / "config")
        for path in sorted(folder.rglob("*.py"))
        if "notifications" not in path.relative_to(root).parts[1:2]
        and (names := sends_mail_directly(path.read_text()))
    ]
    assert offenders == []


def test_the_mail_check_finds_what_it_looks_for() -> None:
    assert sends_mail_directly("from django.core.mail import send_mail") == [
        "django.core.mail",
        "django.core.mail.send_mail",
    ]
    assert sends_mail_directly("from django.core import mail") == ["django.core.mail"]
    assert sends_mail_directly("import smtplib") == ["smtplib"]
    assert sends_mail_directly("from django.core import signing") == []
    assert sends_mail_directly((KLYNGE / "notifications" / "sending.py").read_text())


def test_no_template_doubles_the_querystring_question_mark() -> None:
    """`{% querystring %}` already starts with '?': a leading '?' loses the first parameter."""
    offenders = [
        str(path.relative_to(KLYNGE))
        for path in KLYNGE.rglob("*.html")
        if '"?{% querystring' in path.read_text()
    ]
    assert offenders == []


def tag_libraries() -> dict[str, str]:
    """Template tag library name -> the app that defines it."""
    return {
        path.stem: path.relative_to(KLYNGE).parts[0]
        for path in KLYNGE.glob("*/templatetags/*.py")
        if path.stem != "__init__"
    }


@pytest.mark.parametrize("app", EXISTING)
def test_lower_layers_templates_do_not_load_higher_tag_libraries(app: str) -> None:
    """A page of a lower app shows higher apps' parts through `core.extensions`, not their tags."""
    owners = tag_libraries()
    assert owners["programme_tags"] == "programme"  # the table finds the libraries
    offenders = []
    for path in sorted((KLYNGE / app).rglob("*.html")):
        for match in re.finditer(r"{%\s*load\s+([^%]+?)\s*%}", path.read_text()):
            for library in match.group(1).split():
                if owners.get(library) in FORBIDDEN[app]:
                    offenders.append(f"{path.relative_to(KLYNGE)} loads {library}")
    assert offenders == []


# --- permissions only in predicates -----------------------------------------------------------

# Helpers that tell a user's role. Only `permissions.py` and `roles.py` (and selectors' visibility
# filters, and the mechanism in core) may use them; routers, views, services, apps.py, home pages,
# sections, forms, tasks and every other module call `can_*` predicates instead.
ROLE_HELPERS = {
    "cluster_roles",
    "contact_cluster_ids",
    "is_assessor_of",
    "is_assigned_to",
    "is_course_team",
    "is_evaluator",
    "is_manager_of",
    "is_member_contact",
    "is_member_contact_in",
    "is_officer",
    "is_programme_officer",
    "is_superuser",
    "is_team_of",
    "role_in",
}
ROLE_ATTRIBUTES = {"is_superuser", "is_programme_officer", "is_staff"}
USER_NAMES = {"user", "actor", "viewer"}
# (file, function) -> why it may read roles itself. Keep this short.
ALLOWED_ROLE_CHECKS = {
    ("api/v1/routers/accounts.py", "me"): "shows the caller's own flags in /me; decides nothing",
    ("clusters/views.py", "cluster_detail"): "shows the caller's role on the page; decides nothing",
    ("clusters/services.py", "cluster_role_assign"): "the role being changed is the data",
    ("clusters/services.py", "cluster_role_remove"): "a cluster keeps one manager: data rule",
}


# Where a role may be read: the predicates, the role helpers themselves, selectors' visibility
# filters, the permission mechanism in core, and the demo (which sets roles up).
PREDICATE_FILES = {"permissions.py", "roles.py"}
NOT_DECIDING_FOLDERS = {"migrations", "demo", "selectors", "core"}


def deciding_files() -> list[Path]:
    """Every module of every app but predicates, role helpers, selectors and core's mechanism."""
    return sorted(
        path
        for path in KLYNGE.rglob("*.py")
        if path.name not in PREDICATE_FILES
        and path.name != "selectors.py"
        and not NOT_DECIDING_FOLDERS & set(path.relative_to(KLYNGE).parts[:-1])
    )


def test_the_role_check_reads_routers_views_services_and_home_pages() -> None:
    names = {str(path.relative_to(KLYNGE)) for path in deciding_files()}
    assert {
        "api/v1/routers/events.py",
        "events/views/public.py",
        "events/services/registrations.py",
        "events/apps.py",
        "events/home.py",
        "communication/sections.py",
        "accounts/two_factor.py",
    } <= names
    assert not {"events/permissions.py", "clusters/roles.py", "events/selectors.py"} & names


def _is_user_pk(node: ast.AST) -> bool:
    """user.pk, actor.id, request.user.pk, getattr(actor, "pk")."""
    if isinstance(node, ast.Attribute) and node.attr in ("pk", "id"):
        owner = node.value
        return (isinstance(owner, ast.Name) and owner.id in USER_NAMES) or (
            isinstance(owner, ast.Attribute) and owner.attr == "user"
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr":
        args = node.args
        return (
            len(args) >= 2
            and isinstance(args[0], ast.Name)
            and args[0].id in USER_NAMES
            and isinstance(args[1], ast.Constant)
            and args[1].value in ("pk", "id")
        )
    return False


def role_decisions(tree: ast.AST) -> list[tuple[int, str, str]]:
    """(line, enclosing function, what) for every role decision taken outside a predicate."""
    found: list[tuple[int, str, str]] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        what = None
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in ROLE_HELPERS:
                what = f"calls {name}()"
            elif (
                name == "getattr"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in ROLE_ATTRIBUTES
            ):
                what = f"reads {node.args[1].value}"
        elif isinstance(node, ast.Attribute) and node.attr in ROLE_ATTRIBUTES:
            if isinstance(node.ctx, ast.Load):
                what = f"reads .{node.attr}"
        elif isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id == "PermissionDenied":
                what = "raises PermissionDenied (use require())"
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(side, ast.Attribute) and side.attr == "role" for side in sides):
                what = "compares a .role"
            elif any(_is_user_pk(side) for side in sides):
                what = "compares the user's id (ownership)"
        if what:
            found.append((getattr(node, "lineno", 0), function, what))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "<module>")
    return found


def test_no_router_view_service_or_app_config_decides_roles_itself() -> None:
    offenders = []
    for path in deciding_files():
        relative = str(path.relative_to(KLYNGE))
        for line, function, what in role_decisions(ast.parse(path.read_text())):
            if (relative, function) not in ALLOWED_ROLE_CHECKS:
                offenders.append(f"{relative}:{line} in {function}: {what}")
    assert offenders == []


def test_the_role_check_finds_what_it_looks_for() -> None:
    source = """
def view(request, event):
    if is_superuser(request.user) or request.user.is_programme_officer:
        raise PermissionDenied
    if event.owner_id == request.user.pk or role.role == "manager":
        pass
    getattr(user, "is_superuser", False)
"""
    whats = [what for _line, _function, what in role_decisions(ast.parse(source))]
    assert whats == [
        "calls is_superuser()",
        "reads .is_programme_officer",
        "raises PermissionDenied (use require())",
        "compares the user's id (ownership)",
        "compares a .role",
        "reads is_superuser",
    ]


def test_allowed_role_checks_are_still_there() -> None:
    """An exception that is no longer needed is removed from the list."""
    used = set()
    for path in deciding_files():
        relative = str(path.relative_to(KLYNGE))
        used |= {(relative, f) for _l, f, _w in role_decisions(ast.parse(path.read_text()))}
    assert set(ALLOWED_ROLE_CHECKS) - used == set()
