import re
from http import HTTPStatus

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape
from django.views.defaults import server_error

from articles.models import Article
from clinic_site.views import HOME_CONDITION_COUNT, HOME_PRACTITIONER_COUNT
from conditions.models import Condition
from practitioners.models import Practitioner
from tests.factories import ArticleFactory, ConditionFactory, PractitionerFactory
from tests.pages import public_urls

pytestmark = pytest.mark.django_db

# Anonymous visitors: recent articles, conditions, active practitioners.
HOME_QUERIES = 3


def hidden_articles():
    return Article.objects.exclude(pk__in=Article.objects.published())


# The pages without content.


def test_home_page_renders_without_any_content(client):
    response = client.get(reverse("home"))

    assert response.status_code == HTTPStatus.OK
    assert "No articles have been published yet." in response.content.decode()


def test_about_page_shows_how_to_contact_and_book(client, settings):
    response = client.get(reverse("about"))

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "<h1>About and contact</h1>" in content
    assert settings.CLINIC["phone"] in content
    assert f'href="mailto:{settings.CLINIC["email"]}"' in content
    assert 'id="booking"' in content


def test_unknown_address_shows_the_friendly_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    content = response.content.decode()
    assert "<h1>Sorry, we cannot find that page</h1>" in content
    assert '<meta name="robots" content="noindex">' in content
    assert f'href="{reverse("articles:list")}"' in content


def test_server_error_page_renders_without_a_database_or_context():
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert b"Sorry, something went wrong on our side" in response.content


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_home_page_accepts_only_safe_methods(client, method):
    response = getattr(client, method)(reverse("home"))

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_admin_index_lists_articles_conditions_and_practitioners(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert reverse("admin:articles_article_changelist") in content
    assert reverse("admin:conditions_condition_changelist") in content
    assert reverse("admin:practitioners_practitioner_changelist") in content


def test_admin_index_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("admin:index"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("admin:login"))


# The home page.


def test_home_page_shows_only_published_articles(
    client, published_article, draft_article, scheduled_article
):
    content = client.get(reverse("home")).content.decode()

    assert published_article.title in content
    assert draft_article.title not in content
    assert draft_article.get_absolute_url() not in content
    assert scheduled_article.title not in content
    assert scheduled_article.get_absolute_url() not in content


def test_home_page_shows_the_three_newest_articles(client):
    articles = [ArticleFactory(published=True) for _ in range(4)]
    oldest = min(articles, key=lambda article: article.published_at)

    response = client.get(reverse("home"))

    assert len(response.context["recent_articles"]) == 3
    assert oldest.title not in response.content.decode()


def test_home_page_shows_conditions_and_only_active_practitioners(client):
    condition = ConditionFactory(name="Neuralgia")
    active = PractitionerFactory(name="Helen Marsh")
    retired = PractitionerFactory(name="Margaret Ellis", inactive=True)

    content = client.get(reverse("home")).content.decode()

    assert condition.get_absolute_url() in content
    assert active.get_absolute_url() in content
    assert retired.name not in content
    assert retired.get_absolute_url() not in content


@pytest.mark.parametrize("count", [1, 8])
def test_home_page_query_count_does_not_grow_with_content(
    client, django_assert_num_queries, count
):
    conditions = ConditionFactory.create_batch(count)
    practitioners = PractitionerFactory.create_batch(count, conditions_treated=conditions)
    ArticleFactory.create_batch(
        count,
        published=True,
        conditions=conditions,
        author=practitioners[0],
        reviewer=practitioners[-1],
    )

    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("home"))

    assert response.status_code == HTTPStatus.OK
    assert len(response.context["practitioners"]) == min(count, HOME_PRACTITIONER_COUNT)
    assert len(response.context["conditions"]) == min(count, HOME_CONDITION_COUNT)
    assert len(response.context["recent_articles"]) == min(count, 3)


def test_home_page_shows_the_first_conditions_and_practitioners_and_links_to_all(client):
    conditions = [
        ConditionFactory(name=f"Condition {n:02d}") for n in range(HOME_CONDITION_COUNT + 1)
    ]
    practitioners = [
        PractitionerFactory(name=f"Practitioner {n:02d}")
        for n in range(HOME_PRACTITIONER_COUNT + 1)
    ]

    content = client.get(reverse("home")).content.decode()

    assert [condition.get_absolute_url() in content for condition in conditions] == [
        True
    ] * HOME_CONDITION_COUNT + [False]
    assert [practitioner.get_absolute_url() in content for practitioner in practitioners] == [
        True
    ] * HOME_PRACTITIONER_COUNT + [False]
    assert f'<a href="{reverse("conditions:list")}">All the conditions we see</a>' in content
    assert f'<a href="{reverse("practitioners:list")}">All our practitioners</a>' in content


