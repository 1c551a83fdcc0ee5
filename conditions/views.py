from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from articles.models import Article
from conditions.models import Condition
from practitioners.models import Practitioner


class ConditionListView(ListView):
    model = Condition


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
