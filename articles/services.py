"""
Changes to an article's place in the workflow: draft -> in review -> published, and back.

Every change of publication state, sign-off and review goes through these functions, which
check the publish rules and record an audit event. Admin views, actions and commands call them.
"""

import calendar
from datetime import date, datetime

import reversion
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleEvent
from articles.publishing import Problem, blocking_for, claim_findings, publish_problems
from audit.log import record
from audit.models import AuditEvent
from practitioners.models import Practitioner


class ArticleChangeRefused(Exception):
    """The article cannot make this move; `reason` says why, in words for staff."""

    def __init__(self, article: Article, reason: str):
        self.article = article
        self.reason = reason
        super().__init__(f"{article}: {reason}")


class PublishingBlocked(ArticleChangeRefused):
    """The article fails the publish rules; `problems` lists them."""

    def __init__(self, article: Article, problems: list[Problem]):
        self.problems = problems
        super().__init__(article, " ".join(problem.message for problem in problems))


def _require_status(article: Article, allowed: set[str], move: str) -> None:
    if article.status not in allowed:
        raise ArticleChangeRefused(
            article, f"it is {article.get_status_display().lower()}, so it cannot be {move}."
        )


class ReviewNotValid(ValueError):
    """A medical review cannot be recorded as given."""


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def default_next_review_due(reviewed_on: date) -> date:
    return add_months(reviewed_on, settings.ARTICLE_REVIEW_INTERVAL_MONTHS)


@transaction.atomic
def article_publish(
    *,
    article: Article,
    user: AbstractBaseUser | None = None,
    published_at: datetime | None = None,
) -> Article:
    """Publish the article now, or schedule it for `published_at`, if it passes every rule."""
    _require_status(article, {Article.Status.DRAFT, Article.Status.IN_REVIEW}, "published again")
    problems = publish_problems(article, article.references.all())
    if problems:
        raise PublishingBlocked(article, problems)
    article.status = Article.Status.PUBLISHED
    # An explicit time wins; else keep a scheduled time, or the first publication date of an
    # article published before; else now.
    article.published_at = published_at or article.published_at or timezone.now()
    article.published_by = user
    with reversion.create_revision():
        article.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        _revision_by(user, "Published" if article.is_published else "Scheduled")
    _record(
        article,
        ArticleEvent.Kind.PUBLISHED if article.is_published else ArticleEvent.Kind.SCHEDULED,
        user,
        details={"published_at": article.published_at.isoformat()},
    )
    return article


@transaction.atomic
def article_unpublish(*, article: Article, user: AbstractBaseUser | None = None) -> Article:
    """Take the article off the public site; it becomes a draft again."""
    _require_status(article, {Article.Status.PUBLISHED}, "unpublished")
    article.status = Article.Status.DRAFT
    with reversion.create_revision():
        article.save(update_fields=["status", "updated_at"])
        _revision_by(user, "Unpublished")
    _record(article, ArticleEvent.Kind.UNPUBLISHED, user)
    return article


@transaction.atomic
def article_submit_for_review(*, article: Article, user: AbstractBaseUser | None) -> Article:
    """Hand a draft to the publishers; it must have no blocking problem."""
    _require_status(article, {Article.Status.DRAFT}, "submitted for review")
    problems = blocking_for(
        Article.Status.IN_REVIEW, publish_problems(article, article.references.all())
    )
    if problems:
        raise PublishingBlocked(article, problems)
    article.status = Article.Status.IN_REVIEW
    article.submitted_for_review_at = timezone.now()
    article.submitted_for_review_by = user
    with reversion.create_revision():
        article.save(
            update_fields=[
                "status",
                "submitted_for_review_at",
                "submitted_for_review_by",
                "updated_at",
            ]
        )
        _revision_by(user, "Submitted for review")
    _record(article, ArticleEvent.Kind.SUBMITTED, user)
    return article


