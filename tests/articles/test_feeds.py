import calendar
import html
from datetime import timedelta
from http import HTTPStatus

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, ConditionFactory, PractitionerFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://www.riverside-acupuncture.example"
FEEDS = {
    "rss": ("feeds:articles-rss", "application/rss+xml"),
    "atom": ("feeds:articles-atom", "application/atom+xml"),
}
CONDITION_FEEDS = {"rss": "feeds:condition-rss", "atom": "feeds:condition-atom"}
FEED_QUERIES = 2  # the articles with their authors, their conditions


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL
    # Feeds are answered whatever Host the request names: their links come from SITE_URL.
    settings.ALLOWED_HOSTS = ["testserver"]


def read_feed(client, url_name: str, **kwargs):
    response = client.get(reverse(url_name, kwargs=kwargs or None))
    assert response.status_code == HTTPStatus.OK
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return response, feed


def as_utc_seconds(parsed) -> int:
    return calendar.timegm(parsed)


@pytest.mark.parametrize("kind", FEEDS)
def test_feed_lists_published_articles_newest_first(
    client, kind, published_article, draft_article, scheduled_article
):
    older = ArticleFactory(
        published=True,
        title="An older article",
        published_at=timezone.now() - timedelta(days=10),
    )

    response, feed = read_feed(client, FEEDS[kind][0])

    assert response["Content-Type"].startswith(FEEDS[kind][1])
    assert [entry.title for entry in feed.entries] == [published_article.title, older.title]
    content = response.content.decode()
    for hidden in [draft_article, scheduled_article]:
        assert hidden.title not in content
        assert hidden.get_absolute_url() not in content


@pytest.mark.parametrize("kind", FEEDS)
def test_feed_entries_carry_summary_dates_author_and_conditions(client, kind):
    condition = ConditionFactory(name="Neuralgia")
    author = PractitionerFactory(name="Helen Marsh")
    article = ArticleFactory(
        published=True,
        title="Needles & nerves: <what> to expect",
        summary="Fine needles & gentle care. Some people feel <nothing> at all.",
        author=author,
        conditions=[condition],
    )

    _, feed = read_feed(client, FEEDS[kind][0])

    [entry] = feed.entries
    assert entry.title == article.title
    # Readers take a summary as HTML: the plain text arrives whole, "<nothing>" included.
    assert entry.summary_detail.type == "text/html"
    assert html.unescape(entry.summary) == article.summary
    assert entry.link == f"{SITE_URL}{article.get_absolute_url()}"
    assert entry.author == "Helen Marsh"
    assert [tag.term for tag in entry.tags] == ["Neuralgia"]
    assert as_utc_seconds(entry.published_parsed) == int(article.published_at.timestamp())
    if kind == "atom":
        assert as_utc_seconds(entry.updated_parsed) == int(article.updated_at.timestamp())


def test_atom_feed_gives_authors_profile_only_while_it_is_public(client):
    ArticleFactory(published=True, author=PractitionerFactory(name="Former", inactive=True))
    current = ArticleFactory(published=True, author=PractitionerFactory(name="Current"))

    _, feed = read_feed(client, "feeds:articles-atom")

    hrefs = {entry.author: entry.author_detail.get("href") for entry in feed.entries}
    assert hrefs == {
        "Former": None,
        "Current": f"{SITE_URL}{current.author.get_absolute_url()}",
    }


@pytest.mark.parametrize("kind", FEEDS)
def test_feed_links_are_absolute_on_site_url(client, kind, published_article):
    response, feed = read_feed(client, FEEDS[kind][0])

    assert feed.feed.link == f"{SITE_URL}{reverse('articles:list')}"
    assert feed.entries[0].link == f"{SITE_URL}{published_article.get_absolute_url()}"
    assert "http://testserver" not in response.content.decode()
    if kind == "atom":
        self_links = [link.href for link in feed.feed.links if link.rel == "self"]
        assert self_links == [f"{SITE_URL}{reverse(FEEDS[kind][0])}"]


@pytest.mark.parametrize("kind", FEEDS)
def test_empty_feed_is_still_valid(client, kind, draft_article):
    _, feed = read_feed(client, FEEDS[kind][0])

    assert feed.entries == []


@pytest.mark.parametrize("kind", CONDITION_FEEDS)
def test_condition_feed_lists_only_its_published_articles(client, kind):
    neuralgia = ConditionFactory(name="Neuralgia", slug="neuralgia")
    other = ConditionFactory(name="Back pain", slug="back-pain")
    about = ArticleFactory(published=True, title="About neuralgia", conditions=[neuralgia])
    ArticleFactory(published=True, title="About back pain", conditions=[other])
    draft = ArticleFactory(title="A neuralgia draft", conditions=[neuralgia])
    scheduled = ArticleFactory(scheduled=True, title="Neuralgia next week", conditions=[neuralgia])

    response, feed = read_feed(client, CONDITION_FEEDS[kind], slug="neuralgia")

    assert [entry.title for entry in feed.entries] == [about.title]
    assert "neuralgia" in feed.feed.title
    assert feed.feed.link == f"{SITE_URL}{neuralgia.get_absolute_url()}"
    for hidden in [draft, scheduled]:
        assert hidden.title not in response.content.decode()


@pytest.mark.parametrize("kind", CONDITION_FEEDS)
def test_feed_of_unknown_condition_is_404(client, kind):
    response = client.get(reverse(CONDITION_FEEDS[kind], kwargs={"slug": "no-such-condition"}))

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("count", [1, 8])
def test_feed_query_count_does_not_grow_with_articles(client, django_assert_num_queries, count):
    conditions = ConditionFactory.create_batch(2)
    ArticleFactory.create_batch(count, published=True, conditions=conditions)

    with django_assert_num_queries(FEED_QUERIES):
        client.get(reverse("feeds:articles-rss"))


def test_every_page_links_to_both_feeds(client, settings, published_article):
    clinic_name = settings.CLINIC["name"]
    condition = ConditionFactory()
    for url in [
        reverse("home"),
        published_article.get_absolute_url(),
        condition.get_absolute_url(),
        reverse("inquiries:create"),
        reverse("search"),
        "/no-such-page/",
    ]:
        content = client.get(url).content.decode()

        assert (
            '<link rel="alternate" type="application/rss+xml" '
            f'title="{clinic_name}: articles (RSS)" '
            f'href="{SITE_URL}{reverse("feeds:articles-rss")}">'
        ) in content, url
        assert (
            '<link rel="alternate" type="application/atom+xml" '
            f'title="{clinic_name}: articles (Atom)" '
            f'href="{SITE_URL}{reverse("feeds:articles-atom")}">'
        ) in content, url


def test_condition_page_links_to_its_own_feeds(client):
    condition = ConditionFactory(name="Neuralgia", slug="neuralgia")

    content = client.get(condition.get_absolute_url()).content.decode()

    for url_name in CONDITION_FEEDS.values():
        url = reverse(url_name, kwargs={"slug": "neuralgia"})
        assert f'href="{SITE_URL}{url}"' in content
