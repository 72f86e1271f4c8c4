"""Demo news of NCE Smart Energy Markets: the mature-cluster announcement of 20 November 2020 (a
public fact, retold here) and fictional posts around today (public, members only, scheduled, draft)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from klynge.clusters.models import Cluster
from klynge.communication.models import Post

SLUG = "nce-smart-energy-markets"
MATURE_DAY = datetime.datetime(2020, 11, 20, 9, 0, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class DemoPost:
    title_en: str
    title_nb: str
    summary_en: str
    summary_nb: str
    body_en: str
    body_nb: str
    days: float | None  # publish this many days from today (None: a draft)
    visibility: str = "public"
    pinned: bool = False
    fixed: datetime.datetime | None = None


MATURE = DemoPost(
    title_en="NCE Smart Energy Markets is now a mature cluster",
    title_nb="NCE Smart Energy Markets er moden klynge",
    summary_en="Innovation Norway has given the cluster the new status of mature cluster.",
    summary_nb="Innovasjon Norge har gitt klyngen den nye statusen moden klynge.",
    body_en=(
        "Innovation Norway has recognised **NCE Smart Energy Markets** as a *mature cluster*, "
        "one of the first clusters with the new status in the cluster programme.\n\n"
        "The grounds named were:\n\n"
        "- the quality of the cluster's projects and work,\n"
        "- its composition: more than 70 members and partners from industry, academia and the "
        "public sector,\n"
        "- its gold certification.\n\n"
        "As a mature cluster we may apply for **two pre-projects a year**, which can grow into "
        "main projects. The aims are a competence lift for SMEs, adoption of new technology, new "
        "business areas and a stronger international orientation.\n\n"
        "We will go on building meeting places and collaboration projects, strategy and insight "
        "work, and continuing education for our members' staff."
    ),
    body_nb=(
        "Innovasjon Norge har gitt **NCE Smart Energy Markets** status som *moden klynge*, som "
        "en av de første klyngene med den nye statusen i klyngeprogrammet.\n\n"
        "Begrunnelsen var:\n\n"
        "- kvaliteten på klyngens prosjekter og arbeid,\n"
        "- sammensetningen: over 70 medlemmer og partnere fra næringsliv, akademia og offentlig "
        "sektor,\n"
        "- gullsertifiseringen.\n\n"
        "Som moden klynge kan vi søke om **to forprosjekter i året**, som kan bli til "
        "hovedprosjekter. Målet er kompetanseløft i SMB-er, ny teknologi, nye forretningsområder "
        "og sterkere internasjonal orientering.\n\n"
        "Vi fortsetter med møteplasser og samarbeidsprosjekter, strategi- og innsiktsarbeid og "
        "etter- og videreutdanning for medlemmenes ansatte."
    ),
    days=None,
    pinned=True,
    fixed=MATURE_DAY,
)

POSTS = (
    MATURE,
    DemoPost(
        title_en="Programme for the Partner Conference is ready (fictional)",
        title_nb="Programmet for partnerkonferansen er klart (fiktivt)",
        summary_en="Two days on flexibility markets, energy data and energy communities.",
        summary_nb="To dager om fleksibilitetsmarkeder, energidata og energisamfunn.",
        body_en="The programme is on the event page. *This post is fictional demo content.*",
        body_nb="Programmet ligger på arrangementssiden. *Dette innlegget er fiktivt demoinnhold.*",
        days=-6,
    ),
    DemoPost(
        title_en="New course: energy data for SMEs (fictional)",
        title_nb="Nytt kurs: energidata for SMB-er (fiktivt)",
        summary_en="Members get priority for places until the end of the month.",
        summary_nb="Medlemmer får plass først ut måneden.",
        body_en="Enrol through the course catalogue. *Fictional demo content.*",
        body_nb="Meld på i kurskatalogen. *Fiktivt demoinnhold.*",
        days=-2,
        visibility="members",
    ),
    DemoPost(
        title_en="Ideas wanted for this year's pre-projects (fictional)",
        title_nb="Vi søker ideer til årets forprosjekter (fiktivt)",
        summary_en="Post your idea on the ideas board; the best two become applications.",
        summary_nb="Legg ideen din på idétavla; de to beste blir søknader.",
        body_en="See the ideas board under Projects. *Fictional demo content.*",
        body_nb="Se idétavla under Prosjekter. *Fiktivt demoinnhold.*",
        days=-15,
        visibility="members",
    ),
    DemoPost(
        title_en="Member survey opens next week (fictional)",
        title_nb="Medlemsundersøkelsen åpner neste uke (fiktivt)",
        summary_en="Scheduled: this post appears by itself in five days.",
        summary_nb="Planlagt: innlegget dukker opp av seg selv om fem dager.",
        body_en="*Fictional demo content.*",
        body_nb="*Fiktivt demoinnhold.*",
        days=5,
    ),
    DemoPost(
        title_en="Draft: results from the flexibility pilot (fictional)",
        title_nb="Utkast: resultater fra fleksibilitetspiloten (fiktivt)",
        summary_en="A draft only the cluster team sees.",
        summary_nb="Et utkast bare klyngeteamet ser.",
        body_en="*Fictional demo content.*",
        body_nb="*Fiktivt demoinnhold.*",
        days=None,
    ),
)


def _publish_at(spec: DemoPost, today: datetime.datetime) -> datetime.datetime | None:
    if spec.fixed is not None:
        return spec.fixed
    if spec.days is None:
        return None
    return today + datetime.timedelta(days=spec.days)


def load() -> dict[str, Post]:
    cluster = Cluster.objects.filter(slug=SLUG).first()
    if cluster is None:
        return {}
    author = get_user_model().objects.filter(email="manager@nce-sem.demo").first()
    today = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0)
    posts = {}
    for spec in POSTS:
        post, _created = Post.objects.update_or_create(
            cluster=cluster,
            title_en=spec.title_en,
            defaults={
                "title_nb": spec.title_nb,
                "summary_en": spec.summary_en,
                "summary_nb": spec.summary_nb,
                "body_en": spec.body_en,
                "body_nb": spec.body_nb,
                "visibility": spec.visibility,
                "pinned": spec.pinned,
                "publish_at": _publish_at(spec, today),
                "author": author,
            },
        )
        posts[spec.title_en] = post
    from . import newsletters

    newsletters.load()
    return posts
