"""The tools hold their rules: the lock files match pyproject.toml, every type: ignore says why,
who acts and who asks are typed."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)


def pins(lock: str) -> dict[str, Version]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name): Version(version) for name, version in PIN.findall(text)}


def requirements(*groups: str) -> list[Requirement]:
    project = PYPROJECT["project"]
    found = [Requirement(line) for line in project["dependencies"]]
    for group in groups:
        found += [Requirement(line) for line in project["optional-dependencies"][group]]
    return found


@pytest.mark.parametrize(
    ("lock", "groups"), [("requirements.lock", ()), ("requirements-dev.lock", ("dev",))]
)
def test_lock_file_pins_every_dependency_within_its_bounds(
    lock: str, groups: tuple[str, ...]
) -> None:
    """Editing a dependency in pyproject.toml without `make lock` fails here, not on a clean clone."""
    pinned = pins(lock)
    wrong = []
    for requirement in requirements(*groups):
        version = pinned.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            wrong.append(f"{requirement} (locked: {version})")
    assert not wrong, f"run `make lock`; {lock} does not satisfy: {wrong}"


def test_lock_files_are_hash_checked_and_portable() -> None:
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / lock).read_text(encoding="utf-8")
        assert text.count("==") <= text.count("--hash=sha256:")
        # no index or wheel folder of one machine in the file (make lock leaves them out)
        assert not re.search(r"^--(extra-index-url|index-url|find-links)", text, re.MULTILINE)


def test_dependencies_use_compatible_release_bounds() -> None:
    """~= everywhere; == only for a package that publishes no final release (python-sat)."""
    loose = [
        str(requirement)
        for requirement in requirements("dev")
        if not all(spec.operator == "~=" for spec in requirement.specifier)
        and canonicalize_name(requirement.name) != "python-sat"
    ]
    assert not loose


TYPE_IGNORE = re.compile(r"#\s*type:\s*ignore(\[[^\]]*\])?(?P<rest>.*)$")


def _python_files(*folders: str) -> list[Path]:
    return sorted(
        path
        for folder in folders
        for path in ROOT.joinpath(folder).rglob("*.py")
        if "migrations" not in path.parts
    )


def unexplained_ignores(text: str) -> list[int]:
    """Line numbers of `# type: ignore[...]` with no `# reason` after it."""
    return [
        number
        for number, line in enumerate(text.splitlines(), 1)
        if (match := TYPE_IGNORE.search(line)) and not match["rest"].strip().startswith("#")
    ]


def test_unexplained_ignores_are_found() -> None:
    assert unexplained_ignores("x = f()  # type: ignore[attr-defined]") == [1]
    assert unexplained_ignores("x = f()  # type: ignore[attr-defined]  # stubs lag") == []
    assert unexplained_ignores("x = 1\ny = g()  # type: ignore") == [2]


def test_every_type_ignore_gives_its_reason() -> None:
    """`x = f()  # type: ignore[attr-defined]  # the stubs lag`: in code, tests and scripts alike."""
    unexplained = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _python_files("klynge", "config", "tests", "benchmarks", "tools")
        if path != Path(__file__)  # this file quotes the pattern in its own checks
        for number in unexplained_ignores(path.read_text(encoding="utf-8"))
    ]
    assert not unexplained, f"add `  # why` after these: {unexplained}"


UNTYPED_PERSON = re.compile(r"\b(?:actor|user|viewer)\s*:\s*Any\b")


def untyped_persons(text: str) -> int:
    return len(UNTYPED_PERSON.findall(text))


def test_untyped_persons_are_counted() -> None:
    assert untyped_persons("def f(*, actor: Any, user: Any = None, viewer: Any) -> None:") == 3
    assert untyped_persons("def f(*, actor: Actor, user: Viewer, other_user: Any) -> None:") == 0
    assert untyped_persons("def can_x(user: Viewer, obj: Any = None) -> bool:") == 0


def test_who_acts_and_who_asks_are_typed() -> None:
    """A service takes `actor: Actor`, a predicate, selector or page part `user`/`viewer: Viewer`
    (klynge.accounts.typing; BaseActor/BaseViewer from klynge.core.typing below accounts), never Any."""
    found = {
        str(path.relative_to(ROOT)): count
        for path in _python_files("klynge", "config")
        if (count := untyped_persons(path.read_text(encoding="utf-8")))
    }
    assert not found, f"type them with klynge.accounts.typing: {found}"


def test_every_type_ignore_names_its_error_code() -> None:
    """A bare `# type: ignore` silences every error on its line; name the one meant."""
    bare = re.compile(r"#\s*type:\s*ignore(?!\[)")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(
            [*ROOT.joinpath("klynge").rglob("*.py"), *ROOT.joinpath("config").rglob("*.py")]
        )
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if bare.search(line)
    ]
    assert not found
