"""The programme's label and application exports run the same queries for few and many rows."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.clusters import ClusterFactory
from tests.factories.programme import ApplicationFactory, CallFactory, CertificationLabelFactory
from tests.http import body, client_for

pytestmark = pytest.mark.django_db


def _export(client: Any, url: str) -> tuple[int, list[list[str]]]:
    with CaptureQueriesContext(connection) as queries:
        text = body(client.get(url)).decode("utf-8-sig")
    return len(queries), list(csv.reader(io.StringIO(text)))


def test_labels_export_queries_do_not_grow(cast: Any) -> None:
    client = client_for(cast.officer)
    counts = []
    for n, more in ((2, 2), (20, 18)):  # rows in the export, rows added for it
        CertificationLabelFactory.create_batch(more, cluster=ClusterFactory())
        count, rows = _export(client, "/programme/labels/?export=csv")
        assert len(rows) == n + 1
        counts.append(count)
    assert counts[0] == counts[1]
    assert {row[1] for row in rows[1:]} == {"Gold"}


def test_applications_export_queries_do_not_grow(cast: Any) -> None:
    client = client_for(cast.officer)
    call = CallFactory()
    counts = []
    for n, more in ((1, 1), (8, 7)):
        for _index in range(more):
            ApplicationFactory(call=call, cluster=ClusterFactory())
        count, rows = _export(client, "/programme/applications/?export=csv")
        assert len(rows) == n + 1
        counts.append(count)
    assert counts[0] == counts[1]
    assert {row[3] for row in rows[1:]} == {"Draft"}
