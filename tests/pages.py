"""The public pages a visitor can reach, with the demo content loaded."""

from django.urls import reverse

from articles.models import Article
from conditions.models import Condition
from practitioners.models import Practitioner


def public_urls() -> list[str]:
    """Every page reachable from the site's navigation, the booking and privacy pages too."""
    conditions = list(Condition.objects.all())
    return [
        reverse("home"),
        reverse("about"),
        reverse("conditions:list"),
        *(condition.get_absolute_url() for condition in conditions),
        reverse("articles:list"),
        *(f"{reverse('articles:list')}?condition={condition.slug}" for condition in conditions),
        *(article.get_absolute_url() for article in Article.objects.published()),
        reverse("practitioners:list"),
        *(practitioner.get_absolute_url() for practitioner in Practitioner.objects.active()),
        reverse("inquiries:create"),
        reverse("inquiries:privacy"),
    ]