def test_home_page_with_few_conditions_and_practitioners_shows_them_all_without_more_links(
    client,
):
    ConditionFactory.create_batch(HOME_CONDITION_COUNT)
    PractitionerFactory.create_batch(HOME_PRACTITIONER_COUNT)

    content = client.get(reverse("home")).content.decode()

    assert "All the conditions we see" not in content
    assert "All our practitioners" not in content


# Every page with the demo content.


def test_every_public_page_renders_with_the_demo_content(client, demo):
    urls = public_urls()

    statuses = {url: client.get(url).status_code for url in urls}

    assert len(urls) > 10
    assert {url: status for url, status in statuses.items() if status != HTTPStatus.OK} == {}


def test_no_public_page_shows_hidden_demo_content(client, demo):
    hidden = [
        *((article.title, article.get_absolute_url()) for article in hidden_articles()),
        *(
            (practitioner.name, practitioner.get_absolute_url())
            for practitioner in Practitioner.objects.filter(is_active=False)
        ),
    ]
    assert hidden, "the demo has drafts, scheduled articles and a former practitioner"

    leaks = {
        (url, text)
        for url in public_urls()
        for content in [client.get(url).content.decode()]
        for title, address in hidden
        for text in (escape(title), address)
        if text in content
    }

    assert leaks == set()


def test_hidden_demo_content_is_404_for_visitors(client, demo):
    hidden_urls = [
        *(article.get_absolute_url() for article in hidden_articles()),
        *(
            practitioner.get_absolute_url()
            for practitioner in Practitioner.objects.filter(is_active=False)
        ),
    ]

    statuses = {url: client.get(url).status_code for url in hidden_urls}

    assert statuses
    assert set(statuses.values()) == {HTTPStatus.NOT_FOUND}


def test_hidden_demo_articles_are_previewed_by_staff(admin_client, demo):
    for article in hidden_articles():
        response = admin_client.get(article.get_absolute_url())

        assert response.status_code == HTTPStatus.OK, article.slug
        assert "not public" in response.content.decode(), article.slug


def test_demo_article_pages_show_disclaimer_review_references_and_conditions(client, demo):
    articles = Article.objects.published().prefetch_related("references", "conditions")
    assert articles

    for article in articles:
        content = client.get(article.get_absolute_url()).content.decode()

        assert escape(article.disclaimer) in content, article.slug
        if article.reviewer:
            assert "Medically reviewed by" in content, article.slug
            assert escape(article.reviewer.name_with_credentials) in content, article.slug
        references = re.search(r'<section class="references".*?<ol>(.*?)</ol>', content, re.S)
        assert references, article.slug
        items = references[1].count("<li>")
        assert items == len(article.references.all()) > 0, article.slug
        for reference in article.references.all():
            assert escape(reference.citation) in references[1], article.slug
            if reference.doi:
                assert f'href="https://doi.org/{reference.doi}"' in references[1]
            if reference.pmid:
                assert f'href="https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/"' in content
            if reference.url:
                assert f'href="{reference.url}"' in references[1]
        for condition in article.conditions.all():
            assert f'<a href="{condition.get_absolute_url()}">{escape(condition.name)}</a>' in (
                content
            ), article.slug


def test_demo_article_list_filtered_by_condition_shows_its_articles(client, demo):
    for condition in Condition.objects.all():
        response = client.get(reverse("articles:list"), {"condition": condition.slug})

        expected = set(Article.objects.published().filter(conditions=condition))
        assert set(response.context["article_list"]) == expected, condition.slug


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:articles_article_changelist",
        "admin:articles_article_add",
        "admin:conditions_condition_changelist",
        "admin:conditions_condition_add",
        "admin:practitioners_practitioner_changelist",
        "admin:practitioners_practitioner_add",
    ],
)
def test_admin_pages_render_with_the_demo_content(admin_client, demo, url_name):
    response = admin_client.get(reverse(url_name))

    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("url_name", "model"),
    [
        ("admin:articles_article_change", Article),
        ("admin:conditions_condition_change", Condition),
        ("admin:practitioners_practitioner_change", Practitioner),
    ],
)
def test_admin_change_forms_render_for_every_demo_object(admin_client, demo, url_name, model):
    for pk in model.objects.values_list("pk", flat=True):
        response = admin_client.get(reverse(url_name, args=[pk]))

        assert response.status_code == HTTPStatus.OK, pk


def test_demo_article_changelist_shows_which_articles_are_ready(admin_client, demo):
    content = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()

    assert "✓ Ready" in content
    # The demo draft has no disclaimer, no medical review and a reference without a link.
    assert "✗ 3 to fix" in content
