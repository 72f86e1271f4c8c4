"""Member import by API: the spreadsheet the import page takes, preview or all-or-nothing apply."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Status, UploadedFile

from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require
from klynge.core.spreadsheets import ImportFileError, check_size, max_bytes
from klynge.members.imports.report import ImportReport, Issue
from klynge.members.permissions import can_manage_members
from klynge.members.services.imports import member_import_apply, member_import_preview

from ..errors import ErrorOut
from ..lookups import path_cluster
from ..schemas.member_imports import MemberImportOut

router = Router(tags=["organisations"])


def _issue(issue: Issue) -> dict[str, Any]:
    return {"row": issue.row, "field": issue.field, "message": issue.message, "level": issue.level}


def report_out(
    report: ImportReport, *, applied: bool, error: DomainError | None = None
) -> dict[str, Any]:
    return {
        "applied": applied,
        "filename": report.filename,
        "detail": error.message if error else None,
        "code": error.code if error else None,
        "field": error.field if error else None,
        "counts": report.counts,
        "file_issues": [_issue(issue) for issue in report.file_issues],
        "rows": [
            {
                "row": row.row,
                "name": row.name,
                "org_number": row.org_number,
                "organisation_id": row.organisation_id,
                "organisation_action": row.organisation_action,
                "membership_action": row.membership_action,
                "contact_action": row.contact_action,
                "issues": [_issue(issue) for issue in row.issues],
            }
            for row in report.rows
        ],
    }


@router.post(
    "/clusters/{slug}/member-imports",
    response={200: MemberImportOut, 422: MemberImportOut | ErrorOut},
    summary="Import members from a CSV/XLSX file (cluster team): all rows or none",
    description=(
        "The same file and columns as the import page (templates there). With `dry_run=true` "
        "nothing is written and the row report says what would happen. Otherwise every row is "
        "written in one transaction, or, if any row has an error, none: 422 with the report. "
        "A missing file or one that cannot be read at all is a 400."
    ),
)
def member_import(
    request: HttpRequest,
    slug: str,
    file: UploadedFile | None = File(None),  # noqa: B008
    dry_run: bool = False,
) -> Status:
    cluster = path_cluster(slug)
    require(can_manage_members, request.user, cluster)
    if file is None:
        # A part without a file name is no file (Django drops it): a broken rule, not invalid JSON.
        raise ImportFileError(_("Choose a CSV or XLSX file to import."))
    content = file.read(max_bytes() + 1)
    check_size(len(content))
    name = file.name or ""
    if dry_run:
        report = member_import_preview(cluster=cluster, content=content, filename=name)
        return Status(422 if report.has_errors else 200, report_out(report, applied=False))
    try:
        report = member_import_apply(
            actor=acting(request.user), cluster=cluster, content=content, filename=name
        )
    except DomainError as error:
        if error.code != "import_has_errors":
            raise
        report = member_import_preview(cluster=cluster, content=content, filename=name)
        return Status(422, report_out(report, applied=False, error=error))
    return Status(200, report_out(report, applied=True))
