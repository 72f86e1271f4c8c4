"""Import directions from DESIGN.md: lower layers never import higher ones."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

KLYNGE = Path(__file__).resolve().parents[1] / "klynge"

# app -> apps it must never import
FORBIDDEN = {
    "core": {
        "notifications",
        "communication",
        "accounts",
        "clusters",
        "members",
        "events",
        "matchmaking",
        "projects",
        "learning",
        "programme",
        "insight",
        "api",
        "demo",
    },
    "notifications": {
        "accounts",
        "clusters",
        "members",
        "events",
        "matchmaking",
        "projects",
        "learning",
        "programme",
        "insight",
        "communication",
        "api",
        "demo",
    },
    "communication": {"insight", "programme", "api", "demo"},
    "members": {"communication", "events", "learning", "matchmaking", "insight", "programme"},
    "events": {"communication", "learning", "insight", "programme"},
    "learning": {"communication", "insight", "programme"},
    "accounts": {
        "communication",
        "clusters",
        "members",
        "events",
        "matchmaking",
        "projects",
        "learning",
        "programme",
        "insight",
        "api",
        "demo",
    },
    "clusters": {
        "communication",
        "members",
        "events",
        "matchmaking",
        "projects",
        "learning",
        "programme",
        "insight",
        "api",
        "demo",
    },
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def app_files(app: str) -> list[Path]:
    return sorted((KLYNGE / app).rglob("*.py"))


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_lower_layers_do_not_import_higher_ones(app: str) -> None:
    offenders = []
    for path in app_files(app):
        for module in imported_modules(path):
            parts = module.split(".")
            if parts[0] == "klynge" and len(parts) > 1 and parts[1] in FORBIDDEN[app]:
                offenders.append(f"{path.relative_to(KLYNGE)} imports {module}")
    assert offenders == []


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


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
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


MAIL_SENDERS = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
    "get_connection",
}


def direct_mail_uses(path: Path) -> list[str]:
    """Imports of Django's mail module, or of its senders, in one file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("django.core.mail"):
                found += [alias.name for alias in node.names]
            elif node.module == "django.core":
                found += [alias.name for alias in node.names if alias.name == "mail"]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("django.core.mail")]
        elif isinstance(node, ast.Attribute) and node.attr in MAIL_SENDERS - {"get_connection"}:
            found.append(node.attr)
    return found


def test_only_the_notifications_hub_sends_mail() -> None:
    """Every mail goes through `klynge.notifications` (language, links, log, retries)."""
    offenders = [
        f"{path.relative_to(KLYNGE)}: {', '.join(sorted(set(uses)))}"
        for path in sorted(KLYNGE.rglob("*.py"))
        if path.relative_to(KLYNGE).parts[0] != "notifications" and (uses := direct_mail_uses(path))
    ]
    assert offenders == []


def test_the_mail_check_finds_direct_senders(tmp_path: Path) -> None:
    """The check above is not blind: each way of sending directly is caught."""
    samples = {
        "a.py": "from django.core.mail import send_mail\n",
        "b.py": "from django.core import mail\n",
        "c.py": "import django.core.mail\n",
        "d.py": "from django.core.mail.message import EmailMultiAlternatives\n",
        "e.py": "def f(form):\n    form.mail_admins('x', 'y')\n",
    }
    for name, source in samples.items():
        (tmp_path / name).write_text(source)
        assert direct_mail_uses(tmp_path / name), name
    (tmp_path / "ok.py").write_text("from klynge.notifications.services import notify\n")
    assert direct_mail_uses(tmp_path / "ok.py") == []
