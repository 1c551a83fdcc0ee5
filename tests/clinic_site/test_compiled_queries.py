from datetime import UTC, datetime, timedelta

import pytest
from django.db import (
    DEFAULT_DB_ALIAS,
    OperationalError,
    close_old_connections,
    connection,
    connections,
)
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from psycopg import pq

from articles.models import Article
from clinic_site.compiled_queries import CompiledQuery, run_together
from practitioners.models import Practitioner
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pipelines and prepared statements: PostgreSQL"
)

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


def practitioners_by_slug() -> CompiledQuery:
    return CompiledQuery(
        lambda slug, now: Practitioner.objects.filter(
            pk__in=Article.objects.published(at=now).filter(slug=slug).values("author")
        ),
        slug="\x00slug",
        now=PLACEHOLDER_TIME,
    )


def test_queries_run_together_answer_as_each_would_alone(django_assert_num_queries):
    article = ArticleFactory(published=True, slug="together")
    ArticleFactory(published=True, slug="other")
    values = {"slug": "together", "now": timezone.now()}

    with django_assert_num_queries(2):
        articles, authors = run_together(
            (published_by_slug(), values), (practitioners_by_slug(), values)
        )

    assert [found.pk for found in articles] == [article.pk]
    assert authors == [article.author]
    assert [found.pk for found in published_by_slug().run(**values)] == [article.pk]


@postgresql_only
def test_on_postgresql_they_travel_in_one_round_trip_as_prepared_statements():
    ArticleFactory(published=True, slug="together")
    values = {"slug": "together", "now": timezone.now()}
    pipeline_states = []

    def note_pipeline(execute, sql, params, many, context):
        pipeline_states.append(context["connection"].connection.pgconn.pipeline_status)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note_pipeline):
        run_together((published_by_slug(), values), (practitioners_by_slug(), values))

    assert pipeline_states == [pq.PipelineStatus.ON, pq.PipelineStatus.ON]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "articles_article"' in statement for statement in prepared)
    assert any('FROM "practitioners_practitioner"' in statement for statement in prepared)


def test_a_query_that_reads_more_than_its_models_columns_is_refused():
    query = CompiledQuery(
        lambda slug: Article.objects.filter(slug=slug).select_related("author"), slug="\x00slug"
    )

    with pytest.raises(ValueError, match="reads its own model's columns"):
        query.run(slug="first")


def end_connection_from_the_server(backend_pid: int) -> None:
    """What a PostgreSQL restart or an idle timeout does to a kept connection."""
    admin = connections.create_connection(DEFAULT_DB_ALIAS)  # the same settings, a new session
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
    finally:
        admin.close()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_between_requests_is_replaced_not_an_error():
    article = ArticleFactory(published=True, slug="kept")
    values = {"slug": "kept", "now": timezone.now()}
    dropped = connection.connection.info.backend_pid
    end_connection_from_the_server(dropped)
    close_old_connections()  # the start of the next request: its health check is due

    (articles,) = run_together((published_by_slug(), values))

    assert [found.pk for found in articles] == [article.pk]
    assert connection.connection.info.backend_pid != dropped


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_on_a_healthy_connection_there_is_no_select_1_round_trip(monkeypatch):
    ArticleFactory(published=True, slug="kept")
    values = {"slug": "kept", "now": timezone.now()}
    close_old_connections()  # a new request on the kept connection: its health check is due
    checks = []
    is_usable = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or is_usable())

    with CaptureQueriesContext(connection) as logged:
        run_together((published_by_slug(), values))

    assert checks == []  # Django's check asks the server "SELECT 1" through is_usable()
    assert len(logged) == 1
    assert connection.health_check_done  # and no other query of the request checks again


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_dropped_within_a_request_is_an_error_as_for_any_query():
    ArticleFactory(published=True, slug="kept")
    values = {"slug": "kept", "now": timezone.now()}
    run_together((published_by_slug(), values))  # the request's check is done
    end_connection_from_the_server(connection.connection.info.backend_pid)

    with pytest.raises(OperationalError):
        run_together((published_by_slug(), values))
    close_old_connections()  # the end of the request: Django drops the broken connection
    assert connection.connection is None
