from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from articles.models import Article, Reference
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
            self.condition = get_object_or_404(Condition, slug=slug)
            articles = articles.filter(conditions=self.condition)
        return articles

    def get_context_data(self, **kwargs):
        if self.condition:
            heading = f"Articles about {self.condition.name.lower()}"
        else:
            heading = "Articles"
        return super().get_context_data(
            condition=self.condition,
            conditions=Condition.objects.all(),
            heading=heading,
            **kwargs,
        )


class ArticleDetailView(DetailView):
    def get_queryset(self):
        if can_preview_articles(self.request.user):
            articles = Article.objects.all()
        else:
            articles = Article.objects.published()
        return articles.select_related("author", "reviewer").prefetch_related(
            "conditions", Prefetch("references", queryset=Reference.objects.order_by("position"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Structured data only for what the public sees: a staff preview (noindex) has none.
        if self.object.is_published:
            context["structured_data"] = [structured_data.article_page(self.object)]
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_published:
            # A staff preview: never cached, never indexed.
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
