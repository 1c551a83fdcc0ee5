"""
Publish one article from the command line, only when it passes every publish check.

    python manage.py publish_article SLUG [--user USERNAME]
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.services import ArticleChangeRefused, PublishingBlocked, article_publish


class Command(BaseCommand):
    help = "Publish an article if it passes the publish checks; otherwise list every problem."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "--user", help="Username recorded as the publisher (needs the publish permission)."
        )

    def handle(self, *args, slug, user, **options):
        try:
            article = Article.objects.get(slug=slug)
        except Article.DoesNotExist:
            raise CommandError(f"No article with the slug “{slug}”.") from None
        publisher = None
        if user:
            publisher = get_user_model().objects.filter(username=user, is_active=True).first()
            if publisher is None:
                raise CommandError(f"No active user “{user}”.")
            if not publisher.has_perm("articles.publish_article"):
                raise CommandError(f"{user} does not have permission to publish articles.")
        try:
            article_publish(article=article, user=publisher)
        except PublishingBlocked as blocked:
            for problem in blocked.problems:
                self.stderr.write(f"✗ {problem.code}: {problem.message}")
            raise CommandError(
                f"“{article.title}” was not published: {len(blocked.problems)} problem(s)."
            ) from None
        except ArticleChangeRefused as refused:
            raise CommandError(f"“{article.title}” was not published: {refused.reason}") from None
        state = "Published" if article.is_published else "Scheduled"
        self.stdout.write(
            self.style.SUCCESS(
                f"{state} “{article.title}” at {article.published_at:%Y-%m-%d %H:%M}."
            )
        )
