"""Changes to an article's publication state. Admin actions and commands call these."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from articles.publishing import Problem, publish_problems


class PublishingBlocked(Exception):
    """The article fails the publish rules; `problems` says why."""

    def __init__(self, article: Article, problems: list[Problem]):
        self.article = article
        self.problems = problems
        super().__init__(f"{article}: " + " ".join(problem.message for problem in problems))


@transaction.atomic
def article_publish(*, article: Article, published_at: datetime | None = None) -> Article:
    """Publish the article now, or at `published_at`, if it passes every publish rule."""
    problems = publish_problems(article, article.references.all())
    if problems:
        raise PublishingBlocked(article, problems)
    article.status = Article.Status.PUBLISHED
    article.published_at = published_at or article.published_at or timezone.now()
    article.save(update_fields=["status", "published_at", "updated_at"])
    return article


@transaction.atomic
def article_unpublish(*, article: Article) -> Article:
    """Take the article off the public site; it becomes a draft again."""
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    return article
