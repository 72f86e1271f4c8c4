"""Schemas of the collaboration network API (a cluster's network, an organisation's own)."""

from __future__ import annotations

from ninja import Field

from .types import Schema


class NodeOut(Schema):
    id: int
    name: str
    kind: str
    member: bool = Field(description="False for partners that are not members of the cluster.")
    degree: int


class EdgeOut(Schema):
    source: int
    target: int
    weight: float
    kinds: dict[str, int] = Field(description="Contacts by kind: project, b2b, event, course.")
    first_year: int


class FigureOut(Schema):
    key: str
    label: str
    value: float | None
    explanation: str


class BrokerOut(Schema):
    id: int
    name: str
    betweenness: float


class YearCountOut(Schema):
    year: int
    count: int


class NetworkOut(Schema):
    cluster: str
    first_year: int | None
    last_year: int
    kinds: list[str]
    figures: list[FigureOut]
    brokers: list[BrokerOut]
    betweenness_estimated: bool
    new_edges_per_year: list[YearCountOut]
    isolated_members: list[int]
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class EgoOut(Schema):
    cluster: str
    organisation: int
    last_year: int
    nodes: list[NodeOut]
    edges: list[EdgeOut]
