"""Publishing and unpublishing, through the services, the admin's actions and its form."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from articles.services import PublishingBlocked, article_publish, article_unpublish
from audit.models import AuditEvent
from tests.articles.admin_forms import CHANGELIST_URL, change_form_data, change_url
from tests.audit.conftest import assert_recorded_just_now_in_utc, logged_in, single_event
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_publish_service_records_who_published_which_article(publisher, draft_article, since):
    article_publish(article=draft_article, user=publisher)

    event = single_event(AuditEvent.Action.ARTICLE_PUBLISHED)
    assert event.actor == publisher
    assert event.actor_username == "publisher"
    assert event.target == draft_article
    assert event.target_label == draft_article.title
    draft_article.refresh_from_db()
    assert event.details == {"published_at": draft_article.published_at.isoformat()}
    assert_recorded_just_now_in_utc(event, since)


def test_the_unpublish_service_records_who_took_the_article_down(
    publisher, published_article, since
):
    article_unpublish(article=published_article, user=publisher)

    event = single_event(AuditEvent.Action.ARTICLE_UNPUBLISHED)
    assert event.actor == publisher
    assert event.target == published_article
    assert_recorded_just_now_in_utc(event, since)


def test_scheduling_an_article_is_recorded_as_scheduled_not_published(publisher, draft_article):
    next_week = timezone.now() + timedelta(days=7)

    article_publish(article=draft_article, user=publisher, published_at=next_week)

    event = single_event(AuditEvent.Action.ARTICLE_SCHEDULED)
    assert event.details == {"published_at": next_week.isoformat()}
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ARTICLE_PUBLISHED).exists()


def test_a_refused_publish_records_nothing(publisher):
    article = ArticleFactory()  # no references: the rules refuse it

    with pytest.raises(PublishingBlocked):
        article_publish(article=article, user=publisher)

    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ARTICLE_PUBLISHED).exists()


def test_the_admin_publish_action_records_each_article_it_published(publisher, draft_article):
    blocked = ArticleFactory(title="Cupping myths")

    response = logged_in(publisher).post(
        CHANGELIST_URL,
        {"action": "publish_selected", "_selected_action": [draft_article.pk, blocked.pk]},
    )

    assert response.status_code == HTTPStatus.FOUND
    event = single_event(AuditEvent.Action.ARTICLE_PUBLISHED)
    assert event.actor == publisher
    assert event.target == draft_article


def test_the_admin_unpublish_action_records_the_unpublish(publisher, published_article):
    logged_in(publisher).post(
        CHANGELIST_URL,
        {"action": "unpublish_selected", "_selected_action": [published_article.pk]},
    )

    event = single_event(AuditEvent.Action.ARTICLE_UNPUBLISHED)
    assert event.actor == publisher
    assert event.target == published_article


def test_publishing_and_unpublishing_through_the_admin_form_are_recorded(publisher, draft_article):
    client = logged_in(publisher)

    client.post(
        change_url(draft_article),
        change_form_data(draft_article, status=Article.Status.PUBLISHED),
    )
    draft_article.refresh_from_db()
    client.post(
        change_url(draft_article), change_form_data(draft_article, status=Article.Status.DRAFT)
    )

    published = single_event(AuditEvent.Action.ARTICLE_PUBLISHED)
    unpublished = single_event(AuditEvent.Action.ARTICLE_UNPUBLISHED)
    assert published.actor == unpublished.actor == publisher
    assert published.target == unpublished.target == draft_article
    assert published.occurred_at <= unpublished.occurred_at


def test_the_publish_command_records_a_publish_by_nobody_in_particular(draft_article):
    call_command("publish_article", draft_article.slug, verbosity=0)

    event = single_event(AuditEvent.Action.ARTICLE_PUBLISHED)
    assert event.actor is None
    assert event.actor_username == ""
    assert event.target == draft_article
