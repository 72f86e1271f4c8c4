"""Stored files sent to the browser or an API client: one way, for pages and the API alike."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def file_download(field: Any, filename: str | None = None) -> FileResponse:
    """Stream a stored file as an attachment (the caller checked permissions).

    A row whose file is gone from storage is a 404 ("The file is missing."), not a server error.
    """
    if not field:
        raise Http404(_("No file."))
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing.")) from exc
    name = filename or field.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
