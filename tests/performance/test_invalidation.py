"""Every change to what a public page shows reaches the next anonymous visitor at once."""

import time
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish, article_unpublish
from tests.factories import ArticleFactory, ConditionFactory, ReferenceFactory
from tests.performance.conftest import cache_status

pytestmark = pytest.mark.django_db

LIST_URL = reverse("articles:list")
HOME_URL = reverse("home")


def cached_page(client, url: str) -> str:
    """The page's text, after making sure the next visitor would get it from the cache."""
    client.get(url)
    response = client.get(url)
    assert cache_status(response) == "hit", url
    return response.content.decode()


def fresh_page(client, url: str):
    response = client.get(url)
    assert cache_status(response) == "miss", url  # rendered again, not the stored copy
    return response


@pytest.fixture
def article(published_article):
    condition = ConditionFactory(name="Shingles pain", slug="shingles-pain")
    published_article.conditions.add(condition)
    return published_article


def test_publishing_shows_the_article_on_the_list_and_home(visitor, draft_article):
    assert draft_article.title not in cached_page(visitor, LIST_URL)
    assert draft_article.title not in cached_page(visitor, HOME_URL)

    article_publish(article=draft_article)

    assert draft_article.title in fresh_page(visitor, LIST_URL).content.decode()
    assert draft_article.title in fresh_page(visitor, HOME_URL).content.decode()
    assert fresh_page(visitor, draft_article.get_absolute_url()).status_code == HTTPStatus.OK


def test_unpublishing_removes_the_article_and_its_page(visitor, article):
    assert article.title in cached_page(visitor, LIST_URL)
    cached_page(visitor, article.get_absolute_url())

    article_unpublish(article=article)

    assert article.title not in fresh_page(visitor, LIST_URL).content.decode()
    response = visitor.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert cache_status(response) is None  # a 404 is never stored


def test_editing_an_article_shows_the_new_text(visitor, article):
    cached_page(visitor, article.get_absolute_url())

    article.title = "Nerve pain after shingles: an update"
    article.save()

    page = fresh_page(visitor, article.get_absolute_url()).content.decode()
    assert "<h1>Nerve pain after shingles: an update</h1>" in page


def test_editing_adding_and_deleting_references_show_on_the_article(visitor, article):
    url = article.get_absolute_url()
    reference = article.references.get()
    cached_page(visitor, url)

    reference.citation = "Vickers AJ, et al. An edited citation. The Journal of Pain. 2018."
    reference.save()
    assert "An edited citation" in fresh_page(visitor, url).content.decode()

    cached_page(visitor, url)
    ReferenceFactory(article=article, citation="Added later A, et al. A second source. 2020.")
    assert "A second source" in fresh_page(visitor, url).content.decode()

    cached_page(visitor, url)
    reference.delete()
    assert "An edited citation" not in fresh_page(visitor, url).content.decode()


def test_editing_a_condition_shows_on_its_page_and_its_articles(visitor, article):
    condition = article.conditions.get()
    cached_page(visitor, condition.get_absolute_url())
    cached_page(visitor, article.get_absolute_url())

    condition.name = "Post-herpetic neuralgia"
    condition.save()

    assert (
        "Post-herpetic neuralgia"
        in fresh_page(visitor, condition.get_absolute_url()).content.decode()
    )
    assert (
        "Post-herpetic neuralgia"
        in fresh_page(visitor, article.get_absolute_url()).content.decode()
    )


def test_linking_an_article_to_a_condition_shows_on_the_condition_page(visitor, article):
    other = ConditionFactory(name="Sciatica", slug="sciatica")
    assert article.title not in cached_page(visitor, other.get_absolute_url())

    article.conditions.add(other)

    assert article.title in fresh_page(visitor, other.get_absolute_url()).content.decode()


def test_editing_a_practitioner_shows_on_their_page_and_their_articles(visitor, article):
    author = article.author
    cached_page(visitor, author.get_absolute_url())
    cached_page(visitor, article.get_absolute_url())

    author.name = "Dr Renamed Practitioner"
    author.save()

    assert (
        "Dr Renamed Practitioner"
        in fresh_page(visitor, author.get_absolute_url()).content.decode()
    )
    assert (
        "Dr Renamed Practitioner"
        in fresh_page(visitor, article.get_absolute_url()).content.decode()
    )


def test_hiding_a_practitioner_removes_their_profile(visitor, article):
    author = article.author
    cached_page(visitor, author.get_absolute_url())

    author.is_active = False
    author.save()

    assert visitor.get(author.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_admin_unpublish_action_reaches_the_visitor(visitor, article, publisher_client):
    assert article.title in cached_page(visitor, LIST_URL)

    publisher_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish_selected", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.title not in fresh_page(visitor, LIST_URL).content.decode()


def test_admin_edit_of_a_condition_reaches_the_visitor(visitor, article, admin_client):
    condition = article.conditions.get()
    cached_page(visitor, condition.get_absolute_url())

    response = admin_client.post(
        reverse("admin:conditions_condition_change", args=[condition.pk]),
        {
            "name": "Shingles pain (post-herpetic neuralgia)",
            "slug": condition.slug,
            "synonyms": "",
            "summary": condition.summary,
            "body": condition.body,
            "meta_description": condition.meta_description,
        },
    )
    assert response.status_code == HTTPStatus.FOUND

    page = fresh_page(visitor, condition.get_absolute_url()).content.decode()
    assert "Shingles pain (post-herpetic neuralgia)" in page


def test_scheduled_article_appears_at_its_time_without_any_write(visitor):
    """Nothing is saved at the publication time: the stored list must end by itself."""
    go_live = timezone.now() + timedelta(seconds=2)
    article = ArticleFactory(title="An article that goes live shortly")
    ReferenceFactory(article=article)
    article_publish(article=article, published_at=go_live)
    assert article.is_scheduled
    assert article.title not in cached_page(visitor, LIST_URL)
    assert article.title not in cached_page(visitor, HOME_URL)

    time.sleep(max(0.0, (go_live - timezone.now()).total_seconds()) + 0.1)

    assert article.title in visitor.get(LIST_URL).content.decode()
    assert article.title in visitor.get(HOME_URL).content.decode()
    assert visitor.get(article.get_absolute_url()).status_code == HTTPStatus.OK
