"""Schemas of the member spreadsheet import (a row report, as the preview page shows it)."""

from __future__ import annotations

from .types import Schema


class ImportIssueOut(Schema):
    row: int  # 0: the file as a whole
    field: str
    message: str
    level: str  # "error" or "warning"


class ImportRowOut(Schema):
    row: int
    name: str
    org_number: str | None
    organisation_id: int | None
    organisation_action: str  # create, update, unchanged, none
    membership_action: str  # create, update, already_member, none
    contact_action: str
    issues: list[ImportIssueOut]


class MemberImportOut(Schema):
    """What the file does (``applied``: written) or, with errors, why nothing was written."""

    applied: bool
    filename: str
    detail: str | None
    code: str | None
    field: str | None
    counts: dict[str, int]
    file_issues: list[ImportIssueOut]
    rows: list[ImportRowOut]
