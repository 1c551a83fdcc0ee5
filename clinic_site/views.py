import logging

from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.models import Article
from clinic_site import structured_data
from clinic_site.absolute_urls import absolute_url
from clinic_site.search import ARTICLES_PER_PAGE, LAST_PAGE, MAX_QUERY_LENGTH, site_search
from conditions.models import Condition
from practitioners.models import Practitioner

HOME_ARTICLE_COUNT = 3
# A clinic sees a handful of conditions and has a few practitioners: the home page shows them
# all up to these numbers, and past them the first ones and a link to the rest, so that the
# page stays small however many there are.
HOME_CONDITION_COUNT = 8
HOME_PRACTITIONER_COUNT = 6

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    # One more than is shown of each: if it comes back, there are more to link to.
    conditions = list(
        Condition.objects.defer("body", "body_html", "search_vector")[: HOME_CONDITION_COUNT + 1]
    )
    practitioners = list(Practitioner.objects.active()[: HOME_PRACTITIONER_COUNT + 1])
    return render(
        request,
        "home.html",
        {
            "recent_articles": Article.objects.published()[:HOME_ARTICLE_COUNT],
            "conditions": conditions[:HOME_CONDITION_COUNT],
            "more_conditions": len(conditions) > HOME_CONDITION_COUNT,
            "practitioners": practitioners[:HOME_PRACTITIONER_COUNT],
            "more_practitioners": len(practitioners) > HOME_PRACTITIONER_COUNT,
            "structured_data": [structured_data.clinic()],
        },
    )


@require_safe
def about(request):
    return render(request, "about.html", {"structured_data": [structured_data.clinic()]})


@require_safe
def search(request):
    """Search articles, conditions and practitioners; with nothing found, suggest conditions."""
    page = request.GET.get("page", "1")
    if not page.isascii() or not page.isdigit() or not 1 <= int(page) <= LAST_PAGE:
        raise Http404("No page of search results has that number.")
    results = site_search(request.GET.get("q", ""), page=int(page))
    if results.page > 1 and not results.articles:
        raise Http404("The search has no articles this far down.")
    if not results.query:
        title = "Search"
    elif results.page > 1:
        title = f"Search results for “{results.query}”, page {results.page}"
    else:
        title = f"Search results for “{results.query}”"
    return render(
        request,
        "search.html",
        {
            "results": results,
            "page_title": title,
            # The conditions to browse instead, for an empty search or one with no results.
            "suggestions": None if results.count else Condition.objects.only("name", "slug"),
            "max_query_length": MAX_QUERY_LENGTH,
            "first_article_number": (results.page - 1) * ARTICLES_PER_PAGE + 1,
            "last_article_number": (results.page - 1) * ARTICLES_PER_PAGE + len(results.articles),
        },
    )


@require_safe
def robots_txt(request):
    # Staff previews of drafts live under /articles/ with the published articles, so they
    # cannot be disallowed here; they answer 404 to everyone but staff, and a preview is
    # sent with "noindex" and never cached.
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('search')}",
        f"Disallow: {reverse('inquiries:thanks')}",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    return redirect(static("favicon.svg"), permanent=True)


@require_safe
@never_cache
def healthz(request):
    """For a load balancer or uptime monitor: 200 while the database answers, else 503.

    Plain text that names no software or version; no session, so no cookie.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("Health check: the database does not answer (%s)", type(error).__name__)
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def bad_request(request, exception=None):
    """Django's own 400 handler renders without the request, so without the clinic's details."""
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    """A form that could not be checked (expired or blocked cookie): ask to send it again."""
    return render(request, "403_csrf.html", status=403)
