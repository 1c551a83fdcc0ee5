"""The article admin as a superuser sees it: forms, actions, columns, dashboard, checklist."""

import html
import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleEvent, ClaimPhrase, Reference
from tests.articles.admin_forms import (
    ADD_URL,
    CHANGELIST_URL,
    CHECK_NEW_URL,
    add_form_data,
    assert_form_refused,
    assert_kept_typed_value,
    change_form_data,
    change_url,
    check_url,
    existing_reference_data,
    page_text,
    shown_errors,
)
from tests.factories import ArticleFactory, PractitionerFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("admin:articles_article_dashboard")
LINKED_REFERENCE = {
    "position": "1",
    "citation": "Vickers AJ, et al. Acupuncture for Chronic Pain. The Journal of Pain. 2018.",
    "url": "",
    "doi": "10.1016/j.jpain.2017.11.005",
    "pmid": "",
}
UNLINKED_REFERENCE = {
    **LINKED_REFERENCE,
    "doi": "",
    "citation": "A leaflet from a waiting room",
}
PLACEHOLDER_REFERENCE = {
    **LINKED_REFERENCE,
    "citation": "Example A, Example B. (2021). Acupuncture and pain. J Altern Complement Med.",
    "doi": "",
}

# A superuser: session, user, the two-factor device their session was verified with, the
# claim phrases (once for the columns, once more as Django asks for them again), the filters'
# conditions and reviewers, the counts, the articles with their reviewers, their references,
# the date hierarchy (two), and the savepoint pair of the revision reversion opens around it.
CHANGELIST_QUERIES = 15
CLAIM_PHRASE_QUERIES = 2  # Django asks for the list's columns twice per page.

NO_REFERENCES_ERROR = (
    "Add at least one reference with a link (URL, DOI or PMID) readers can check."
)
NO_DISCLAIMER_ERROR = "Add a disclaimer: every published article must show one."
NO_REVIEW_ERROR = (
    "No medical review is recorded: once the article is saved, a reviewer uses “Record a "
    "medical review”."
)
UNLINKED_REFERENCE_ERROR = (
    "Reference 1 (“A leaflet from a waiting room”) has no link: add its URL, DOI or PMID so "
    "readers can check it."
)


def checklist(fragment: str) -> dict[str, str]:
    """The checklist's lines by check: '✓' or '✗' followed by the problems' messages."""
    items = re.findall(
        r"<li>([✓✗]) <strong>([^<]+)</strong>(.*?)</li>(?=<li>[✓✗]|</ul>$|</ul></div>)",
        fragment,
        flags=re.DOTALL,
    )
    return {
        label: " ".join([mark, *html.unescape(re.sub(r"<[^>]+>", " ", rest)).split()])
        for mark, label, rest in items
    }


def checklist_on_page(response) -> dict[str, str]:
    found = re.search(
        r'<div class="publish-checklist"[^>]*>(.*?)</div>', response.content.decode(), re.DOTALL
    )
    assert found, "the change form shows the publish checklist"
    return checklist(found[1] + "</div>")


def changelist_rows(response) -> dict[str, str]:
    """Each row of the changelist, by the title in it."""
    return {
        html.unescape(re.sub(r"<[^>]+>", "", row.split("</th>")[0])): row
        for row in re.split(r'<th class="field-title">', response.content.decode())[1:]
    }


# The add form.


def test_add_form_refuses_to_publish_article_without_references(admin_client):
    response = admin_client.post(ADD_URL, add_form_data(status=Article.Status.PUBLISHED))

    assert_form_refused(response, NO_REFERENCES_ERROR)
    assert not Article.objects.exists()
    assert_kept_typed_value(response, "title", "Acupuncture and sciatica: what we know")


def test_add_form_refuses_to_publish_article_whose_only_reference_has_no_link(admin_client):
    response = admin_client.post(
        ADD_URL,
        add_form_data(status=Article.Status.PUBLISHED, references=[UNLINKED_REFERENCE]),
    )

    assert_form_refused(response, UNLINKED_REFERENCE_ERROR)
    assert not Article.objects.exists()
    assert not Reference.objects.exists()
    assert_kept_typed_value(response, "title", "Acupuncture and sciatica: what we know")
    assert "A leaflet from a waiting room</textarea>" in response.content.decode()


def test_add_form_refuses_to_publish_article_with_blank_disclaimer(admin_client):
    response = admin_client.post(
        ADD_URL,
        add_form_data(
            status=Article.Status.PUBLISHED, disclaimer="  ", references=[LINKED_REFERENCE]
        ),
    )

    assert_form_refused(response, NO_DISCLAIMER_ERROR)
    assert response.context["adminform"].form.errors["disclaimer"] == [NO_DISCLAIMER_ERROR]
    assert not Article.objects.exists()
    assert_kept_typed_value(response, "title", "Acupuncture and sciatica: what we know")
    assert_kept_typed_value(response, "references-0-doi", LINKED_REFERENCE["doi"])


def test_add_form_shows_every_publish_problem_at_once(admin_client):
    response = admin_client.post(
        ADD_URL,
        add_form_data(
            status=Article.Status.PUBLISHED,
            disclaimer="",
            meta_description="Too short for search engines.",
            body="Acupuncture cures sciatica. ![](leg.png)",
        ),
    )

    assert_form_refused(response, NO_DISCLAIMER_ERROR)
    errors = shown_errors(response)
    assert NO_REFERENCES_ERROR in errors
    assert NO_REVIEW_ERROR in errors
    assert "The meta description is 29 characters long: make it 50 to 160." in errors
    assert "In the text: “Acupuncture cures sciatica.” uses “cures”" in errors
    assert "The image “leg.png” has no description" in errors


def test_add_form_cannot_publish_before_a_medical_review_is_recorded(admin_client):
    # A review is recorded on a saved article only, so a new article is saved as a draft
    # first; the reference typed in the same request counts all the same.
    response = admin_client.post(
        ADD_URL, add_form_data(status=Article.Status.PUBLISHED, references=[LINKED_REFERENCE])
    )

    assert_form_refused(response, NO_REVIEW_ERROR)
    assert NO_REFERENCES_ERROR not in shown_errors(response)
    assert not Article.objects.exists()


def test_add_form_refuses_placeholder_reference_for_review_but_saves_it_in_a_draft(
    admin_client,
):
    response = admin_client.post(
        ADD_URL,
        add_form_data(status=Article.Status.IN_REVIEW, references=[PLACEHOLDER_REFERENCE]),
    )

    assert_form_refused(response, "The citation names invented authors (“Example A”)")
    assert "has no link" in shown_errors(response)
    assert not Article.objects.exists()

    response = admin_client.post(ADD_URL, add_form_data(references=[PLACEHOLDER_REFERENCE]))

    assert response.status_code == HTTPStatus.FOUND
    assert Article.objects.get().references.get().citation == PLACEHOLDER_REFERENCE["citation"]


def test_add_form_saves_a_draft_without_references_or_disclaimer(admin_client):
    response = admin_client.post(ADD_URL, add_form_data(disclaimer=""))

    assert response.status_code == HTTPStatus.FOUND
    assert Article.objects.get().status == Article.Status.DRAFT


# The change form.


def test_change_form_refuses_to_publish_draft_without_references(admin_client):
    article = ArticleFactory()

    response = admin_client.post(
        change_url(article),
        change_form_data(article, status=Article.Status.PUBLISHED, title="My edited title"),
    )

    assert_form_refused(response, NO_REFERENCES_ERROR)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.title != "My edited title"
    assert_kept_typed_value(response, "title", "My edited title")


def test_change_form_refuses_to_publish_draft_whose_only_reference_has_no_link(admin_client):
    article = ArticleFactory()
    ReferenceFactory(article=article, without_link=True, citation="A leaflet from a waiting room")

    response = admin_client.post(
        change_url(article),
        change_form_data(article, status=Article.Status.PUBLISHED, title="My edited title"),
    )

    assert_form_refused(response, UNLINKED_REFERENCE_ERROR)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert_kept_typed_value(response, "title", "My edited title")


def test_change_form_refuses_to_publish_draft_with_blank_disclaimer(admin_client):
    article = ArticleFactory(disclaimer="", with_reference=True)

    response = admin_client.post(
        change_url(article),
        change_form_data(article, status=Article.Status.PUBLISHED, title="My edited title"),
    )

    assert_form_refused(response, NO_DISCLAIMER_ERROR)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert_kept_typed_value(response, "title", "My edited title")


def test_change_form_refuses_to_publish_draft_whose_review_is_overdue(admin_client):
    article = ArticleFactory(review_overdue=True, with_reference=True)

    response = admin_client.post(
        change_url(article), change_form_data(article, status=Article.Status.PUBLISHED)
    )

    assert_form_refused(response, f"The review was due on {article.next_review_due_on:%d %B %Y}")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_change_form_refuses_to_clear_the_disclaimer_of_a_published_article(
    admin_client, published_article
):
    response = admin_client.post(
        change_url(published_article), change_form_data(published_article, disclaimer="")
    )

    assert_form_refused(response, NO_DISCLAIMER_ERROR)
    published_article.refresh_from_db()
    assert published_article.disclaimer


def test_change_form_publishes_draft_that_passes_the_rules(admin_client, draft_article):
    response = admin_client.post(
        change_url(draft_article),
        change_form_data(draft_article, status=Article.Status.PUBLISHED),
    )

    assert response.status_code == HTTPStatus.FOUND
    draft_article.refresh_from_db()
    assert draft_article.is_published


def test_change_form_publishes_draft_when_its_first_reference_is_added_in_the_same_request(
    admin_client,
):
    article = ArticleFactory()

    response = admin_client.post(
        change_url(article),
        change_form_data(article, status=Article.Status.PUBLISHED, references=[LINKED_REFERENCE]),
    )

    assert response.status_code == HTTPStatus.FOUND
    article.refresh_from_db()
    assert article.is_published
    assert article.references.get().doi == LINKED_REFERENCE["doi"]


def test_change_form_with_future_publication_time_schedules_the_article(
    admin_client, draft_article
):
    next_week = timezone.localtime() + timedelta(days=7)

    response = admin_client.post(
        change_url(draft_article),
        change_form_data(
            draft_article,
            status=Article.Status.PUBLISHED,
            published_at_0=next_week.strftime("%Y-%m-%d"),
            published_at_1=next_week.strftime("%H:%M:%S"),
        ),
    )

    assert response.status_code == HTTPStatus.FOUND
    draft_article.refresh_from_db()
    assert draft_article.is_scheduled
    assert not Article.objects.published().exists()
    assert ArticleEvent.objects.get().kind == ArticleEvent.Kind.SCHEDULED


def test_change_form_refuses_to_delete_the_only_reference_of_a_published_article(
    admin_client, published_article
):
    reference = published_article.references.get()

    response = admin_client.post(
        change_url(published_article),
        change_form_data(
            published_article, references=[existing_reference_data(reference, DELETE="on")]
        ),
    )

    assert_form_refused(response, NO_REFERENCES_ERROR)
    assert Reference.objects.filter(pk=reference.pk).exists()
    published_article.refresh_from_db()
    assert published_article.is_published


def test_change_form_refuses_to_remove_the_link_of_a_published_articles_only_reference(
    admin_client, published_article
):
    reference = published_article.references.get()

    response = admin_client.post(
        change_url(published_article),
        change_form_data(
            published_article,
            references=[existing_reference_data(reference, url="", doi="", pmid="")],
        ),
    )

    assert_form_refused(response, "has no link")
    reference.refresh_from_db()
    assert reference.has_link


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"url": "https://example.com/study", "doi": "", "pmid": ""}, "placeholder address"),
        ({"url": "http://localhost/paper", "doi": "", "pmid": ""}, "localhost"),
        ({"doi": "10.1234/abcd"}, "looks made up"),
        ({"citation": "Author A, Author B (2019). Acupuncture. Pain."}, "invented authors"),
    ],
)
def test_change_form_refuses_an_unverifiable_reference_on_a_published_article(
    admin_client, published_article, changes, error
):
    reference = published_article.references.get()

    response = admin_client.post(
        change_url(published_article),
        change_form_data(
            published_article, references=[existing_reference_data(reference, **changes)]
        ),
    )

    assert_form_refused(response, error)
    assert Reference.objects.get(pk=reference.pk).citation == reference.citation
    assert Reference.objects.get(pk=reference.pk).doi == reference.doi


def test_change_form_refuses_a_reference_repeated_on_a_published_article(
    admin_client, published_article
):
    reference = published_article.references.get()
    repeated = {**LINKED_REFERENCE, "doi": reference.doi}

    response = admin_client.post(
        change_url(published_article),
        change_form_data(
            published_article, references=[existing_reference_data(reference), repeated]
        ),
    )

    assert_form_refused(response, "repeats reference 1")
    assert published_article.references.count() == 1


def test_change_form_lets_editor_replace_the_only_reference_of_a_published_article(
    admin_client, published_article
):
    old = published_article.references.get()

    response = admin_client.post(
        change_url(published_article),
        change_form_data(
            published_article,
            references=[existing_reference_data(old, DELETE="on"), LINKED_REFERENCE],
        ),
    )

    assert response.status_code == HTTPStatus.FOUND
    assert [reference.citation for reference in published_article.references.all()] == [
        LINKED_REFERENCE["citation"]
    ]


def test_change_form_lets_editor_delete_references_of_a_draft(admin_client, draft_article):
    reference = draft_article.references.get()

    response = admin_client.post(
        change_url(draft_article),
        change_form_data(
            draft_article, references=[existing_reference_data(reference, DELETE="on")]
        ),
    )

    assert response.status_code == HTTPStatus.FOUND
    assert not draft_article.references.exists()


# The bulk actions.


def test_publish_action_publishes_passing_articles_and_names_the_ones_it_refused(
    admin_client, draft_article
):
    blocked = ArticleFactory(title="Cupping myths")

    response = admin_client.post(
        CHANGELIST_URL,
        {"action": "publish_selected", "_selected_action": [draft_article.pk, blocked.pk]},
        follow=True,
    )

    assert response.status_code == HTTPStatus.OK
    draft_article.refresh_from_db()
    blocked.refresh_from_db()
    assert draft_article.is_published
    assert blocked.status == Article.Status.DRAFT
    content = html.unescape(response.content.decode())
    assert f"“Cupping myths” was not changed: {NO_REFERENCES_ERROR}" in content
    assert "Published 1 article(s)." in content


def test_publish_action_lists_every_problem_of_a_refused_article(admin_client):
    blocked = ArticleFactory(title="Cupping myths", disclaimer="", with_claim=True)
    ReferenceFactory(article=blocked, without_link=True, citation="A leaflet from the GP surgery")

    response = admin_client.post(
        CHANGELIST_URL,
        {"action": "publish_selected", "_selected_action": [blocked.pk]},
        follow=True,
    )

    content = html.unescape(response.content.decode())
    assert "“Cupping myths” was not changed" in content
    assert NO_DISCLAIMER_ERROR in content
    assert "“Acupuncture cures nerve pain for good.” uses “cures”" in content
    assert "Reference 1 (“A leaflet from the GP surgery”) has no link" in content
    assert "Published 0" not in content
    blocked.refresh_from_db()
    assert blocked.status == Article.Status.DRAFT
    assert not ArticleEvent.objects.exists()


def test_unpublish_action_makes_published_articles_drafts(admin_client, published_article):
    response = admin_client.post(
        CHANGELIST_URL,
        {"action": "unpublish_selected", "_selected_action": [published_article.pk]},
        follow=True,
    )

    assert "Unpublished 1 article(s)." in response.content.decode()
    published_article.refresh_from_db()
    assert published_article.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()


# The changelist, its columns and filters.


def test_article_changelist_shows_state_and_what_each_article_needs(
    admin_client, published_article, scheduled_article
):
    ArticleFactory(title="Needs two fixes", disclaimer="")

    response = admin_client.get(CHANGELIST_URL)

    assert response.status_code == HTTPStatus.OK
    rows = changelist_rows(response)
    assert "✓ Ready" in rows[published_article.title]
    assert "Published" in rows[published_article.title]
    assert "Scheduled" in rows[scheduled_article.title]
    assert "✗ 2 to fix" in rows["Needs two fixes"]


def test_article_changelist_shows_when_each_review_is_due(admin_client):
    due = ArticleFactory(title="Reviewed recently")
    ArticleFactory(title="Review overdue", review_overdue=True)
    ArticleFactory(title="Never reviewed", unreviewed=True)

    rows = changelist_rows(admin_client.get(CHANGELIST_URL))

    overdue_since = ArticleFactory.build(review_overdue=True).next_review_due_on
    assert f"✗ Overdue since {overdue_since:%d %b %Y}" in rows["Review overdue"]
    assert f"{due.next_review_due_on:%d %b %Y}" in rows["Reviewed recently"]
    assert "Overdue" not in rows["Reviewed recently"]
    assert "Never reviewed" in rows["Never reviewed"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("overdue", {"Review overdue"}),
        ("soon", {"Due next week"}),
        ("never", {"Never reviewed"}),
        (None, {"Review overdue", "Due next week", "Never reviewed", "Due next year"}),
    ],
)
def test_changelist_filters_articles_by_when_their_review_is_due(admin_client, value, expected):
    ArticleFactory(title="Review overdue", review_overdue=True)
    ArticleFactory(
        title="Due next week", next_review_due_on=timezone.localdate() + timedelta(days=7)
    )
    ArticleFactory(title="Never reviewed", unreviewed=True)
    ArticleFactory(title="Due next year")

    response = admin_client.get(CHANGELIST_URL, {"review": value} if value else {})

    assert response.status_code == HTTPStatus.OK
    assert set(changelist_rows(response)) == expected


@pytest.mark.parametrize("count", [2, 10])
def test_article_changelist_query_count_does_not_grow_with_articles(
    admin_client, django_assert_num_queries, count
):
    for article in ArticleFactory.create_batch(count, published=True, with_claim=True):
        ReferenceFactory.create_batch(2, article=article)

    with django_assert_num_queries(CHANGELIST_QUERIES) as captured:
        response = admin_client.get(CHANGELIST_URL)

    # Every row was checked against the claim phrases, loaded for the page, not per row.
    assert response.content.decode().count("✗ 1 to fix") == count
    phrase_queries = [
        query for query in captured.captured_queries if "articles_claimphrase" in query["sql"]
    ]
    assert len(phrase_queries) == CLAIM_PHRASE_QUERIES


def test_changelist_offers_the_dashboard(admin_client):
    response = admin_client.get(CHANGELIST_URL)

    assert f'href="{DASHBOARD_URL}"' in response.content.decode()


# The dashboard and the admin's front page.


def test_dashboard_lists_overdue_due_soon_waiting_and_never_reviewed_articles(admin_client):
    today = timezone.localdate()
    ArticleFactory(title="Cupping and neck pain", next_review_due_on=today - timedelta(days=60))
    ArticleFactory(
        title="Moxibustion explained",
        next_review_due_on=today - timedelta(days=2),
        published=True,
    )
    ArticleFactory(
        title="Acupressure at home", next_review_due_on=timezone.localdate() + timedelta(days=10)
    )
    ArticleFactory(title="Needles and nerves", in_review=True)
    ArticleFactory(title="Sleep and stress", unreviewed=True)
    ArticleFactory(title="Reviewed and current")

    response = admin_client.get(DASHBOARD_URL)

    assert response.status_code == HTTPStatus.OK
    main = response.content.decode().split('<div id="content-main">')[1].split("</div>")[0]
    sections = {
        heading: re.findall(r">([^<>]+)</a></td>", section)
        for heading, section in re.findall(
            r"<h2>([^<(]+) \(\d+\)</h2>(.*?)(?=<h2>|$)", main, flags=re.DOTALL
        )
    }
    assert sections == {
        "Review overdue": ["Cupping and neck pain", "Moxibustion explained"],
        "Review due within 30 days": ["Acupressure at home"],
        "Waiting for a publisher": ["Needles and nerves"],
        "Never reviewed": ["Sleep and stress"],
    }


def test_dashboard_is_refused_to_staff_who_may_not_see_articles(
    staff_client_without_permissions,
):
    response = staff_client_without_permissions.get(DASHBOARD_URL)

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_admin_front_page_counts_articles_past_their_review_date(admin_client):
    ArticleFactory.create_batch(2, review_overdue=True)
    ArticleFactory()

    text = page_text(admin_client.get(reverse("admin:index")))

    assert "Articles: reviews and workflow : 2 articles past their review date" in text


# The article forms and what they show.


def test_article_add_form_renders_with_an_empty_live_checklist(admin_client):
    response = admin_client.get(ADD_URL)

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert 'name="references-TOTAL_FORMS"' in content
    assert f'data-publish-checklist="{CHECK_NEW_URL}"' in content
    assert "Start writing: this list shows what the article still needs" in content
    assert "articles/live_checklist.js" in content


def test_article_change_form_shows_what_the_article_still_needs(admin_client):
    article = ArticleFactory(title="Unfinished", disclaimer="")

    response = admin_client.get(change_url(article))

    assert response.status_code == HTTPStatus.OK
    assert f'data-publish-checklist="{check_url(article)}"' in response.content.decode()
    assert checklist_on_page(response) == {
        "Disclaimer": f"✗ {NO_DISCLAIMER_ERROR}",
        "Verifiable references": f"✗ {NO_REFERENCES_ERROR}",
        "Summary and meta description": "✓",
        "Medical review": "✓",
        "Claim language signed off": "✓",
        "Images and links in the text": "✓",
    }


def test_article_change_form_says_when_everything_is_in_place(admin_client, draft_article):
    response = admin_client.get(change_url(draft_article))

    assert response.status_code == HTTPStatus.OK
    assert set(checklist_on_page(response).values()) == {"✓"}
    assert "As last saved:" in response.content.decode()


def test_article_change_form_shows_the_review_as_read_only(admin_client):
    reviewer = PractitionerFactory(name="Anjali Rao", credentials="MSc, MBAcC")
    article = ArticleFactory(reviewer=reviewer)

    response = admin_client.get(change_url(article))

    content = response.content.decode()
    form = response.context["adminform"].form
    assert not {"reviewer", "last_reviewed_on", "next_review_due_on"} & set(form.fields)
    assert (
        f"Reviewed by Anjali Rao, MSc, MBAcC on {article.last_reviewed_on:%d %B %Y}. "
        f"Next review due {article.next_review_due_on:%d %B %Y}."
    ) in html.unescape(content)
    assert reverse("admin:articles_article_review", args=[article.pk]) in content


# The live checklist: the change form posts what is typed; the answer is the checklist.


def test_live_checklist_shows_a_placeholder_citation_typed_but_not_saved(
    admin_client, draft_article
):
    data = change_form_data(
        draft_article,
        references=[
            existing_reference_data(draft_article.references.get()),
            PLACEHOLDER_REFERENCE,
        ],
    )

    response = admin_client.post(check_url(draft_article), data)

    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    fragment = response.content.decode()
    assert "As typed (not saved yet):" in fragment
    lines = checklist(fragment)
    assert lines["Verifiable references"].startswith("✗ Reference 2 (“Example A, Example B.")
    assert "invented authors (“Example A”)" in lines["Verifiable references"]
    assert "”) has no link: add its URL, DOI or PMID" in lines["Verifiable references"]
    assert lines["Disclaimer"] == "✓"
    assert lines["Medical review"] == "✓"
    assert draft_article.references.count() == 1


def test_live_checklist_shows_problems_in_the_typed_fields(admin_client, draft_article):
    data = change_form_data(
        draft_article,
        disclaimer="",
        meta_description="Just forty-nine characters long, as typed here...",
        body="We treat migraine. Read [this](javascript:alert(1)).",
    )

    lines = checklist(admin_client.post(check_url(draft_article), data).content.decode())

    assert lines == {
        "Disclaimer": f"✗ {NO_DISCLAIMER_ERROR}",
        "Verifiable references": "✓",
        "Summary and meta description": (
            "✗ The meta description is 49 characters long: make it 50 to 160."
        ),
        "Medical review": "✓",
        "Claim language signed off": (
            "✗ In the text: “We treat migraine.” uses “we treat”, a claim a publisher must "
            "sign off (or reword it)."
        ),
        "Images and links in the text": (
            "✗ The link “javascript:alert(1)” must start with https://, http:// or / "
            "(a page of this site)."
        ),
    }
    draft_article.refresh_from_db()
    assert draft_article.disclaimer


def test_live_checklist_counts_references_being_deleted(admin_client, draft_article):
    reference = draft_article.references.get()
    data = change_form_data(
        draft_article, references=[existing_reference_data(reference, DELETE="on")]
    )

    lines = checklist(admin_client.post(check_url(draft_article), data).content.decode())

    assert lines["Verifiable references"] == f"✗ {NO_REFERENCES_ERROR}"
    assert Reference.objects.filter(pk=reference.pk).exists()


def test_live_checklist_for_a_new_article_checks_what_is_typed(admin_client):
    data = add_form_data(references=[LINKED_REFERENCE])

    response = admin_client.post(CHECK_NEW_URL, data)

    assert response.status_code == HTTPStatus.OK
    lines = checklist(response.content.decode())
    assert lines["Disclaimer"] == "✓"
    assert lines["Verifiable references"] == "✓"
    assert lines["Medical review"] == f"✗ {NO_REVIEW_ERROR}"
    assert not Article.objects.exists()
    assert not Reference.objects.exists()


def test_live_checklist_for_a_new_article_shows_a_missing_reference(admin_client):
    lines = checklist(admin_client.post(CHECK_NEW_URL, add_form_data()).content.decode())

    assert lines["Verifiable references"] == f"✗ {NO_REFERENCES_ERROR}"


@pytest.mark.parametrize("url", ["existing", "new"])
def test_live_checklist_answers_only_posts(admin_client, draft_article, url):
    response = admin_client.get(check_url(draft_article) if url == "existing" else CHECK_NEW_URL)

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.mark.parametrize("url", ["existing", "new"])
def test_live_checklist_sends_anonymous_visitors_to_the_login_page(client, draft_article, url):
    data = change_form_data(draft_article)

    response = client.post(check_url(draft_article) if url == "existing" else CHECK_NEW_URL, data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("admin:login"))


def test_live_checklist_is_refused_to_staff_who_may_not_change_articles(
    staff_client_without_permissions, draft_article
):
    response = staff_client_without_permissions.post(
        check_url(draft_article), change_form_data(draft_article)
    )

    assert response.status_code == HTTPStatus.FORBIDDEN


# The audit trail and the claim phrases.


def test_audit_trail_cannot_be_added_to_or_edited_in_the_admin(admin_client, published_article):
    event = ArticleEvent.objects.create(
        article=published_article, kind=ArticleEvent.Kind.PUBLISHED
    )

    assert (
        admin_client.get(reverse("admin:articles_articleevent_add")).status_code
        == HTTPStatus.FORBIDDEN
    )
    change = admin_client.post(
        reverse("admin:articles_articleevent_change", args=[event.pk]),
        {"kind": ArticleEvent.Kind.UNPUBLISHED},
    )
    assert change.status_code == HTTPStatus.FORBIDDEN
    delete = admin_client.post(
        reverse("admin:articles_articleevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert delete.status_code == HTTPStatus.FORBIDDEN
    event.refresh_from_db()
    assert event.kind == ArticleEvent.Kind.PUBLISHED


def test_claim_phrase_added_in_the_admin_is_checked_from_then_on(admin_client, draft_article):
    response = admin_client.post(
        reverse("admin:articles_claimphrase_add"),
        {
            "phrase": "damaged nerves",
            "is_active": "on",
            "note": "Testing the list.",
            "_save": "Save",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert ClaimPhrase.objects.filter(phrase="damaged nerves").exists()

    response = admin_client.get(change_url(draft_article))

    assert checklist_on_page(response)["Claim language signed off"] == (
        "✗ In the text: “Nerve pain comes from damaged nerves.” uses “damaged nerves”, a claim a "
        "publisher must sign off (or reword it)."
    )
