import json
import re
from collections import Counter
from html import unescape
from http import HTTPStatus

import pytest
from django.urls import reverse

from articles.models import Article
from practitioners.models import Practitioner
from tests.factories import ArticleFactory, ConditionFactory, PractitionerFactory
from tests.pages import public_urls

pytestmark = pytest.mark.django_db

SITE_URL = "https://www.riverside-acupuncture.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


def head_of(content: str) -> str:
    return content.split("</head>", 1)[0]


def meta(content: str, attribute: str, name: str) -> list[str]:
    pattern = rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">'
    return [unescape(value) for value in re.findall(pattern, head_of(content))]


def titles(content: str) -> list[str]:
    return [unescape(title) for title in re.findall(r"<title>(.*?)</title>", content, re.S)]


def canonical(content: str) -> list[str]:
    return [
        unescape(href)
        for href in re.findall(r'<link rel="canonical" href="([^"]*)">', head_of(content))
    ]


def breadcrumb_nav(content: str) -> str | None:
    found = re.search(
        r'<nav class="wrap breadcrumbs" aria-label="Breadcrumb">.*?</nav>', content, re.S
    )
    return found and found[0]


def breadcrumb_list(content: str) -> dict | None:
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S):
        data = json.loads(block)
        if data.get("@type") == "BreadcrumbList":
            return data
    return None


# Every page of the demo.


def test_every_demo_page_has_one_unique_title_and_a_description(client, demo):
    pages = {url: client.get(url).content.decode() for url in public_urls()}

    found = {url: titles(content) for url, content in pages.items()}
    assert {
        url: found_titles for url, found_titles in found.items() if len(found_titles) != 1
    } == {}
    counts = Counter(found_titles[0] for found_titles in found.values())
    assert {title: count for title, count in counts.items() if count > 1} == {}
    for url, content in pages.items():
        [description] = meta(content, "name", "description")
        assert len(description) >= 50, url


def test_every_demo_page_has_canonical_open_graph_and_twitter_tags(client, demo):
    for url in public_urls():
        content = client.get(url).content.decode()

        assert canonical(content) == [f"{SITE_URL}{url}"], url
        [title] = titles(content)
        assert meta(content, "property", "og:title") == [title.rsplit(" | ", 1)[0]], url
        assert meta(content, "property", "og:description") == meta(content, "name", "description")
        assert meta(content, "property", "og:url") == [f"{SITE_URL}{url}"], url
        assert meta(content, "property", "og:site_name") == ["Riverside Acupuncture Clinic"]
        assert meta(content, "property", "og:locale") == ["en_GB"]
        assert len(meta(content, "property", "og:type")) == 1
        assert meta(content, "name", "twitter:card") == ["summary"]
        assert meta(content, "name", "twitter:title") == meta(content, "property", "og:title")
        assert meta(content, "name", "twitter:description") == meta(content, "name", "description")
        assert '<html lang="en-GB">' in content


def test_demo_pages_have_the_open_graph_type_of_their_content(client, demo):
    article = Article.objects.published().first()
    practitioner = Practitioner.objects.active().first()

    def og_type(url):
        return meta(client.get(url).content.decode(), "property", "og:type")

    assert og_type(article.get_absolute_url()) == ["article"]
    assert og_type(practitioner.get_absolute_url()) == ["profile"]
    assert og_type(reverse("home")) == ["website"]


def test_every_demo_page_but_home_has_breadcrumbs_shown_and_as_structured_data(client, demo):
    for url in public_urls():
        content = client.get(url).content.decode()
        nav = breadcrumb_nav(content)
        data = breadcrumb_list(content)

        if url == reverse("home"):
            assert nav is None and data is None
            continue
        assert nav, url
        items = re.findall(r"<li>(.*?)</li>", nav, re.S)
        assert items[0] == f'<a href="{reverse("home")}">Home</a>', url
        assert items[-1].startswith('<span aria-current="page">'), url
        assert nav.count('aria-current="page"') == 1, url
        elements = data["itemListElement"]
        assert [element["position"] for element in elements] == list(range(1, len(items) + 1)), url
        assert elements[0]["item"] == f"{SITE_URL}/", url
        assert elements[-1]["item"] == f"{SITE_URL}{url}", url
        assert all(element["item"].startswith(f"{SITE_URL}/") for element in elements), url
        assert [element["name"] for element in elements[:-1]] == [
            unescape(re.sub(r"<[^>]+>", "", item)) for item in items[:-1]
        ], url


def test_article_breadcrumbs_go_through_the_article_list(client, published_article):
    content = client.get(published_article.get_absolute_url()).content.decode()

    names = [element["name"] for element in breadcrumb_list(content)["itemListElement"]]
    assert names == ["Home", "Articles", published_article.title]


# Titles, descriptions and canonical addresses.


