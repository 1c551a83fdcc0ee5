import xml.etree.ElementTree as ET
from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from clinic_site.sitemaps import FIXED_PAGES_UPDATED_ON
from conditions.models import Condition
from practitioners.models import Practitioner
from tests.factories import ArticleFactory, ConditionFactory, PractitionerFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://www.riverside-acupuncture.example"
NAMESPACE = {"sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


def read_sitemap(client) -> dict[str, str | None]:
    """The sitemap's addresses, each with its lastmod, read as a search engine reads them."""
    response = client.get(reverse("sitemap"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NAMESPACE['sitemap']}}}urlset"
    return {
        url.findtext("sitemap:loc", namespaces=NAMESPACE): url.findtext(
            "sitemap:lastmod", namespaces=NAMESPACE
        )
        for url in root.findall("sitemap:url", NAMESPACE)
    }


def path_of(location: str) -> str:
    assert location.startswith(f"{SITE_URL}/"), location
    return location.removeprefix(SITE_URL)


def test_sitemap_lists_every_public_page_of_the_demo(client, demo):
    expected_paths = {
        reverse("home"),
        reverse("about"),
        reverse("inquiries:create"),
        reverse("inquiries:privacy"),
        reverse("conditions:list"),
        reverse("articles:list"),
        reverse("practitioners:list"),
        *(condition.get_absolute_url() for condition in Condition.objects.all()),
        *(article.get_absolute_url() for article in Article.objects.published()),
        *(practitioner.get_absolute_url() for practitioner in Practitioner.objects.active()),
    }

    locations = read_sitemap(client)

    assert {path_of(location) for location in locations} == expected_paths
    assert len(locations) == len(expected_paths)


def test_every_sitemap_address_answers_and_has_a_lastmod(client, demo):
    locations = read_sitemap(client)

    statuses = {location: client.get(path_of(location)).status_code for location in locations}

    assert {loc: status for loc, status in statuses.items() if status != HTTPStatus.OK} == {}
    assert [location for location, lastmod in locations.items() if not lastmod] == []
    for lastmod in locations.values():
        date.fromisoformat(lastmod)


def test_sitemap_leaves_out_drafts_scheduled_articles_and_former_practitioners(
    client, published_article, draft_article, scheduled_article
):
    former = PractitionerFactory(inactive=True)

    locations = read_sitemap(client)

    assert f"{SITE_URL}{published_article.get_absolute_url()}" in locations
    for hidden in [draft_article, scheduled_article, former]:
        assert f"{SITE_URL}{hidden.get_absolute_url()}" not in locations


def test_scheduled_article_enters_the_sitemap_when_its_time_comes(client, scheduled_article):
    location = f"{SITE_URL}{scheduled_article.get_absolute_url()}"
    assert location not in read_sitemap(client)

    Article.objects.filter(pk=scheduled_article.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )

    assert location in read_sitemap(client)


def test_sitemap_lastmod_follows_the_content(client):
    long_ago = timezone.now() - timedelta(days=400)
    condition = ConditionFactory()
    article = ArticleFactory(published=True, conditions=[condition])
    practitioner = PractitionerFactory()
    Condition.objects.filter(pk=condition.pk).update(updated_at=long_ago)
    Practitioner.objects.update(updated_at=long_ago)  # The article's author and reviewer too.
    # Edited before it was scheduled to appear: readers first saw it when it appeared.
    Article.objects.filter(pk=article.pk).update(
        updated_at=long_ago - timedelta(days=10), published_at=long_ago + timedelta(days=30)
    )
    article.refresh_from_db()

    locations = read_sitemap(client)

    def lastmod(path):
        return locations[f"{SITE_URL}{path}"]

    assert lastmod(condition.get_absolute_url()) == timezone.localdate(long_ago).isoformat()
    assert lastmod(practitioner.get_absolute_url()) == timezone.localdate(long_ago).isoformat()
    appeared = timezone.localdate(article.published_at).isoformat()
    assert lastmod(article.get_absolute_url()) == appeared
    assert lastmod(reverse("articles:list")) == appeared
    assert lastmod(reverse("conditions:list")) == timezone.localdate(long_ago).isoformat()
    assert lastmod(reverse("home")) == appeared
    assert lastmod(reverse("about")) == FIXED_PAGES_UPDATED_ON.isoformat()


def test_sitemap_of_an_empty_site_is_valid(client):
    locations = read_sitemap(client)

    assert f"{SITE_URL}{reverse('home')}" in locations
    assert all(locations.values())


def test_robots_txt_points_to_the_sitemap_and_keeps_private_paths_out(client):
    response = client.get("/robots.txt")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert {line for line in lines if line.startswith("Disallow:")} == {
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /book/thanks/",
    }
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines
