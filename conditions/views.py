from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from articles.models import Article
from clinic_site import structured_data
from conditions.models import Condition
from practitioners.models import Practitioner


class ConditionListView(ListView):
    # Not the search vector (clinic_site/search_index.py): the page never shows it.
    queryset = Condition.objects.defer("search_vector")


class ConditionDetailView(DetailView):
    def get_queryset(self):
        return Condition.objects.prefetch_related(
            Prefetch(
                "articles", queryset=Article.objects.published(), to_attr="published_articles"
            ),
            Prefetch(
                "practitioners",
                queryset=Practitioner.objects.active(),
                to_attr="active_practitioners",
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = [
            structured_data.condition_page(self.object, self.object.published_articles)
        ]
        return context
