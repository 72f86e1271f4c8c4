"""Each role's daily work, walked from the home page by following the links a person reads (no
typed URL): every step answers 200, so nobody is led to a page they may not open."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from django.test import Client

from .conftest import client_as
from .crawl import anchors_in


class Walk:
    """A person on the site: where they are, and the link they click next."""

    def __init__(self, role: str) -> None:
        self.role = role
        self.client: Client = client_as(role)
        self.url = "/"
        self.html = self._open("/")

    def _open(self, url: str) -> str:
        response = self.client.get(url, follow=True)
        assert response.status_code == 200, f"{self.role}: {url} answered {response.status_code}"
        self.url = response.request["PATH_INFO"]
        return response.content.decode()

    def links(self, text: str) -> list[str]:
        pattern = re.compile(text, re.IGNORECASE)
        return [
            urljoin(self.url, href)
            for label, href in anchors_in(self.html)
            if pattern.search(label)
        ]

    def click(self, text: str) -> Walk:
        found = self.links(text)
        assert found, f"{self.role} sees no link {text!r} on {self.url}"
        self.html = self._open(found[0])
        return self

    def home(self) -> Walk:
        self.html = self._open("/")
        return self

    def search(self, term: str) -> list[str]:
        """Submit the header's search box (its form, not a typed address)."""
        assert 'data-testid="header-search"' in self.html
        self.html = self._open("/search/?" + f"q={term}")
        return [href for _label, href in anchors_in(self.html) if href.startswith("/")]

    def sees(self, text: str) -> bool:
        return text in self.html


@pytest.mark.usefixtures("demo_site")
class TestWalks:
    def test_manager_from_what_needs_doing_to_the_work(self) -> None:
        walk = Walk("manager")
        assert walk.sees("label expires in")
        walk.click(r"label expires in").home()
        walk.click(r"request").home()  # waiting B2B requests
        walk.click(r"^Members$").click(r"^Import")
        assert walk.sees('name="file"')
        walk.home().click(r"^Projects$").home().click(r"^Events$")

    def test_staff_member_runs_the_cluster_work(self) -> None:
        walk = Walk("staff")
        walk.click(r"^Members$").home().click(r"^Events$").home().click(r"^Courses$")

    def test_member_contact_finds_their_registrations_courses_and_meetings(self) -> None:
        walk = Walk("contact")
        assert walk.sees("My events") and walk.sees("My courses") and walk.sees("My B2B meetings")
        walk.click(r"^All my events$").home().click(r"^All my courses$").home()
        assert walk.links(r"meeting"), "the B2B widget links to the agenda"
        walk.click(r"meeting")

    def test_evaluator_reaches_an_assigned_review(self) -> None:
        walk = Walk("evaluator")
        assert walk.sees("Reviews assigned to you")
        walk.click(r"^All my reviews$")
        reviews = [url for url in walk.links(r".") if re.search(r"/programme/reviews/\d+/$", url)]
        assert reviews, "the review list links to a review"
        walk.html = walk._open(reviews[0])

    def test_officer_reaches_levels_labels_calls_and_the_portfolio(self) -> None:
        walk = Walk("officer")
        assert walk.sees("work queue")
        for link in (r"^Levels$", r"^Labels$", r"^Calls$", r"^Portfolio$"):
            walk.home().click(link)

    @pytest.mark.parametrize(
        "role", ["manager", "staff", "contact", "officer", "evaluator", "superuser"]
    )
    def test_every_link_on_the_home_page_opens(self, role: str) -> None:
        walk = Walk(role)
        links = {href for _text, href in anchors_in(walk.html) if href.startswith("/")}
        assert len(links) > 5
        for href in sorted(links):
            if href.startswith(("/static/", "/media/", "/api/", "/admin/")):
                continue
            response = walk.client.get(href)
            status = response.status_code
            assert status in (200, 302), f"{role}: {href} answered {status}"
            assert status == 200 or "/accounts/login/" not in response["Location"], href

    @pytest.mark.parametrize("role", ["manager", "contact", "officer", "evaluator"])
    def test_search_from_the_header_leads_to_pages_that_open(self, role: str) -> None:
        walk = Walk(role)
        hits = [url for url in walk.search("en") if not url.startswith(("/search/", "/static/"))]
        results = walk.client.get("/search/?q=en").context["groups"]
        urls = [hit.url for group in results for hit in group.hits]
        assert urls, f"{role} finds nothing"
        for url in urls:
            assert url in hits
            assert walk.client.get(url).status_code == 200, f"{role}: {url}"


def test_walk_helpers_read_link_text() -> None:
    html = '<p><a href="/a/">All <b>my</b>  events</a> <a href="/b/">B</a></p>'
    assert anchors_in(html) == [("All my events", "/a/"), ("B", "/b/")]
