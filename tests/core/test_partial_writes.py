"""Files and partial writes (issue 12.6): files are deleted only when the database commits, and every
committed batch of a Brønnøysund import is in the audit log with the point to resume from."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from klynge.core.models import AuditEntry
from klynge.members.models import Organisation
from klynge.members.services.imports import brreg_import
from klynge.programme.models import ApplicationAttachment, CertificationLabel
from klynge.programme.services.applications import attachment_add, attachment_remove
from klynge.programme.services.statuses import label_award, label_remove, label_update
from tests.factories.programme import ApplicationFactory
from tests.members.test_brreg import record

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def test_removed_attachment_keeps_its_file_until_the_removal_commits(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    application = ApplicationFactory(cluster=cast.cluster_a)
    attachment = attachment_add(
        actor=cast.manager_a,
        application=application,
        title="Plan",
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"),
    )
    path, pk = Path(attachment.file.path), attachment.pk
    with pytest.raises(Rollback), transaction.atomic():
        attachment_remove(actor=cast.manager_a, attachment=attachment)
        raise Rollback
    assert ApplicationAttachment.objects.filter(pk=pk).exists()
    assert path.exists(), "the row came back, so must the file"
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(actor=cast.manager_a, attachment=ApplicationAttachment.objects.get(pk=pk))
    assert not path.exists()


def test_label_evidence_is_deleted_on_commit_also_when_replaced(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    label = label_award(
        actor=cast.officer,
        cluster=cast.cluster_a,
        grade="gold",
        awarded_on=cast.cluster_a.created_at.date(),
        evidence=SimpleUploadedFile("first.pdf", b"%PDF-1.4 one"),
    )
    first = Path(label.evidence.path)
    with django_capture_on_commit_callbacks(execute=True):
        label_update(
            actor=cast.officer,
            label=label,
            evidence=SimpleUploadedFile("second.pdf", b"%PDF-1.4 two"),
        )
    second, pk = Path(label.evidence.path), label.pk
    assert second.exists() and not first.exists(), "the replaced file is not left behind"
    with pytest.raises(Rollback), transaction.atomic():
        label_remove(actor=cast.officer, label=label)
        raise Rollback
    assert CertificationLabel.objects.filter(pk=pk).exists() and second.exists()
    with django_capture_on_commit_callbacks(execute=True):
        label_remove(actor=cast.officer, label=CertificationLabel.objects.get(pk=pk))
    assert not second.exists()


def test_every_committed_brreg_batch_is_audited_and_the_run_says_where_to_resume(
    tmp_path: Path,
) -> None:
    numbers = ["988077917", "974760673", "917422575"]
    full = json.dumps([record(n, f"ORG {i} AS") for i, n in enumerate(numbers)]).encode()
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(gzip.compress(full[:-40]))
    with pytest.raises(Exception) as caught:
        brreg_import(actor=None, path=broken, batch_size=1)
    kept = Organisation.objects.count()
    assert kept >= 1 and caught.value.stats.read == kept
    batches = AuditEntry.objects.filter(action="klynge.members.brreg_import.batch_written")
    assert batches.count() == kept
    assert sum(entry.data["created"] for entry in batches) == kept
    assert sorted(entry.data["last_record"] for entry in batches) == list(range(1, kept + 1))
    interrupted = AuditEntry.objects.get(action="klynge.members.brreg_import.interrupted")
    assert interrupted.data["resume_with_skip"] == kept
    assert {entry.data["run"] for entry in batches} == {interrupted.data["run"]}
    assert not AuditEntry.objects.filter(action="klynge.members.brreg_import.completed").exists()
