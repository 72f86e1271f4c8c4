"""Reads of the cluster organisation's income: its years, newest first, with totals and shares."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ..models import ClusterFinance


def cluster_finance_list(*, cluster: Any) -> QuerySet[ClusterFinance]:
    return ClusterFinance.objects.filter(cluster=cluster).order_by("-year")
