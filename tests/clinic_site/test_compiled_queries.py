from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from clinic_site.compiled_queries import CompiledQuery
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PLACEHOLDER_TIME = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)


def published_by_slug() -> CompiledQuery:
    return CompiledQuery(
        lambda slug, now: Article.objects.published(at=now).filter(slug=slug).defer("body"),
        slug="\x00slug",
        now=PLACEHOLDER_TIME,
    )


def test_each_run_asks_with_its_own_values_not_the_first_ones():
    first = ArticleFactory(published=True, slug="first")
    second = ArticleFactory(published=True, slug="second")
    query = published_by_slug()
    now = timezone.now()

    assert [article.pk for article in query.run(slug="first", now=now)] == [first.pk]
    assert [article.pk for article in query.run(slug="second", now=now)] == [second.pk]
    assert list(query.run(slug="third", now=now)) == []


def test_the_time_is_a_value_too_so_a_scheduled_article_appears_at_its_time():
    article = ArticleFactory(scheduled=True, slug="soon")
    query = published_by_slug()

    assert list(query.run(slug="soon", now=timezone.now())) == []
    later = article.published_at + timedelta(seconds=1)
    assert [found.pk for found in query.run(slug="soon", now=later)] == [article.pk]


def test_rows_become_the_same_instances_the_orm_builds_with_left_out_columns_deferred():
    article = ArticleFactory(published=True, slug="same")

    (found,) = published_by_slug().run(slug="same", now=timezone.now())
    expected = Article.objects.get(pk=article.pk)

    assert isinstance(found, Article)
    assert found.get_deferred_fields() == {"body"}
    for field in ("title", "summary", "status", "published_at", "updated_at", "author_id"):
        assert getattr(found, field) == getattr(expected, field)
    # Columns are converted as the ORM converts them: aware datetimes on every database.
    assert timezone.is_aware(found.published_at)


def test_a_lookup_that_changes_its_value_on_the_way_is_refused_at_the_first_run():
    query = CompiledQuery(
        lambda words: Article.objects.filter(title__icontains=words), words="\x00words"
    )

    with pytest.raises(ValueError, match="'words' does not reach the SQL unchanged"):
        query.run(words="pain")


def test_every_value_must_be_given_and_no_other():
    query = published_by_slug()

    with pytest.raises(TypeError, match="Expected the values"):
        query.run(slug="first")
    with pytest.raises(TypeError, match="Expected the values"):
        query.run(slug="first", now=timezone.now(), status="draft")
