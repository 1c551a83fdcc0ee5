from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.paging import PAGE_SIZE, Position, first_page, page_after, page_before
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def published(at):
    return Article.objects.published(at=at)


def test_a_position_survives_its_link_to_the_microsecond():
    moment = datetime(2026, 3, 2, 9, 30, 0, 123456, tzinfo=UTC)

    position = Position(moment, 42)

    assert position.token == "1772443800123456-42"
    assert Position.parse(position.token) == position


@pytest.mark.parametrize(
    "token", ["", "42", "-1-2", "1.5-2", "1e6-2", "１２-3", "1-2-3", "1772443800123456-42 "]
)
def test_anything_but_digits_dash_digits_names_no_position(token):
    assert Position.parse(token) is None


def test_a_scheduled_article_is_on_no_page_even_from_a_position_after_its_time():
    ArticleFactory(scheduled=True)
    published_one = ArticleFactory(published=True)
    far_future = Position(timezone.now() + timedelta(days=365), 10**9)

    assert first_page(published).articles == [published_one]
    # A crafted position after the scheduled time still only reaches what is public now.
    assert page_before(published, far_future).articles == [published_one]


def test_pages_before_and_after_a_position_meet_without_gap_or_overlap():
    now = timezone.now()
    articles = [
        ArticleFactory(published=True, published_at=now - timedelta(hours=hours))
        for hours in range(1, 2 * PAGE_SIZE + 6)
    ]
    middle = Position.of(articles[PAGE_SIZE + 2])

    older = page_before(published, middle)
    newer = page_after(published, middle)

    assert [article.pk for article in older.articles] == [
        article.pk for article in articles[PAGE_SIZE + 3 : 2 * PAGE_SIZE + 3]
    ]
    assert [article.pk for article in newer.articles] == [
        article.pk for article in articles[2 : PAGE_SIZE + 2]
    ]
    assert older.newer == Position.of(articles[PAGE_SIZE + 3])
    assert newer.older == Position.of(articles[PAGE_SIZE + 1])


def test_newer_than_a_position_near_the_top_is_the_first_page():
    now = timezone.now()
    articles = [
        ArticleFactory(published=True, published_at=now - timedelta(hours=hours))
        for hours in range(1, PAGE_SIZE + 4)
    ]

    assert page_after(published, Position.of(articles[5])) is None
