from urllib.parse import urlencode

from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.views.generic import DetailView, ListView

from articles import article_page, paging
from articles.models import Article
from clinic_site import structured_data
from clinic_site.route_paths import route_path
from clinic_site.templatetags.dates import long_date
from conditions.models import Condition


def can_preview_articles(user) -> bool:
    """Staff who may edit articles also see drafts and scheduled articles at their URLs."""
    return user.is_authenticated and user.is_staff and user.has_perm("articles.change_article")


# The most conditions the list's drop-down filter offers. Past it (a long list is hard to use on
# a phone, and costs every page), the page links to the conditions, each of which links to its
# articles.
FILTER_CONDITION_LIMIT = 30


class ArticleListView(ListView):
    """Published articles, newest first, ten to a page (articles/paging.py), optionally only
    those about one condition (`?condition=<slug>`)."""

    context_object_name = "article_list"
    template_name = "articles/article_list.html"

    def get(self, request, *args, **kwargs):
        self.condition = self.chosen_condition()
        self.page = self.list_page()
        if self.page is None:
            # "Newer articles" from the second page: the newest, which is the list itself.
            return redirect(self.list_url())
        return super().get(request, *args, **kwargs)

    def chosen_condition(self) -> Condition | None:
        slug = self.request.GET.get("condition")
        if not slug:
            return None
        # Anything but a slug names no condition: a 404 without asking the database, which
        # (PostgreSQL) refuses text holding a NUL byte with an error, not a miss.
        if not slug_re.fullmatch(slug):
            raise Http404("No condition has that name.")
        return get_object_or_404(Condition, slug=slug)

    def list_page(self) -> paging.ListPage | None:
        before, after = self.request.GET.get("before"), self.request.GET.get("after")
        if before is None and after is None:
            return paging.first_page(self.published)
        position = paging.Position.parse(before if after is None else after)
        if position is None or (before is not None and after is not None):
            raise Http404("No page of articles has that address.")
        if before is not None:
            return paging.page_before(self.published, position)
        return paging.page_after(self.published, position)

    def published(self, at):
        articles = Article.objects.published(at=at)
        if self.condition:
            articles = articles.filter(conditions=self.condition)
        # A card shows the title, summary and date (and links by slug): the other columns stay
        # in the database, and fewer columns make each of the page's rows quicker to build.
        return articles.only("title", "slug", "summary", "published_at")

    def get_queryset(self):
        return self.page.articles

    def list_url(self, **position) -> str:
        query = {"condition": self.condition.slug} if self.condition else {}
        query.update(position)
        path = route_path("articles:list")
        return f"{path}?{urlencode(query)}" if query else path

    def get_context_data(self, **kwargs):
        if self.condition:
            heading = f"Articles about {self.condition.name.lower()}"
        else:
            heading = "Articles"
        page = self.page
        # Which stretch of the list a later page holds, in its title and heading.
        if page.is_first:
            title = heading
        elif page.articles:
            title = f"{heading} from {long_date(page.articles[0].published_at)} and earlier"
        else:
            title = f"{heading}: no older ones"
        return super().get_context_data(
            condition=self.condition,
            condition_options=self.condition_options(),
            heading=heading,
            page_title=title,
            newer_url=self.list_url(after=page.newer.token) if page.newer else None,
            older_url=self.list_url(before=page.older.token) if page.older else None,
            **kwargs,
        )

    def condition_options(self) -> SafeString | None:
        """The filter's <option>s, one per condition; None for a clinic with more conditions
        than a drop-down list serves well (FILTER_CONDITION_LIMIT), whose page links to the
        conditions instead. Either way the page reads a bounded number of them."""
        conditions = list(
            Condition.objects.values_list("slug", "name")[: FILTER_CONDITION_LIMIT + 1]
        )
        if len(conditions) > FILTER_CONDITION_LIMIT:
            return None
        selected = self.condition.slug if self.condition else None
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((slug, " selected" if slug == selected else "", name) for slug, name in conditions),
        )


class ArticleDetailView(DetailView):
    model = Article

    def get_object(self, queryset=None):
        slug = self.kwargs["slug"]
        self.page = article_page.published_article_page(slug)
        # A published article is the same page for everyone, so the visitor is looked up only
        # when there is none: reading request.user opens the session and marks the response
        # "Vary: Cookie", which would keep every article out of the page cache.
        if self.page is None and can_preview_articles(self.request.user):
            self.page = article_page.any_article_page(slug)
        if self.page is None:
            raise Http404("No article has that address.")
        return self.page.article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            conditions=self.page.conditions, references=self.page.references, **kwargs
        )
        # Structured data only for what the public sees: a staff preview (noindex) has none.
        if self.object.is_published:
            context["structured_data"] = [
                structured_data.article_page(
                    self.object, self.page.conditions, self.page.references
                )
            ]
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_published:
            # A staff preview: never cached, never indexed.
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
