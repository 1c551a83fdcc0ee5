from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles import feeds
from articles.sitemaps import ArticleSitemap
from clinic_site import views
from clinic_site.sitemaps import PagesSitemap
from conditions.sitemaps import ConditionSitemap
from practitioners.sitemaps import PractitionerSitemap

admin.site.site_header = f"{settings.CLINIC['name']}: staff"
admin.site.site_title = "Clinic staff"
admin.site.index_title = "Articles, booking inquiries and the clinic's pages"

SITEMAPS = {
    "pages": PagesSitemap,
    "conditions": ConditionSitemap,
    "articles": ArticleSitemap,
    "practitioners": PractitionerSitemap,
}

feed_patterns = [
    path("articles/rss/", feeds.ArticlesFeed(), name="articles-rss"),
    path("articles/atom/", feeds.ArticlesAtomFeed(), name="articles-atom"),
    path("conditions/<slug:slug>/rss/", feeds.ConditionArticlesFeed(), name="condition-rss"),
    path("conditions/<slug:slug>/atom/", feeds.ConditionArticlesAtomFeed(), name="condition-atom"),
]

urlpatterns = [
    path("", views.home, name="home"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", views.favicon, name="favicon"),
    path("about/", views.about, name="about"),
    path("conditions/", include("conditions.urls")),
    path("articles/", include("articles.urls")),
    path("practitioners/", include("practitioners.urls")),
    path("", include("inquiries.urls")),
    path("search/", views.search, name="search"),
    path("feeds/", include((feed_patterns, "feeds"))),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    # For load balancers and monitors; not a page, so in no sitemap.
    path("healthz", views.healthz, name="healthz"),
    # Before the admin's own URLs, which would otherwise answer these addresses.
    path("admin/two-factor/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "clinic_site.views.bad_request"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
