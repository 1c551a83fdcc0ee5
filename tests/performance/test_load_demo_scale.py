"""`load_demo --scale N`: the grown site for the benchmark, valid, with the same query counts."""

from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles import demo_scale
from articles.models import Article
from articles.publishing import publish_problems
from conditions.models import Condition
from practitioners.models import Practitioner
from tests.articles.test_views import DETAIL_QUERIES, LIST_QUERIES

pytestmark = pytest.mark.django_db

SCALE = 120
DEMO_ARTICLE = "acupuncture-and-nerve-pain-what-the-evidence-says"


def generated(model) -> int:
    return model.objects.filter(slug__startswith=demo_scale.PREFIX).count()


def load_demo(*arguments) -> str:
    output = StringIO()
    call_command("load_demo", *arguments, stdout=output)
    return output.getvalue()


def test_scale_generates_published_articles_with_their_conditions_and_practitioners():
    output = load_demo("--scale", str(SCALE))

    assert generated(Article) == SCALE
    assert Article.objects.published().filter(slug__startswith=demo_scale.PREFIX).count() == SCALE
    assert generated(Condition) == SCALE // demo_scale.ARTICLES_PER_CONDITION
    assert generated(Practitioner) == 1
    assert f"{SCALE} published articles" in output


def test_generated_articles_pass_the_publish_rules():
    load_demo("--scale", "3")

    for article in Article.objects.filter(slug__startswith=demo_scale.PREFIX):
        assert publish_problems(article, article.references.all()) == [], article.slug


def test_scale_replaces_what_it_generated_before():
    load_demo("--scale", str(SCALE))
    load_demo("--scale", "10")
    assert generated(Article) == 10

    load_demo("--scale", "0")
    assert generated(Article) == generated(Condition) == generated(Practitioner) == 0
    assert Article.objects.filter(slug=DEMO_ARTICLE).exists()


def test_negative_scale_is_refused():
    with pytest.raises(CommandError, match="--scale"):
        load_demo("--scale", "-5")


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        (reverse("articles:detail", kwargs={"slug": DEMO_ARTICLE}), DETAIL_QUERIES),
        (reverse("articles:list"), LIST_QUERIES),
        (reverse("articles:list") + "?before=1700000000000000-1", LIST_QUERIES),
        (reverse("search") + "?q=trigeminal", 3),
        (reverse("conditions:detail", kwargs={"slug": "neuropathy"}), 3),
        (reverse("practitioners:detail", kwargs={"slug": "helen-marsh"}), 4),
        (reverse("home"), 3),
    ],
)
def test_grown_site_keeps_every_page_s_query_count(
    client, django_assert_num_queries, url, queries
):
    load_demo("--scale", str(SCALE))

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == HTTPStatus.OK
