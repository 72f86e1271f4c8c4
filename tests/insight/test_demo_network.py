"""Demo network: NCE Smart Energy Markets shows a connected network that grows over the years,
with brokers, cross-helix links and peers in other clusters; loading twice adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from klynge.clusters.models import Cluster
from klynge.demo import clusters as demo_clusters
from klynge.demo import events as demo_events
from klynge.demo import members as demo_members
from klynge.demo import network as demo_network
from klynge.demo import projects as demo_projects
from klynge.events.models import Registration
from klynge.insight.selectors.network import Period, cluster_network

pytestmark = pytest.mark.django_db


def test_demo_network() -> None:
    demo_clusters.load()
    demo_members.load()
    demo_events.load()
    demo_projects.load()
    demo_network.load()
    before = Registration.objects.count()
    demo_network.load()
    assert Registration.objects.count() == before
    sem = Cluster.objects.get(slug="nce-smart-energy-markets")
    year = timezone.localdate().year
    now = cluster_network(cluster=sem, period=Period(last_year=year), positions=False).figures
    earlier = cluster_network(cluster=sem, period=Period(last_year=year - 3), positions=False)
    assert now.nodes >= 70 and now.edges > earlier.figures.edges > 0
    assert now.largest_share is not None and now.largest_share > 0.6
    assert now.brokers and now.cross_helix_share and 0 < now.density < 0.5
    assert len(now.new_edges_per_year) >= 4
    peers = [
        cluster_network(cluster=c, period=Period(last_year=year), positions=False).figures.edges
        for c in Cluster.objects.exclude(pk=sem.pk)
    ]
    assert sum(1 for edges in peers if edges > 0) >= 3
