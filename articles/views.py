import functools

from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.views.generic import DetailView, ListView

from articles import article_page
from articles.models import Article
from clinic_site import structured_data
from conditions.models import Condition


def can_preview_articles(user) -> bool:
    """Staff who may edit articles also see drafts and scheduled articles at their URLs."""
    return user.is_authenticated and user.is_staff and user.has_perm("articles.change_article")


class ArticleListView(ListView):
    paginate_by = 10

    def get_queryset(self):
        articles = Article.objects.published()
        self.condition = None
        if slug := self.request.GET.get("condition"):
            # Anything but a slug names no condition: a 404 without asking the database,
            # which (PostgreSQL) refuses text holding a NUL byte with an error, not a miss.
            if not slug_re.fullmatch(slug):
                raise Http404("No condition has that name.")
            self.condition = get_object_or_404(Condition, slug=slug)
            articles = articles.filter(conditions=self.condition)
        # A card shows the title, summary and date (and links by slug): the other columns stay
        # in the database, and fewer columns make each of the page's rows quicker to build.
        return articles.only("title", "slug", "summary", "published_at")

    def get_context_data(self, **kwargs):
        if self.condition:
            heading = f"Articles about {self.condition.name.lower()}"
        else:
            heading = "Articles"
        return super().get_context_data(
            condition=self.condition,
            condition_options=self.condition_options(),
            heading=heading,
            **kwargs,
        )

    def condition_options(self) -> SafeString:
        """The filter's <option>s, one per condition: hundreds on a grown site."""
        selected = self.condition.slug if self.condition else None
        conditions = tuple(Condition.objects.values_list("slug", "name"))
        return condition_options_html(conditions, selected)


@functools.lru_cache(maxsize=256)
def condition_options_html(conditions: tuple[tuple[str, str], ...], selected: str | None):
    """The <option>s for these (slug, name) pairs, `selected` marked; kept per process.

    Escaping two hundred names costs more than the rest of the list page, and the answer
    depends only on the arguments: the conditions are still read on every request, so a
    renamed, added or removed condition is a new key, never a stale list. format_html_join
    escapes every slug and name (one call: a template loop costs several times more).
    """
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
