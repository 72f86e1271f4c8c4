"""Member imports: spreadsheets of members (preview, then all-or-nothing apply) and the
Brønnøysund register bulk file (streamed, batched).

The spreadsheet import writes rows itself with the models, inside one transaction, following the
registry's rules (normalised org numbers, one open membership per cluster, no overlapping periods),
and logs one audit entry per created/updated organisation, membership and contact (inserted in bulk
per chunk of rows, see `imports.writer`) plus one summary entry.
"""

from __future__ import annotations

import datetime
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster, Topic
from klynge.core.audit import AuditBatch, log_action
from klynge.core.errors import DomainError
from klynge.core.spreadsheets import read_table
from klynge.members.imports.brreg import iter_records, open_bulk_file
from klynge.members.imports.brreg_sync import BrregStats, sync_records
from klynge.members.imports.plan import Existing, chunks, plan_rows, topic_lookup
from klynge.members.imports.report import ImportReport
from klynge.members.imports.validation import validate_table
from klynge.members.imports.writer import write_chunk

Progress = Callable[[int, int], None]
WRITE_CHUNK = 500


def member_import_preview(
    *, cluster: Cluster, content: bytes, filename: str, today: datetime.date | None = None
) -> ImportReport:
    """Read, validate and match the file; report what would happen. Writes nothing."""
    report, _existing = _build(cluster=cluster, content=content, filename=filename, today=today)
    return report


def _build(
    *, cluster: Cluster, content: bytes, filename: str, today: datetime.date | None
) -> tuple[ImportReport, Existing]:
    today = today or timezone.localdate()
    table = read_table(content, filename)
    rows, file_issues = validate_table(table, topic_lookup=topic_lookup(), today=today)
    existing = plan_rows(cluster, rows, today=today)
    report = ImportReport(
        filename=filename,
        rows=rows,
        file_issues=file_issues,
        encoding=table.encoding,
        delimiter=table.delimiter,
        columns=[h for h in table.header if h],
        notes=table.notes,
    )
    return report, existing


def member_import_apply(
    *,
    actor: Actor | None,
    cluster: Cluster,
    content: bytes,
    filename: str,
    today: datetime.date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Recompute the preview from `content` and write every row in one transaction.

    Refuses (DomainError, nothing written) when any row has an error.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        report, existing = _build(cluster=cluster, content=content, filename=filename, today=today)
        if report.has_errors:
            raise DomainError(
                _("The file has %(count)s error(s); nothing was imported. Fix them and try again.")
                % {"count": len(report.errors)},
                code="import_has_errors",
                field="file",
            )
        topics = {t.slug: t for t in Topic.objects.all()}
        audit = AuditBatch(actor=actor, cluster=cluster)
        done = 0
        for chunk in chunks(report.rows, WRITE_CHUNK):
            write_chunk(
                chunk, cluster=cluster, existing=existing, topics=topics, audit=audit, today=today
            )
            done += len(chunk)
            if progress is not None:
                progress(done, len(report.rows))
        log_action(
            actor=actor,
            action="klynge.members.import.completed",
            cluster=cluster,
            data={"filename": filename, **report.counts},
        )
    return report


def brreg_import(
    *,
    actor: Actor | None,
    path: str | Path,
    only_known: bool = False,
    batch_size: int = 5000,
    skip: int = 0,
    max_invalid_listed: int = 20,
    progress: Progress | None = None,
) -> BrregStats:
    """Stream the register bulk file at `path` into organisations, batch by batch.

    Each batch is its own transaction with its own audit entry (`...brreg_import.batch_written`, the
    run id and the records it covers), so an interrupted run keeps what it wrote and the audit log
    says so; `stats` (also on the raised exception as `exc.stats`) tells how far it got. A run that
    stops on a broken file ends with an `...interrupted` entry naming the `skip` to resume with; a
    finished run with a `...completed` summary.
    """
    if batch_size < 1:
        raise DomainError(_("The batch size must be at least 1."), field="batch_size")
    path = Path(path)
    total = path.stat().st_size
    stats = BrregStats(max_samples=max_invalid_listed)
    started = time.perf_counter()
    now = timezone.now()
    run = uuid.uuid4().hex[:12]

    def audit_batch(summary: dict[str, int]) -> None:
        log_action(
            actor=actor,
            action="klynge.members.brreg_import.batch_written",
            data={"run": run, "filename": path.name, **summary},
        )

    with open_bulk_file(path) as (stream, counter):

        def on_batch(_stats: BrregStats) -> None:
            if progress is not None:
                progress(counter.bytes_read, total)

        try:
            sync_records(
                iter_records(stream),
                only_known=only_known,
                batch_size=batch_size,
                skip=skip,
                now=now,
                stats=stats,
                on_batch=on_batch,
                audit=audit_batch,
            )
        except Exception as exc:
            # Any exception carries how far the run got, so the command can say where to resume.
            exc.stats = stats  # type: ignore[attr-defined]  # an exception of any type: no field
            log_action(
                actor=actor,
                action="klynge.members.brreg_import.interrupted",
                data={
                    "run": run,
                    "filename": path.name,
                    "error": str(exc)[:200],
                    "resume_with_skip": stats.skipped + stats.read,
                    **stats.as_dict(),
                },
            )
            raise
    if progress is not None:
        progress(total, total)
    log_action(
        actor=actor,
        action="klynge.members.brreg_import.completed",
        data={
            "run": run,
            "filename": path.name,
            "only_known": only_known,
            "seconds": round(time.perf_counter() - started, 2),
            **stats.as_dict(),
        },
    )
    return stats
