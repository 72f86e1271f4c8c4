"""The downloadable column template: an XLSX workbook (documented) and a CSV header."""

from __future__ import annotations

import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from klynge.core.exports import csv_response
from klynge.members.models import Membership, Organisation

from .columns import COLUMN_KEYS, COLUMNS

FILENAME = "klynge-member-import-template"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_csv() -> HttpResponse | StreamingHttpResponse:
    return csv_response(FILENAME, list(COLUMN_KEYS), [])


def template_xlsx() -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Members")[:31]
    bold = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.key)
        cell.font = bold
        required = _("Required. ") if column.required else ""
        cell.comment = Comment(
            f"{required}{column.description}\n{_('Example')}: {column.example}", "Klynge"
        )
        sheet.column_dimensions[cell.column_letter].width = max(14, len(column.key) + 4)
    sheet.freeze_panes = "A2"

    docs = workbook.create_sheet(_("Columns")[:31])
    docs.append([_("Column"), _("Required"), _("Description"), _("Example")])
    for column in COLUMNS:
        docs.append(
            [
                column.key,
                _("yes") if column.required else _("no"),
                str(column.description),
                "'" + column.example if column.example[:1] in "=+-@" else column.example,
            ]
        )
    docs.append([])
    docs.append([_("Kinds (column kind)")])
    for code, label in Organisation.Kind.choices:
        docs.append([code, "", str(label)])
    docs.append([])
    docs.append([_("Categories (column category)")])
    for code, label in Membership.Category.choices:
        docs.append([code, "", str(label)])
    docs.append([])
    docs.append([_("Rows are matched on the organisation number, else on exact name and country.")])
    docs.append([_("Empty cells keep what an existing organisation already has.")])
    for cell in docs[1]:
        cell.font = bold
    docs.column_dimensions["A"].width = 22
    docs.column_dimensions["C"].width = 80
    docs.column_dimensions["D"].width = 28

    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}.xlsx"'
    return response
