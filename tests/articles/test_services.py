from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from articles.models import Article
from articles.services import PublishingBlocked, article_publish, article_unpublish
from tests.factories import ArticleFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def assert_still_a_draft(article):
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_publishing_refuses_article_without_references():
    article = ArticleFactory()

    with pytest.raises(PublishingBlocked) as raised:
        article_publish(article=article)

    assert [problem.code for problem in raised.value.problems] == ["references_missing"]
    assert raised.value.article == article
    assert_still_a_draft(article)


def test_publishing_refuses_article_with_reference_lacking_any_link():
    article = ArticleFactory()
    ReferenceFactory(article=article)
    ReferenceFactory(article=article, without_link=True)

    with pytest.raises(PublishingBlocked) as raised:
        article_publish(article=article)

    assert [problem.code for problem in raised.value.problems] == ["reference_without_link"]
    assert "Reference 2" in str(raised.value)
    assert_still_a_draft(article)


def test_publishing_refuses_article_with_blank_disclaimer():
    article = ArticleFactory(disclaimer="")
    ReferenceFactory(article=article)

    with pytest.raises(PublishingBlocked) as raised:
        article_publish(article=article)

    assert [problem.code for problem in raised.value.problems] == ["disclaimer_missing"]
    assert_still_a_draft(article)


def test_publishing_lists_every_problem_at_once():
    article = ArticleFactory(disclaimer="")

    with pytest.raises(PublishingBlocked) as raised:
        article_publish(article=article)

    assert {problem.code for problem in raised.value.problems} == {
        "disclaimer_missing",
        "references_missing",
    }


def test_publishing_makes_a_passing_article_public_now(draft_article):
    before = timezone.now()

    article_publish(article=draft_article)

    draft_article.refresh_from_db()
    assert draft_article.status == Article.Status.PUBLISHED
    assert before <= draft_article.published_at <= timezone.now()
    assert list(Article.objects.published()) == [draft_article]


def test_publishing_at_a_future_time_schedules_the_article(client, draft_article):
    next_week = timezone.now() + timedelta(days=7)

    article_publish(article=draft_article, published_at=next_week)

    draft_article.refresh_from_db()
    assert draft_article.status == Article.Status.PUBLISHED
    assert draft_article.published_at == next_week
    assert draft_article.is_scheduled
    assert not Article.objects.published().exists()
    response = client.get(draft_article.get_absolute_url())
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_unpublishing_makes_the_article_a_draft_again(published_article):
    article_unpublish(article=published_article)

    assert_still_a_draft(published_article)
