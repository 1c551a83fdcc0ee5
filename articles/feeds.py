"""
RSS 2.0 and Atom feeds of the published articles: all of them, and per condition.

Only `Article.objects.published()`: no drafts, and a scheduled article only once its time has
come. Every link is absolute on SITE_URL (Django's feeds would otherwise take the host from the
request). Each entry carries the article's summary in full, its publication and update times,
its author and its conditions as categories.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.models import Article
from clinic_site.absolute_urls import absolute_url
from conditions.models import Condition

FEED_LENGTH = 20


class ArticlesFeed(Feed):
    """The newest published articles."""

    feed_type = Rss201rev2Feed
    url_name = "feeds:articles-rss"

    def title(self) -> str:
        return f"{settings.CLINIC['name']}: articles"

    def description(self) -> str:
        return (
            "Articles on nerve pain, neuralgia and long-term pain, each reviewed by a "
            "practitioner and referenced to published research."
        )

    def subtitle(self) -> str:  # Atom's name for the description.
        return self.description()

    def link(self) -> str:
        return absolute_url(reverse("articles:list"))

    def feed_url(self) -> str:
        return absolute_url(reverse(self.url_name))

    def items(self):
        return (
            Article.objects.published()
            .select_related("author")
            .prefetch_related("conditions")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, article: Article) -> str:
        # Plain text, escaped once by the XML writer (Django's default escapes it twice).
        return article.title

    def item_description(self, article: Article) -> str:
        # Readers show RSS descriptions (and Atom summaries, type="html") as HTML: the summary
        # is plain text, so it is HTML-escaped here and then XML-escaped by the writer.
        return escape(article.summary)

    def item_link(self, article: Article) -> str:
        return absolute_url(article.get_absolute_url())

    def item_pubdate(self, article: Article):
        return article.published_at

    def item_updateddate(self, article: Article):
        return article.updated_at

    def item_author_name(self, article: Article) -> str | None:
        return article.author.name if article.author else None

    def item_author_link(self, article: Article) -> str | None:
        # A former practitioner's profile is no longer public.
        if article.author and article.author.is_active:
            return absolute_url(article.author.get_absolute_url())
        return None

    def item_categories(self, article: Article) -> list[str]:
        return [condition.name for condition in article.conditions.all()]


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = Atom1Feed
    url_name = "feeds:articles-atom"


class ConditionArticlesFeed(ArticlesFeed):
    """The newest published articles about one condition."""

    url_name = "feeds:condition-rss"

    def get_object(self, request, slug: str) -> Condition:
        return get_object_or_404(Condition, slug=slug)

    def title(self, condition: Condition) -> str:
        return f"{settings.CLINIC['name']}: articles about {condition.name.lower()}"

    def description(self, condition: Condition) -> str:
        return f"Our articles about {condition.name.lower()}, newest first."

    def subtitle(self, condition: Condition) -> str:
        return self.description(condition)

    def link(self, condition: Condition) -> str:
        return absolute_url(condition.get_absolute_url())

    def feed_url(self, condition: Condition) -> str:
        return absolute_url(reverse(self.url_name, kwargs={"slug": condition.slug}))

    def items(self, condition: Condition):
        return (
            Article.objects.published()
            .filter(conditions=condition)
            .select_related("author")
            .prefetch_related("conditions")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )


class ConditionArticlesAtomFeed(ConditionArticlesFeed):
    feed_type = Atom1Feed
    url_name = "feeds:condition-atom"
