from django.conf import settings
from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from articles.models import Article
from clinic_site import structured_data
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

    def get_context_data(self, **kwargs):
        practitioner = self.object
        description = (
            f"{practitioner.name}, {practitioner.title.lower()} at {settings.CLINIC['name']}"
        )
        if practitioner.credentials:
            description += f" ({practitioner.credentials})"
        return super().get_context_data(
            page_title=f"{practitioner.name}, {practitioner.title}",
            page_description=f"{description}.",
            structured_data=[structured_data.practitioner_page(practitioner)],
            **kwargs,
        )