@transaction.atomic
def article_record_status_change(
    *, article: Article, user: AbstractBaseUser | None, previous_status: str
) -> None:
    """Stamp and record a change of status saved through the admin's article form.

    The form has already applied the publish rules (the article's validation and the
    references formset); this records who made the change and what the checks said.
    """
    if article.status == previous_status:
        return
    now = timezone.now()
    if article.status == Article.Status.PUBLISHED:
        article.published_by = user
        article.save(update_fields=["published_by"])
        kind = ArticleEvent.Kind.PUBLISHED if article.is_published else ArticleEvent.Kind.SCHEDULED
        _record(article, kind, user, details={"published_at": article.published_at.isoformat()})
    elif article.status == Article.Status.IN_REVIEW:
        article.submitted_for_review_at = now
        article.submitted_for_review_by = user
        article.save(update_fields=["submitted_for_review_at", "submitted_for_review_by"])
        _record(article, ArticleEvent.Kind.SUBMITTED, user)
    elif previous_status == Article.Status.PUBLISHED:
        _record(article, ArticleEvent.Kind.UNPUBLISHED, user)


@transaction.atomic
def article_sign_off_claims(*, article: Article, user: AbstractBaseUser) -> list[str]:
    """Record that a publisher accepts the claim sentences of the article's current text."""
    sentences = claim_findings(article)
    article.claims_signed_off_by = user
    article.claims_signed_off_at = timezone.now()
    article.claims_signed_off_sentences = sentences
    article.claims_signed_off_fingerprint = article.claim_text_fingerprint
    with reversion.create_revision():
        article.save(
            update_fields=[
                "claims_signed_off_by",
                "claims_signed_off_at",
                "claims_signed_off_sentences",
                "claims_signed_off_fingerprint",
                "updated_at",
            ]
        )
        _revision_by(user, "Claims signed off")
    _record(article, ArticleEvent.Kind.CLAIMS_SIGNED_OFF, user, details={"sentences": sentences})
    return sentences


@transaction.atomic
def article_record_review(
    *,
    article: Article,
    user: AbstractBaseUser | None,
    reviewer: Practitioner,
    reviewed_on: date,
    next_review_due_on: date | None = None,
) -> Article:
    """Record that `reviewer` checked the whole article on `reviewed_on`."""
    if not reviewer.is_active:
        raise ReviewNotValid(f"{reviewer.name} is not an active practitioner.")
    if reviewed_on > date.today():
        raise ReviewNotValid("The review date cannot be in the future.")
    next_review_due_on = next_review_due_on or default_next_review_due(reviewed_on)
    if next_review_due_on <= reviewed_on:
        raise ReviewNotValid("The next review must be due after the review date.")
    article.reviewer = reviewer
    article.last_reviewed_on = reviewed_on
    article.next_review_due_on = next_review_due_on
    with reversion.create_revision():
        article.save(
            update_fields=["reviewer", "last_reviewed_on", "next_review_due_on", "updated_at"]
        )
        _revision_by(user, f"Medical review by {reviewer.name} recorded")
    _record(
        article,
        ArticleEvent.Kind.REVIEWED,
        user,
        details={
            "reviewer": reviewer.name,
            "reviewed_on": reviewed_on.isoformat(),
            "next_review_due_on": next_review_due_on.isoformat(),
        },
    )
    return article


def _revision_by(user: AbstractBaseUser | None, comment: str) -> None:
    if user is not None and user.is_authenticated:
        reversion.set_user(user)
    reversion.set_comment(comment)


# The moves the staff audit log also keeps: an article going public or coming off the site.
STAFF_AUDIT_ACTIONS = {
    ArticleEvent.Kind.PUBLISHED: AuditEvent.Action.ARTICLE_PUBLISHED,
    ArticleEvent.Kind.SCHEDULED: AuditEvent.Action.ARTICLE_SCHEDULED,
    ArticleEvent.Kind.UNPUBLISHED: AuditEvent.Action.ARTICLE_UNPUBLISHED,
}


def _record(
    article: Article,
    kind: ArticleEvent.Kind,
    user: AbstractBaseUser | None,
    details: dict | None = None,
) -> ArticleEvent:
    problems = publish_problems(article, article.references.all())
    if kind in STAFF_AUDIT_ACTIONS:
        record(STAFF_AUDIT_ACTIONS[kind], actor=user, target=article, **(details or {}))
    return ArticleEvent.objects.create(
        article=article,
        kind=kind,
        user=user if user is not None and user.is_authenticated else None,
        check_results=[problem.as_dict() for problem in problems],
        details=details or {},
    )
