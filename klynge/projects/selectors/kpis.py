"""Portfolio KPIs for a cluster and a period, as frozen dataclasses other apps can reuse.

Scope: the projects the cluster leads or takes part in that run some time in the period (projects
without dates count by when they were registered). Shares are taken over the *active portfolio*:
those projects except ideas and rejected or cancelled ones. SME means a confirmed partner with a
headcount below 250 (estimated from the register); international means a confirmed partner outside
Norway. Outcomes count by their own date in the period. Seven queries, whatever the portfolio size.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, Sum

from klynge.clusters.models import Cluster

from ..budget import share
from ..models import FundingSource, Outcome, Project
from .portfolio import (
    active_in_period_q,
    in_cluster_q,
    international_partner_exists,
    sme_partner_exists,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

OUTSIDE_PORTFOLIO = (Project.Status.IDEA, Project.Status.REJECTED, Project.Status.CANCELLED)


@dataclass(frozen=True)
class LabelledCount:
    key: str
    label: str
    count: int
    quantity: int = 0


@dataclass(frozen=True)
class ProjectKpis:
    cluster_id: int
    start: datetime.date
    end: datetime.date
    total: int
    by_kind: tuple[LabelledCount, ...]
    by_status: tuple[LabelledCount, ...]
    portfolio: int
    with_sme: int
    with_international: int
    pre_projects: int
    converted: int
    private_funding: int
    public_funding: int
    outcomes_by_kind: tuple[LabelledCount, ...]

    @property
    def sme_share(self) -> float | None:
        return share(self.with_sme, self.portfolio)

    @property
    def international_share(self) -> float | None:
        return share(self.with_international, self.portfolio)

    @property
    def conversion_rate(self) -> float | None:
        """Share of pre-projects that grew into a main project."""
        return share(self.converted, self.pre_projects)

    @property
    def public_share(self) -> float | None:
        """Public money as a share of all money (private cash, in-kind, private and public)."""
        return share(self.public_funding, self.public_funding + self.private_funding)

    @property
    def outcomes(self) -> int:
        return sum(row.count for row in self.outcomes_by_kind)

    @property
    def people_trained(self) -> int:
        return next(
            (r.quantity for r in self.outcomes_by_kind if r.key == Outcome.Kind.COMPETENCE), 0
        )


def _labelled(
    choices: Sequence[tuple[str, StrOrPromise]],
    counts: dict[str, int],
    quantities: dict[str, int] | None = None,
) -> tuple[LabelledCount, ...]:
    quantities = quantities or {}
    return tuple(
        LabelledCount(key, str(label), counts.get(key, 0), quantities.get(key, 0))
        for key, label in choices
    )


def project_kpis(
    *, cluster: Cluster | int, start: datetime.date, end: datetime.date
) -> ProjectKpis:
    cluster_id = cluster.pk if isinstance(cluster, Cluster) else cluster
    in_scope = Project.objects.filter(in_cluster_q(cluster_id), active_in_period_q(start, end))

    kinds: dict[str, int] = {}
    statuses: dict[str, int] = {}
    for kind, status, n in (
        in_scope.order_by().values_list("kind", "status").annotate(n=Count("pk"))
    ):
        kinds[kind] = kinds.get(kind, 0) + n
        statuses[status] = statuses.get(status, 0) + n

    portfolio = in_scope.exclude(status__in=OUTSIDE_PORTFOLIO)
    shares = portfolio.annotate(
        has_sme=sme_partner_exists(),
        has_int=international_partner_exists(),
        has_main=Exists(
            Project.objects.filter(predecessor=OuterRef("pk"), kind=Project.Kind.MAIN_PROJECT)
        ),
    ).aggregate(
        total=Count("pk"),
        sme=Count("pk", filter=Q(has_sme=True)),
        intl=Count("pk", filter=Q(has_int=True)),
        pre=Count("pk", filter=Q(kind=Project.Kind.PRE_PROJECT)),
        converted=Count("pk", filter=Q(kind=Project.Kind.PRE_PROJECT, has_main=True)),
    )
    own = portfolio.aggregate(cash=Sum("private_cash"), in_kind=Sum("in_kind"))
    sources = dict(
        FundingSource.objects.filter(project__in=portfolio.values("pk"))
        .order_by()
        .values_list("kind")
        .annotate(total=Sum("amount"))
    )

    outcome_rows = (
        Outcome.objects.filter(
            project__in=Project.objects.filter(in_cluster_q(cluster_id)).values("pk"),
            date__gte=start,
            date__lte=end,
        )
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"), q=Sum("quantity"))
    )
    outcome_counts = {kind: n for kind, n, _q in outcome_rows}
    outcome_quantities = {kind: q or 0 for kind, _n, q in outcome_rows}

    return ProjectKpis(
        cluster_id=cluster_id,
        start=start,
        end=end,
        total=sum(kinds.values()),
        by_kind=_labelled(Project.Kind.choices, kinds),
        by_status=_labelled(Project.Status.choices, statuses),
        portfolio=shares["total"],
        with_sme=shares["sme"],
        with_international=shares["intl"],
        pre_projects=shares["pre"],
        converted=shares["converted"],
        private_funding=(own["cash"] or 0)
        + (own["in_kind"] or 0)
        + sources.get(FundingSource.Kind.PRIVATE, 0),
        public_funding=sources.get(FundingSource.Kind.PUBLIC, 0),
        outcomes_by_kind=_labelled(Outcome.Kind.choices, outcome_counts, outcome_quantities),
    )
