from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleEvent
from articles.services import (
    PublishingBlocked,
    ReviewNotValid,
    add_months,
    article_publish,
    article_record_review,
    article_sign_off_claims,
    article_submit_for_review,
    article_unpublish,
)
from tests.factories import ArticleFactory, PractitionerFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def assert_still_a_draft(article):
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()


def codes(problems):
    return [problem.code for problem in problems]


def latest_comment(article) -> str:
    return Version.objects.get_for_object(article).first().revision.comment


# Publishing.


def test_publishing_refuses_article_without_references():
    article = ArticleFactory()

    with pytest.raises(PublishingBlocked) as raised:
        article_publish(article=article)

    assert codes(raised.value.problems) == ["references_missing"]
    assert raised.value.article == article
    assert_still_a_draft(article)


def test_publishing_refuses_article_with_reference_lacking_any_link():
    article = ArticleFactory()
    ReferenceFactory(article=article)
    ReferenceFactory(article=article, without_link=True)

    with pytest.raises(PublishingBlocked) as raised:
        article_publish(article=article)

    assert codes(raised.value.problems) == ["reference_without_link"]
    assert "Reference 2" in str(raised.value)
    assert_still_a_draft(article)


def test_publishing_refuses_article_with_blank_disclaimer():
    article = ArticleFactory(disclaimer="", with_reference=True)

    with pytest.raises(PublishingBlocked) as raised:
        article_publish(article=article)

    assert codes(raised.value.problems) == ["disclaimer_missing"]
    assert_still_a_draft(article)


def test_publishing_lists_every_problem_at_once():
    article = ArticleFactory(disclaimer="")

    with pytest.raises(PublishingBlocked) as raised:
        article_publish(article=article)

    assert codes(raised.value.problems) == ["disclaimer_missing", "references_missing"]


def test_refused_publishing_changes_nothing_and_records_nothing(publisher):
    article = ArticleFactory(review_overdue=True, with_reference=True)
    versions = Version.objects.get_for_object(article).count()

    with pytest.raises(PublishingBlocked):
        article_publish(article=article, user=publisher)

    assert_still_a_draft(article)
    assert article.published_by is None
    assert article.published_at is None
    assert not ArticleEvent.objects.exists()
    assert Version.objects.get_for_object(article).count() == versions


def test_publishing_refuses_claims_until_a_publisher_signs_them_off(publisher):
    article = ArticleFactory(with_claim=True, with_reference=True)

    with pytest.raises(PublishingBlocked) as raised:
        article_publish(article=article, user=publisher)

    assert codes(raised.value.problems) == ["claim_language"]
    assert_still_a_draft(article)

    article_sign_off_claims(article=article, user=publisher)
    article_publish(article=article, user=publisher)

    article.refresh_from_db()
    assert article.is_published


def test_publishing_makes_a_passing_article_public_now(draft_article):
    before = timezone.now()

    article_publish(article=draft_article)

    draft_article.refresh_from_db()
    assert draft_article.status == Article.Status.PUBLISHED
    assert before <= draft_article.published_at <= timezone.now()
    assert list(Article.objects.published()) == [draft_article]


def test_publishing_records_who_published_when_and_what_the_checks_said(draft_article, publisher):
    article_publish(article=draft_article, user=publisher)

    draft_article.refresh_from_db()
    assert draft_article.published_by == publisher
    event = ArticleEvent.objects.get()
    assert (event.article, event.kind, event.user) == (
        draft_article,
        ArticleEvent.Kind.PUBLISHED,
        publisher,
    )
    assert event.check_results == []
    assert event.details == {"published_at": draft_article.published_at.isoformat()}
    assert latest_comment(draft_article) == "Published"


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
    assert ArticleEvent.objects.get().kind == ArticleEvent.Kind.SCHEDULED


def test_unpublishing_makes_the_article_a_draft_again(published_article):
    article_unpublish(article=published_article)

    assert_still_a_draft(published_article)


def test_unpublishing_records_who_did_it(published_article, publisher):
    article_unpublish(article=published_article, user=publisher)

    event = ArticleEvent.objects.get()
    assert (event.kind, event.user) == (ArticleEvent.Kind.UNPUBLISHED, publisher)
    assert latest_comment(published_article) == "Unpublished"


# Submitting for review.


def test_submitting_for_review_records_who_and_when_and_the_checks(editor):
    article = ArticleFactory(with_claim=True, with_reference=True)
    before = timezone.now()

    article_submit_for_review(article=article, user=editor)

    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert article.submitted_for_review_by == editor
    assert before <= article.submitted_for_review_at <= timezone.now()
    event = ArticleEvent.objects.get()
    assert (event.kind, event.user) == (ArticleEvent.Kind.SUBMITTED, editor)
    # The claim still needs a publisher's sign-off, and the audit trail says so.
    assert [(result["code"], result["severity"]) for result in event.check_results] == [
        ("claim_language", "needs_sign_off")
    ]


def test_submitting_for_review_refuses_an_article_with_a_blocking_problem(editor):
    article = ArticleFactory(disclaimer="", with_reference=True)

    with pytest.raises(PublishingBlocked) as raised:
        article_submit_for_review(article=article, user=editor)

    assert codes(raised.value.problems) == ["disclaimer_missing"]
    assert_still_a_draft(article)
    assert article.submitted_for_review_by is None
    assert not ArticleEvent.objects.exists()