def test_article_page_uses_its_own_meta_description_else_its_summary(client):
    with_description = ArticleFactory(published=True)
    without = ArticleFactory(published=True, meta_description="")

    first = client.get(with_description.get_absolute_url()).content.decode()
    second = client.get(without.get_absolute_url()).content.decode()

    assert meta(first, "name", "description") == [with_description.meta_description]
    assert meta(second, "name", "description") == [without.summary]


def test_condition_page_uses_its_own_meta_description_else_its_summary(client):
    with_description = ConditionFactory()
    without = ConditionFactory(meta_description="")

    first = client.get(with_description.get_absolute_url()).content.decode()
    second = client.get(without.get_absolute_url()).content.decode()

    assert meta(first, "name", "description") == [with_description.meta_description]
    assert meta(second, "name", "description") == [without.summary]


def test_page_without_a_description_of_its_own_gets_the_default(client):
    content = client.get(reverse("home")).content.decode()

    [description] = meta(content, "name", "description")
    assert description.startswith("Riverside Acupuncture Clinic: acupuncture for nerve pain")


def test_list_pages_after_the_first_say_which_page_in_title_and_canonical(client):
    ArticleFactory.create_batch(11, published=True)

    first = client.get(reverse("articles:list")).content.decode()
    older = re.search(r'href="([^"]+)" rel="next"', first)[1].replace("&amp;", "&")
    second = client.get(f"{older}&utm_source=x").content.decode()

    assert titles(first) == ["Articles | Riverside Acupuncture Clinic"]
    assert titles(second)[0].startswith("Articles from ")
    assert canonical(first) == [f"{SITE_URL}/articles/"]
    assert canonical(second) == [f"{SITE_URL}{older}"]


def test_canonical_keeps_the_condition_filter_and_drops_other_parameters(client):
    condition = ConditionFactory(slug="neuralgia")

    filtered = client.get(
        reverse("articles:list"), {"condition": "neuralgia", "utm_source": "x", "page": "2"}
    ).content.decode()
    condition_page = client.get(
        condition.get_absolute_url(), {"condition": "neuralgia", "utm_source": "x"}
    ).content.decode()

    assert canonical(filtered) == [f"{SITE_URL}/articles/?condition=neuralgia"]
    assert canonical(condition_page) == [f"{SITE_URL}{condition.get_absolute_url()}"]


def test_form_with_errors_says_so_in_its_title(client):
    content = client.post(reverse("inquiries:create"), {}).content.decode()

    assert titles(content) == ["Error: Ask for an appointment | Riverside Acupuncture Clinic"]


@pytest.mark.parametrize("url", ["/no-such-page/", reverse("search")])
def test_pages_kept_out_of_search_engines_have_no_canonical_address(client, url):
    content = client.get(url).content.decode()

    assert canonical(content) == []
    assert meta(content, "property", "og:url") == []
    assert len(titles(content)) == 1


def test_draft_preview_has_no_canonical_address(admin_client, draft_article):
    content = admin_client.get(draft_article.get_absolute_url()).content.decode()

    assert canonical(content) == []


# Images.


def test_practitioner_photo_is_the_open_graph_and_twitter_image(client):
    with_photo = PractitionerFactory(
        photo="practitioners/helen.jpg", photo_alt_text="Helen smiling in the treatment room"
    )
    without = PractitionerFactory()

    first = client.get(with_photo.get_absolute_url()).content.decode()
    second = client.get(without.get_absolute_url()).content.decode()

    image = f"{SITE_URL}/media/practitioners/helen.jpg"
    assert meta(first, "property", "og:image") == [image]
    assert meta(first, "name", "twitter:image") == [image]
    assert meta(first, "property", "og:image:alt") == [with_photo.photo_alt_text]
    for content in [second, client.get(reverse("home")).content.decode()]:
        assert meta(content, "property", "og:image") == []
        assert meta(content, "name", "twitter:image") == []


def test_metadata_escapes_what_staff_typed(client):
    article = ArticleFactory(
        published=True,
        title='Needles "and" <b>nerves</b> & you',
        meta_description='A "quoted" <description> & more, long enough to count as one here.',
    )

    content = client.get(article.get_absolute_url()).content.decode()

    assert "<b>nerves</b>" not in content
    assert "<description>" not in content
    assert meta(content, "property", "og:title") == [article.title]
    assert meta(content, "name", "description") == [article.meta_description]


def test_page_metadata_adds_no_database_queries(client, django_assert_num_queries):
    # The home page's three queries: recent articles, conditions, practitioners.
    with django_assert_num_queries(3):
        assert client.get(reverse("home")).status_code == HTTPStatus.OK
    with django_assert_num_queries(0):
        assert client.get(reverse("about")).status_code == HTTPStatus.OK
