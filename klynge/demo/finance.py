"""Demo income of the cluster organisations by year (fictional figures that say so).

The last four full years before today, from the demo clock, so the gold-label indicator "share of
private funding" has data on any day. NCE Smart Energy Markets, a mature cluster without operating
support, lives mostly from membership fees and services; the Arena cluster mostly from programme
money. Written through the programme service; idempotent (a year is replaced, not added).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from klynge.clusters.models import Cluster
from klynge.programme.services.finance import cluster_finance_set

from . import clock

NOTE = "Fictional demo figures."
# slug -> NOK per year by source: membership fees, services, other private, programme, other public
INCOME = {
    "nce-smart-energy-markets": (3_200_000, 1_450_000, 350_000, 900_000, 750_000),
    "eyde": (2_600_000, 900_000, 200_000, 1_100_000, 600_000),
    "arena-havvind-vest": (450_000, 120_000, 0, 1_800_000, 400_000),
}


def load() -> None:
    manager = get_user_model().objects.filter(email="admin@klynge.demo").first()
    this_year = clock.today().year
    for slug, amounts in INCOME.items():
        cluster = Cluster.objects.filter(slug=slug).first()
        if cluster is None:
            continue
        for back in range(4, 0, -1):
            growth = 1 + (4 - back) * 0.04  # a little more each year
            fees, services, private, programme, public = (round(a * growth, -3) for a in amounts)
            cluster_finance_set(
                actor=manager,
                cluster=cluster,
                year=this_year - back,
                amounts={
                    "membership_fees": int(fees),
                    "services": int(services),
                    "other_private": int(private),
                    "public_programme": int(programme),
                    "other_public": int(public),
                },
                note=NOTE,
            )
