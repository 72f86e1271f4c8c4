"""Every setting Klynge reads is declared once in config/settings/base.py and listed in the README.

A `getattr(settings, "X", default)` hides an undeclared setting behind a second default, so it is refused.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from config.settings import base

ROOT = Path(__file__).resolve().parents[2]
ENV_READERS = {"get", "env_list", "env_bool", "getenv"}


def python_files(folder: str) -> list[Path]:
    return [p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts]


def settings_getattr_with_default(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and len(node.args) >= 3
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "settings"
        ):
            lines.append(node.lineno)
    return lines


def settings_attributes(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "settings"
            and node.attr.isupper()
        ):
            names.add(node.attr)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "settings"
            and isinstance(node.args[1], ast.Constant)
        ):
            names.add(str(node.args[1].value))
    return names


def environment_variables() -> set[str]:
    """Names Klynge reads from the environment (settings, the app server's config, the code)."""
    names = set()
    for path in python_files("config") + python_files("klynge"):
        settings_module = path.parent == ROOT / "config" / "settings"
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                # settings modules read through helpers (env_list...); elsewhere only os.environ
                reader = settings_module or ast.unparse(func) in {"os.environ.get", "os.getenv"}
                if name in ENV_READERS and reader and isinstance(node.args[0].value, str):
                    names.add(node.args[0].value)
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "environ"
                and isinstance(node.slice, ast.Constant)
            ):
                names.add(node.slice.value)
    return {name for name in names if name.isupper()}


def test_no_getattr_on_settings_with_a_default() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in python_files("klynge")
        for line in settings_getattr_with_default(ast.parse(path.read_text()))
    ]
    assert offenders == [], "declare the setting in config/settings/base.py instead"


def test_every_setting_klynge_reads_is_declared_in_base() -> None:
    from django.conf import global_settings

    read = set()
    for path in python_files("klynge") + python_files("config"):
        read |= settings_attributes(ast.parse(path.read_text()))
    undeclared = sorted(
        name for name in read if not hasattr(base, name) and not hasattr(global_settings, name)
    )
    assert undeclared == []


def test_every_klynge_setting_and_environment_variable_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", section))
    wanted = {name for name in dir(base) if name.startswith("KLYNGE_")} | environment_variables()
    assert sorted(wanted - listed) == []
