from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from klynge.clusters.models import Cluster, ClusterRole, Topic

from .accounts import UserFactory


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_nb = factory.Sequence(lambda n: f"Tema {n}")


class ClusterFactory(DjangoModelFactory):
    class Meta:
        model = Cluster
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Cluster {n}")
    short_name = factory.Sequence(lambda n: f"C{n}")
    slug = factory.Sequence(lambda n: f"cluster-{n}")
    region = "Viken"
    country = "NO"


class ClusterRoleFactory(DjangoModelFactory):
    class Meta:
        model = ClusterRole

    user = factory.SubFactory(UserFactory)
    cluster = factory.SubFactory(ClusterFactory)
    role = ClusterRole.Role.STAFF