def test_an_unreviewed_draft_can_be_submitted_for_review(editor):
    """The medical review happens while the article is in review, so it is not needed yet."""
    article = ArticleFactory(unreviewed=True, with_reference=True)

    article_submit_for_review(article=article, user=editor)

    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert ArticleEvent.objects.get().kind == ArticleEvent.Kind.SUBMITTED


# Signing off claims.


def test_signing_off_claims_records_who_when_and_which_sentences(publisher):
    article = ArticleFactory(with_claim=True, summary="Proven help for nerve pain.")
    before = timezone.now()

    sentences = article_sign_off_claims(article=article, user=publisher)

    assert sentences == [
        "Proven help for nerve pain.",
        "Acupuncture cures nerve pain for good.",
    ]
    article.refresh_from_db()
    assert article.claims_signed_off_by == publisher
    assert before <= article.claims_signed_off_at <= timezone.now()
    assert article.claims_signed_off_sentences == sentences
    assert article.claims_sign_off_is_current
    event = ArticleEvent.objects.get()
    assert (event.kind, event.user) == (ArticleEvent.Kind.CLAIMS_SIGNED_OFF, publisher)
    assert event.details == {"sentences": sentences}
    assert latest_comment(article) == "Claims signed off"


# Recording a medical review.


def test_recording_a_review_sets_reviewer_dates_and_next_review_a_year_later(publisher):
    article = ArticleFactory(unreviewed=True)
    reviewer = PractitionerFactory(name="Anjali Rao")
    reviewed_on = timezone.localdate() - timedelta(days=2)

    article_record_review(
        article=article, user=publisher, reviewer=reviewer, reviewed_on=reviewed_on
    )

    article.refresh_from_db()
    assert article.reviewer == reviewer
    assert article.last_reviewed_on == reviewed_on
    assert article.next_review_due_on == reviewed_on.replace(year=reviewed_on.year + 1)
    event = ArticleEvent.objects.get()
    assert (event.kind, event.user) == (ArticleEvent.Kind.REVIEWED, publisher)
    assert event.details == {
        "reviewer": "Anjali Rao",
        "reviewed_on": reviewed_on.isoformat(),
        "next_review_due_on": article.next_review_due_on.isoformat(),
    }
    assert latest_comment(article) == "Medical review by Anjali Rao recorded"


def test_the_review_interval_comes_from_the_settings(settings, publisher):
    settings.ARTICLE_REVIEW_INTERVAL_MONTHS = 6
    article = ArticleFactory(unreviewed=True)

    article_record_review(
        article=article,
        user=publisher,
        reviewer=PractitionerFactory(),
        reviewed_on=date(2025, 8, 31),
    )

    article.refresh_from_db()
    assert article.next_review_due_on == date(2026, 2, 28)


def test_a_review_may_set_its_own_next_review_date(publisher):
    article = ArticleFactory(unreviewed=True)
    reviewed_on = timezone.localdate() - timedelta(days=1)
    due_on = timezone.localdate() + timedelta(days=90)

    article_record_review(
        article=article,
        user=publisher,
        reviewer=PractitionerFactory(),
        reviewed_on=reviewed_on,
        next_review_due_on=due_on,
    )

    article.refresh_from_db()
    assert article.next_review_due_on == due_on


def test_recording_a_review_clears_an_overdue_review(publisher):
    article = ArticleFactory(review_overdue=True, with_reference=True)

    article_record_review(
        article=article,
        user=publisher,
        reviewer=article.reviewer,
        reviewed_on=timezone.localdate(),
    )

    article.refresh_from_db()
    assert not article.review_is_overdue
    article_publish(article=article, user=publisher)
    assert article.is_published


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reviewed_on": timezone.localdate() + timedelta(days=1)}, "in the future"),
        ({"reviewer": "inactive"}, "is not an active practitioner"),
        (
            {"next_review_due_on": timezone.localdate() - timedelta(days=30)},
            "due after the review date",
        ),
    ],
    ids=["future-date", "inactive-reviewer", "next-review-before-review"],
)
def test_an_impossible_review_is_refused_and_changes_nothing(publisher, changes, message):
    article = ArticleFactory()
    before = (article.reviewer, article.last_reviewed_on, article.next_review_due_on)
    arguments = {
        "reviewer": PractitionerFactory(),
        "reviewed_on": timezone.localdate() - timedelta(days=1),
        **changes,
    }
    if arguments["reviewer"] == "inactive":
        arguments["reviewer"] = PractitionerFactory(inactive=True)

    with pytest.raises(ReviewNotValid, match=message):
        article_record_review(article=article, user=publisher, **arguments)

    article.refresh_from_db()
    assert (article.reviewer, article.last_reviewed_on, article.next_review_due_on) == before
    assert not ArticleEvent.objects.exists()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
        (date(2026, 5, 31), 24, date(2028, 5, 31)),
    ],
)
def test_add_months_keeps_the_day_or_uses_the_last_day_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected
