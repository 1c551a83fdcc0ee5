import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from articles.models import Article
from articles.services import article_publish
from articles.views import FILTER_CONDITION_LIMIT
from tests.factories import ArticleFactory, ConditionFactory, PractitionerFactory, ReferenceFactory
from tests.staff import log_in_verified

pytestmark = pytest.mark.django_db

LIST_URL = reverse("articles:list")

# Anonymous visitors; measured on SQLite and PostgreSQL alike.
DETAIL_QUERIES = 4  # the article, its author and reviewer, its conditions, its references
LIST_QUERIES = 2  # the page of articles, the conditions to filter by (no count: see paging.py)
FILTERED_LIST_QUERIES = 3  # and the condition filtered by


def robots_meta(response) -> str | None:
    found = re.search(r'<meta name="robots" content="([^"]*)"', response.content.decode())
    return found and found[1]


# Who sees what.


def test_published_article_is_shown_to_anonymous_visitor(client, published_article):
    response = client.get(published_article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert f"<h1>{published_article.title}</h1>" in response.content.decode()
    assert "not public" not in response.content.decode()
    assert robots_meta(response) is None
    assert "X-Robots-Tag" not in response


def test_draft_article_is_404_for_anonymous_visitor(client, draft_article):
    response = client.get(draft_article.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert draft_article.title not in response.content.decode()


def test_scheduled_article_is_404_for_anonymous_visitor(client, scheduled_article):
    response = client.get(scheduled_article.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert scheduled_article.title not in response.content.decode()


def test_draft_article_is_404_for_staff_without_change_permission(
    staff_client_without_permissions, draft_article
):
    response = staff_client_without_permissions.get(draft_article.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_scheduled_article_is_404_for_staff_without_change_permission(
    staff_client_without_permissions, scheduled_article
):
    response = staff_client_without_permissions.get(scheduled_article.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_draft_article_is_404_for_logged_in_non_staff_user_with_change_permission(
    client, django_user_model, draft_article
):
    # The permission alone is not enough: previews are for staff.
    user = django_user_model.objects.create_user(username="former-editor", is_staff=False)
    user.user_permissions.add(Permission.objects.get(codename="change_article"))
    log_in_verified(client, user)

    response = client.get(draft_article.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("staff", ["admin_client", "editor_client"])
def test_draft_article_is_previewed_by_staff_who_may_change_it(request, staff, draft_article):
    response = request.getfixturevalue(staff).get(draft_article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "Draft — not public." in content
    assert f"<h1>{draft_article.title}</h1>" in content


def test_scheduled_article_is_previewed_by_staff_with_its_publication_time(
    admin_client, scheduled_article
):
    response = admin_client.get(scheduled_article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    published_on = date_format(timezone.localtime(scheduled_article.published_at), "j F Y")
    assert f"Scheduled — not public until {published_on}" in response.content.decode()


@pytest.mark.parametrize("article", ["draft_article", "scheduled_article"])
def test_staff_preview_is_never_indexed_or_cached(request, admin_client, article):
    article = request.getfixturevalue(article)

    response = admin_client.get(article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert robots_meta(response).startswith("noindex")
    assert "noindex" in response["X-Robots-Tag"]
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"} <= cache_control


def test_published_article_seen_by_staff_is_not_marked_as_a_preview(
    admin_client, published_article
):
    response = admin_client.get(published_article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert "not public" not in response.content.decode()
    assert robots_meta(response) is None
    assert "X-Robots-Tag" not in response
    assert "no-store" not in response.get("Cache-Control", "")


def test_article_list_shows_only_published_articles(
    client, published_article, draft_article, scheduled_article
):
    response = client.get(LIST_URL)

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert published_article.title in content
    assert published_article.get_absolute_url() in content
    assert draft_article.title not in content
    assert draft_article.get_absolute_url() not in content
    assert scheduled_article.title not in content
    assert scheduled_article.get_absolute_url() not in content


def test_article_list_shows_only_published_articles_even_to_staff(
    admin_client, published_article, draft_article, scheduled_article
):
    content = admin_client.get(LIST_URL).content.decode()

    assert published_article.title in content
    assert draft_article.title not in content
    assert scheduled_article.title not in content


def test_article_list_filtered_by_condition_shows_only_its_published_articles(client):
    sciatica, migraine = ConditionFactory(name="Sciatica"), ConditionFactory(name="Migraine")
    about_sciatica = ArticleFactory(published=True, conditions=[sciatica])
    about_migraine = ArticleFactory(published=True, conditions=[migraine])
    draft_about_sciatica = ArticleFactory(conditions=[sciatica])

    response = client.get(LIST_URL, {"condition": sciatica.slug})

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "<h1>Articles about sciatica</h1>" in content
    assert about_sciatica.title in content
    assert about_migraine.title not in content
    assert draft_about_sciatica.title not in content
    assert f'<option value="{sciatica.slug}" selected>' in content


def test_the_condition_filter_offers_every_condition_up_to_its_limit(client):
    conditions = [
        ConditionFactory(name=f"Condition {n:02d}") for n in range(FILTER_CONDITION_LIMIT)
    ]

    content = client.get(LIST_URL).content.decode()

    assert '<select id="condition-filter" name="condition">' in content
    assert all(f'<option value="{c.slug}">{c.name}</option>' in content for c in conditions)


def test_past_the_limit_the_list_links_to_the_conditions_instead_of_a_long_drop_down(client):
    conditions = ConditionFactory.create_batch(FILTER_CONDITION_LIMIT + 1)
    conditions_url = reverse("conditions:list")

    unfiltered = client.get(LIST_URL).content.decode()
    filtered = client.get(LIST_URL, {"condition": conditions[-1].slug}).content.decode()

    assert "condition-filter" not in unfiltered
    assert f'choose it from <a href="{conditions_url}">the conditions we see</a>' in unfiltered
    assert f'<a href="{LIST_URL}">Show all articles</a>' in filtered


def test_article_list_filtered_by_unknown_condition_is_404(client):
    response = client.get(LIST_URL, {"condition": "no-such-condition"})

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_article_list_is_split_into_pages_of_ten_newest_first(client):
    now = timezone.now()
    articles = [
        ArticleFactory(published=True, published_at=now - timedelta(days=days))
        for days in range(1, 12)
    ]

    first = client.get(LIST_URL)
    older_url = link(first, "next")
    second = client.get(older_url)

    assert [article.title for article in first.context["article_list"]] == [
        article.title for article in articles[:10]
    ]
    assert [article.title for article in second.context["article_list"]] == [articles[10].title]
    assert link(first, "prev") is None
    assert link(second, "next") is None
    # Newer articles, from the second page, is the first page again.
    assert client.get(link(second, "prev")).url == LIST_URL


def test_every_article_is_on_exactly_one_page_even_with_the_same_publication_time(client):
    same_moment = timezone.now() - timedelta(days=1)
    articles = ArticleFactory.create_batch(23, published=True, published_at=same_moment)

    seen, url = [], LIST_URL
    while url:
        response = client.get(url)
        seen.extend(article.pk for article in response.context["article_list"])
        url = link(response, "next")

    assert seen == sorted(article.pk for article in articles)[::-1]


def test_newer_articles_steps_back_through_the_same_pages(client):
    now = timezone.now()
    for days in range(1, 32):
        ArticleFactory(published=True, published_at=now - timedelta(days=days))
    pages = [client.get(LIST_URL)]
    while older := link(pages[-1], "next"):
        pages.append(client.get(older))

    newer_of_last = client.get(link(pages[-1], "prev"))
    newer_of_that = client.get(link(newer_of_last, "prev"))

    assert len(pages) == 4
    assert titles_listed(newer_of_last) == titles_listed(pages[2])
    assert titles_listed(newer_of_that) == titles_listed(pages[1])


def test_a_later_page_says_which_articles_it_holds(client):
    now = timezone.now()
    for days in range(1, 12):
        ArticleFactory(published=True, published_at=now - timedelta(days=days))
    oldest = Article.objects.order_by("published_at").first()

    second = client.get(link(client.get(LIST_URL), "next")).content.decode()

    day = date_format(timezone.localtime(oldest.published_at), "j F Y")
    expected = f"Articles from {day} and earlier"
    assert f"<h1>{expected}</h1>" in second
    assert f"<title>{expected} | " in second


def test_the_condition_filter_is_kept_from_page_to_page(client):
    sciatica = ConditionFactory(slug="sciatica")
    now = timezone.now()
    for days in range(1, 13):
        ArticleFactory(
            published=True, published_at=now - timedelta(days=days), conditions=[sciatica]
        )
    ArticleFactory(published=True, published_at=now - timedelta(days=20))

    first = client.get(LIST_URL, {"condition": "sciatica"})
    second = client.get(link(first, "next"))

    assert link(first, "next").startswith(f"{LIST_URL}?condition=sciatica&before=")
    assert len(second.context["article_list"]) == 2
    assert link(second, "next") is None


def test_a_position_past_the_oldest_article_shows_none_and_links_back(client):
    ArticleFactory(published=True)

    response = client.get(LIST_URL, {"before": "1000000-1"})

    assert response.status_code == HTTPStatus.OK
    assert "There are no older articles." in response.content.decode()
    assert link(response, "prev") == f"{LIST_URL}?after=1000000-1"


@pytest.mark.parametrize(
    "query",
    [
        {"before": "yesterday"},
        {"before": "12-"},
        {"after": "-3"},
        {"before": "999999999999999999-1"},  # after the year 9999
        {"before": "1-9999999999999999999"},
        {"before": "1000000-1", "after": "1000000-1"},
    ],
)
def test_a_position_no_link_of_ours_would_hold_is_404(client, query):
    response = client.get(LIST_URL, query)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Sorry, we cannot find that page" in response.content.decode()


def link(response, rel: str) -> str | None:
    """The href of the pagination link with this rel (prev: newer, next: older)."""
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', response.content.decode())
    return found[1].replace("&amp;", "&") if found else None


def titles_listed(response) -> list[str]:
    return [article.title for article in response.context["article_list"]]


# What the article page shows.


def test_article_page_shows_disclaimer_review_references_and_conditions(client):
    reviewer = PractitionerFactory(name="Anjali Rao", credentials="MSc, MBAcC")
    neuralgia = ConditionFactory(name="Neuralgia")
    article = ArticleFactory(
        published=True,
        reviewer=reviewer,
        last_reviewed_on=timezone.localdate() - timedelta(days=3),
        disclaimer="Not medical advice: see your GP first.",
        conditions=[neuralgia],
    )
    ReferenceFactory(
        article=article, position=2, citation="Second study", url="", doi="", pmid="29198932"
    )
    ReferenceFactory(
        article=article, position=1, citation="First study", doi="10.1002/14651858.CD012057"
    )
    ReferenceFactory(
        article=article,
        position=3,
        citation="Third source",
        url="https://www.nice.org.uk/guidance/cg173",
        doi="",
        pmid="",
    )

    response = client.get(article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "Not medical advice: see your GP first." in content
    assert "Medically reviewed by" in content
    assert f'<a href="{reviewer.get_absolute_url()}">Anjali Rao, MSc, MBAcC</a>' in content
    references = re.search(r'<section class="references".*?<ol>(.*?)</ol>', content, re.DOTALL)
    assert references, "the references are a numbered list"
    citations = re.findall(r"<li>\s*(\w+ \w+)", references[1])
    assert citations == ["First study", "Second study", "Third source"]
    assert 'href="https://doi.org/10.1002/14651858.CD012057"' in references[1]
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/29198932/"' in references[1]
    assert 'href="https://www.nice.org.uk/guidance/cg173"' in references[1]
    assert f'<a href="{neuralgia.get_absolute_url()}">Neuralgia</a>' in content


def test_article_page_without_reviewer_claims_no_medical_review(client):
    article = ArticleFactory(published=True, reviewer=None)
    ReferenceFactory(article=article)

    response = client.get(article.get_absolute_url())

    assert "Medically reviewed by" not in response.content.decode()


def test_article_by_former_practitioner_does_not_link_to_their_hidden_profile(client):
    former = PractitionerFactory(name="Margaret Ellis", inactive=True)
    article = ArticleFactory(published=True, author=former, reviewer=former)
    ReferenceFactory(article=article)

    response = client.get(article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "Medically reviewed by" in content
    assert "Margaret Ellis" in content
    assert client.get(former.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert former.get_absolute_url() not in content


def test_article_page_shows_the_sanitised_body(client):
    article = ArticleFactory(
        published=True,
        body=(
            "# Safe heading\n\nSafe text.\n\n<script>alert(1)</script>\n\n"
            '<a href="javascript:alert(2)" onclick="alert(3)">Click</a>\n\n'
            '<img src="/x.png" onerror="alert(4)">'
        ),
    )

    response = client.get(article.get_absolute_url())

    content = response.content.decode()
    assert "<h2>Safe heading</h2>" in content
    assert "Safe text." in content
    # Only JSON-LD data blocks (structured data, never executed) may be script elements.
    assert not re.search(r'<script(?! type="application/ld\+json">)', content)
    assert "alert(" not in content
    assert "javascript:" not in content
    assert "onclick" not in content
    assert "onerror" not in content


def test_unknown_article_is_404_with_the_friendly_page(client):
    response = client.get(reverse("articles:detail", kwargs={"slug": "no-such-article"}))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Sorry, we cannot find that page" in response.content.decode()


# Query budgets: the same number of queries however much the page shows.


@pytest.mark.parametrize(("references", "conditions"), [(1, 1), (8, 6)])
def test_article_page_query_count_does_not_grow_with_references_or_conditions(
    client, django_assert_num_queries, references, conditions
):
    article = ArticleFactory(published=True, conditions=ConditionFactory.create_batch(conditions))
    ReferenceFactory.create_batch(references, article=article)

    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count('href="https://doi.org/') == references


@pytest.mark.parametrize("count", [2, 10])
def test_article_list_query_count_does_not_grow_with_articles(
    client, django_assert_num_queries, count
):
    conditions = ConditionFactory.create_batch(3)
    ArticleFactory.create_batch(count, published=True, conditions=conditions)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST_URL)

    assert len(response.context["article_list"]) == count


@pytest.mark.parametrize("count", [2, 10])
def test_filtered_article_list_query_count_does_not_grow_with_articles(
    client, django_assert_num_queries, count
):
    conditions = ConditionFactory.create_batch(3)
    ArticleFactory.create_batch(count, published=True, conditions=conditions)

    with django_assert_num_queries(FILTERED_LIST_QUERIES):
        response = client.get(LIST_URL, {"condition": conditions[0].slug})

    assert len(response.context["article_list"]) == count


# The review dates readers see.


def review_facts(response) -> dict[str, str]:
    """The article's facts (<dt>: <dd>) as a reader reads them."""
    facts = re.search(r'<dl class="article__facts">(.*?)</dl>', response.content.decode(), re.S)
    assert facts, "the article page lists its facts"
    return {
        term: " ".join(re.sub(r"<[^>]+>", " ", value).split())
        for term, value in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", facts[1], re.S)
    }


def test_article_page_shows_when_it_was_last_reviewed_and_when_the_next_review_is_due(client):
    article = ArticleFactory(published=True, with_reference=True)

    response = client.get(article.get_absolute_url())

    facts = review_facts(response)
    assert facts["Last reviewed"] == date_format(article.last_reviewed_on, "j F Y")
    assert facts["Next review due"] == date_format(article.next_review_due_on, "j F Y")
    assert "overdue" not in response.content.decode()
    assert f'<time datetime="{article.next_review_due_on:%Y-%m-%d}">' in response.content.decode()


def test_article_page_says_honestly_when_its_review_is_overdue(client):
    article = ArticleFactory(published=True, review_overdue=True, with_reference=True)

    response = client.get(article.get_absolute_url())

    facts = review_facts(response)
    assert facts["Next review due"].startswith(
        date_format(article.next_review_due_on, "j F Y") + " (overdue"
    )


def test_article_page_without_a_recorded_review_shows_no_review_dates(client):
    article = ArticleFactory(published=True, unreviewed=True, with_reference=True)

    facts = review_facts(client.get(article.get_absolute_url()))

    assert not {"Medically reviewed by", "Last reviewed", "Next review due"} & set(facts)


# In review is not public either.


def test_article_in_review_is_404_for_anonymous_visitor_and_not_listed(client):
    article = ArticleFactory(in_review=True, with_reference=True)

    assert client.get(article.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert article.title not in client.get(LIST_URL).content.decode()


# Scheduled publishing: the article appears by itself when its time comes.


def test_article_scheduled_through_the_service_appears_by_itself_once_its_time_has_come(
    client, publisher
):
    article = ArticleFactory(title="Acupuncture and sleep", with_reference=True)
    article_publish(
        article=article, user=publisher, published_at=timezone.now() + timedelta(hours=2)
    )

    assert client.get(article.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert article.title not in client.get(LIST_URL).content.decode()
    assert article.title not in client.get(reverse("home")).content.decode()

    # Time passes: nothing runs, the publication time is simply in the past now.
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )

    assert client.get(article.get_absolute_url()).status_code == HTTPStatus.OK
    assert article.get_absolute_url() in client.get(LIST_URL).content.decode()
    assert article.title in client.get(reverse("home")).content.decode()
