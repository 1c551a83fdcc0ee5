from django.shortcuts import render
from django.views.decorators.http import require_safe

from articles.models import Article
from conditions.models import Condition
from practitioners.models import Practitioner

HOME_ARTICLE_COUNT = 3


@require_safe
def home(request):
    return render(
        request,
        "home.html",
        {
            "recent_articles": Article.objects.published()[:HOME_ARTICLE_COUNT],
            "conditions": Condition.objects.all(),
            "practitioners": Practitioner.objects.active(),
        },
    )


@require_safe
def about(request):
    return render(request, "about.html")
