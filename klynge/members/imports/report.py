"""Row-by-row reports of an import: what is wrong with each row and what each row will do."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

ERROR, WARNING = "error", "warning"

# What a row does to its organisation / membership.
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
ALREADY_MEMBER, NONE = "already_member", "none"


@dataclass(frozen=True)
class Issue:
    """One problem: `row` 0 means the file as a whole; `field` is a column key or ''."""

    row: int
    field: str
    message: str
    level: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def __str__(self) -> str:
        where = _("row %(row)s") % {"row": self.row} if self.row else _("file")
        if self.field:
            where = f"{where}, {self.field}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any

    @property
    def old_display(self) -> str:
        return format_value(self.old)

    @property
    def new_display(self) -> str:
        return format_value(self.new)


@dataclass
class RowPlan:
    """What one data row will do once the import is confirmed."""

    row: int
    name: str
    org_number: str | None = None
    organisation_id: int | None = None
    organisation_action: str = NONE
    organisation_changes: list[Change] = field(default_factory=list)
    membership_action: str = NONE
    membership_changes: list[Change] = field(default_factory=list)
    contact_action: str = NONE
    topics_added: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    matched_on: str = ""

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if not issue.is_error]

    @property
    def has_errors(self) -> bool:
        return any(issue.is_error for issue in self.issues)


@dataclass
class ImportReport:
    """The whole preview: file-level issues, one plan per row, and counts."""

    filename: str
    rows: list[RowPlan] = field(default_factory=list)
    file_issues: list[Issue] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def delimiter_label(self) -> str:
        labels = {";": _("semicolon (;)"), ",": _("comma (,)"), "\t": _("tab")}
        return labels.get(self.delimiter, self.delimiter)

    @property
    def issues(self) -> list[Issue]:
        found = list(self.file_issues)
        for row in self.rows:
            found.extend(row.issues)
        return found

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if not issue.is_error]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def counts(self) -> dict[str, int]:
        valid = [row for row in self.rows if not row.has_errors]
        return {
            "rows": len(self.rows),
            "rows_with_errors": len(self.rows) - len(valid),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "organisations_created": sum(r.organisation_action == CREATE for r in valid),
            "organisations_updated": sum(r.organisation_action == UPDATE for r in valid),
            "organisations_unchanged": sum(r.organisation_action == UNCHANGED for r in valid),
            "memberships_created": sum(r.membership_action == CREATE for r in valid),
            "memberships_updated": sum(r.membership_action == UPDATE for r in valid),
            "already_members": sum(r.membership_action in {ALREADY_MEMBER, UPDATE} for r in valid),
            "contacts_created": sum(r.contact_action == CREATE for r in valid),
        }


def format_value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)
