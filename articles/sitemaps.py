from django.db.models.functions import Greatest

from articles.models import Article
from clinic_site.sitemaps import PublicSitemap


class ArticleSitemap(PublicSitemap):
    """Published articles; scheduled ones appear once their time has come."""

    def items(self):
        return (
            Article.objects.published()
            .annotate(changed_at=Greatest("updated_at", "published_at"))
            .only("slug", "updated_at", "published_at")
            .order_by("-published_at", "pk")
        )

    def lastmod(self, article: Article):
        # A scheduled article changes for readers when it appears, after its last edit.
        return article.changed_at
