from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from articles.models import Article
from practitioners.models import Practitioner


class PractitionerListView(ListView):
    def get_queryset(self):
        return Practitioner.objects.active().prefetch_related("conditions_treated")


class PractitionerDetailView(DetailView):
    def get_queryset(self):
        return Practitioner.objects.active().prefetch_related(
            "conditions_treated",
            Prefetch(
                "reviewed_articles",
                queryset=Article.objects.published(),
                to_attr="published_reviewed_articles",
            ),
            Prefetch(
                "authored_articles",
                queryset=Article.objects.published(),
                to_attr="published_authored_articles",
            ),
        )
