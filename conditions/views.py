from urllib.parse import urlencode

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from articles.models import Article
from clinic_site import structured_data
from clinic_site.route_paths import route_path
from conditions.models import Condition
from practitioners.models import Practitioner


class ConditionListView(ListView):
    # Not the search vector (clinic_site/search_index.py): the page never shows it.
    queryset = Condition.objects.defer("search_vector")


# The newest articles a condition page shows; "All articles about ..." leads to the rest (the
# article list, filtered), so the page stays the same size however many there are.
CONDITION_ARTICLE_COUNT = 6


class ConditionDetailView(DetailView):
    def get_queryset(self):
        # One more article than is shown: there is more to see if it comes back. A sliced
        # prefetch starts from the condition's own articles, however few; "the newest
        # published articles, then only this condition's" would make PostgreSQL walk every
        # article for a condition with two (36 ms on 10,000).
        newest = Article.objects.published().only("title", "slug", "summary", "published_at")
        return Condition.objects.prefetch_related(
            Prefetch(
                "articles",
                queryset=newest[: CONDITION_ARTICLE_COUNT + 1],
                to_attr="newest_articles",
            ),
            Prefetch(
                "practitioners",
                queryset=Practitioner.objects.active(),
                to_attr="active_practitioners",
            ),
        )

    def get_context_data(self, **kwargs):
        condition = self.object
        articles = condition.newest_articles[:CONDITION_ARTICLE_COUNT]
        all_articles_url = None
        if len(condition.newest_articles) > CONDITION_ARTICLE_COUNT:
            query = urlencode({"condition": condition.slug})
            all_articles_url = f"{route_path('articles:list')}?{query}"
        return super().get_context_data(
            articles=articles,
            all_articles_url=all_articles_url,
            structured_data=[structured_data.condition_page(condition, articles)],
            **kwargs,
        )
