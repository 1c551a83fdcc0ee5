from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from conditions.views import CONDITION_ARTICLE_COUNT
from tests.factories import ArticleFactory, ConditionFactory, PractitionerFactory

pytestmark = pytest.mark.django_db

# Anonymous visitors: the condition, its published articles, its active practitioners.
DETAIL_QUERIES = 3


def test_condition_list_shows_every_condition(client):
    conditions = ConditionFactory.create_batch(3)

    response = client.get(reverse("conditions:list"))

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    for condition in conditions:
        assert f'<a href="{condition.get_absolute_url()}">{condition.name}</a>' in content


def test_condition_page_shows_its_description_and_other_names(client):
    condition = ConditionFactory(
        name="Neuropathy", synonyms="nerve pain\nneuropathic pain", body="# What it is"
    )

    response = client.get(condition.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "<h1>Neuropathy</h1>" in content
    assert "Also known as: nerve pain, neuropathic pain" in content
    assert "<h2>What it is</h2>" in content


def test_condition_page_shows_only_published_articles(
    client, published_article, draft_article, scheduled_article
):
    condition = ConditionFactory()
    for article in (published_article, draft_article, scheduled_article):
        article.conditions.add(condition)

    response = client.get(condition.get_absolute_url())

    content = response.content.decode()
    assert published_article.title in content
    assert draft_article.title not in content
    assert draft_article.get_absolute_url() not in content
    assert scheduled_article.title not in content
    assert scheduled_article.get_absolute_url() not in content


def test_condition_page_without_published_articles_says_so(client, draft_article):
    condition = ConditionFactory()
    draft_article.conditions.add(condition)

    response = client.get(condition.get_absolute_url())

    content = response.content.decode()
    assert "We have not published an article about this condition yet." in content
    assert draft_article.title not in content


def test_condition_page_shows_only_active_practitioners(client):
    condition = ConditionFactory()
    active = PractitionerFactory(name="Helen Marsh", conditions_treated=[condition])
    retired = PractitionerFactory(
        name="Margaret Ellis", inactive=True, conditions_treated=[condition]
    )

    response = client.get(condition.get_absolute_url())

    content = response.content.decode()
    assert active.get_absolute_url() in content
    assert retired.name not in content
    assert retired.get_absolute_url() not in content


def test_unknown_condition_is_404(client):
    response = client.get(reverse("conditions:detail", kwargs={"slug": "no-such-condition"}))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Sorry, we cannot find that page" in response.content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_condition_page_query_count_does_not_grow_with_articles_or_practitioners(
    client, django_assert_num_queries, count
):
    condition = ConditionFactory()
    ArticleFactory.create_batch(count, published=True, conditions=[condition])
    PractitionerFactory.create_batch(count, conditions_treated=[condition])

    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(condition.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert len(response.context["articles"]) == min(count, CONDITION_ARTICLE_COUNT)
    assert len(response.context["condition"].active_practitioners) == count


def test_condition_page_shows_its_newest_articles_and_links_to_all_of_them(client):
    condition = ConditionFactory(name="Sciatica", slug="sciatica")
    now = timezone.now()
    articles = [
        ArticleFactory(
            published=True, published_at=now - timedelta(days=days), conditions=[condition]
        )
        for days in range(1, CONDITION_ARTICLE_COUNT + 2)
    ]

    content = client.get(condition.get_absolute_url()).content.decode()

    shown = [article.title in content for article in articles]
    assert shown == [True] * CONDITION_ARTICLE_COUNT + [False]
    assert '<a href="/articles/?condition=sciatica">All articles about sciatica</a>' in content


def test_condition_page_with_few_articles_has_no_link_to_more(client):
    condition = ConditionFactory()
    ArticleFactory.create_batch(CONDITION_ARTICLE_COUNT, published=True, conditions=[condition])

    content = client.get(condition.get_absolute_url()).content.decode()

    assert "All articles about" not in content
