"""
/sitemap.xml: every public page, with when it last changed.

The sections live with their apps (articles/sitemaps.py, conditions/sitemaps.py,
practitioners/sitemaps.py) and share `PublicSitemap`, which takes the protocol and domain from
SITE_URL rather than from the request. This module adds the pages that are not rows: the home
page, the list pages and the fixed-text pages. clinic_site/urls.py puts them together.
"""

from datetime import date, datetime, time

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from clinic_site.absolute_urls import site_domain, site_protocol
from conditions.models import Condition
from practitioners.models import Practitioner

# When the text of the About, booking and privacy pages (their templates) last changed. Move
# it on whenever one of them is edited, so search engines know to read them again.
FIXED_PAGES_UPDATED_ON = date(2026, 11, 21)

FIXED_PAGES = ["about", "inquiries:create", "inquiries:privacy"]
LIST_PAGES = ["conditions:list", "articles:list", "practitioners:list"]


class PublicSitemap(Sitemap):
    """A sitemap section whose addresses start with SITE_URL."""

    @property
    def protocol(self) -> str:
        return site_protocol()

    def get_domain(self, site=None) -> str:
        return site_domain()


class PagesSitemap(PublicSitemap):
    """The home page, the list pages and the fixed-text pages."""

    def items(self) -> list[str]:
        return ["home", *LIST_PAGES, *FIXED_PAGES]

    def location(self, url_name: str) -> str:
        return reverse(url_name)

    def lastmod(self, url_name: str) -> datetime:
        if not hasattr(self, "_latest"):
            self._latest = self._latest_changes()
        return self._latest.get(url_name) or _aware(FIXED_PAGES_UPDATED_ON)

    def _latest_changes(self) -> dict[str, datetime | None]:
        """When each list (and the home page, which shows all three) last changed."""
        articles = Article.objects.published().aggregate(
            latest=Max(Greatest("updated_at", "published_at"))
        )["latest"]
        conditions = Condition.objects.aggregate(latest=Max("updated_at"))["latest"]
        practitioners = Practitioner.objects.active().aggregate(latest=Max("updated_at"))["latest"]
        return {
            "home": max(filter(None, [articles, conditions, practitioners]), default=None),
            "articles:list": articles,
            "conditions:list": conditions,
            "practitioners:list": practitioners,
        }


def _aware(day: date) -> datetime:
    # One type for every lastmod in the section: Django compares them to find the newest.
    return timezone.make_aware(datetime.combine(day, time.min))
