import html
import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Reference
from tests.factories import ArticleFactory, ConditionFactory, PractitionerFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
CHANGELIST_URL = reverse("admin:articles_article_changelist")
DISCLAIMER = "General information only, not medical advice. Talk to your doctor first."
LINKED_REFERENCE = {
    "position": "1",
    "citation": "Vickers AJ, et al. Acupuncture for Chronic Pain. The Journal of Pain. 2018.",
    "url": "",
    "doi": "10.1016/j.jpain.2017.11.005",
    "pmid": "",
}
UNLINKED_REFERENCE = {**LINKED_REFERENCE, "doi": "", "citation": "A leaflet from a waiting room"}

# A superuser: session, user, the articles with their reviewers and references, the counts,
# the filters' conditions and reviewers, and the date hierarchy.
CHANGELIST_QUERIES = 10

NO_REFERENCES_ERROR = "Add at least one reference with a link (URL, DOI or PMID)."
NO_DISCLAIMER_ERROR = "Add a disclaimer: every published article must show one."
UNLINKED_REFERENCE_ERROR = (
    "Reference 1 (“A leaflet from a waiting room”) has no link: add its URL, DOI or PMID so "
    "readers can check it."
)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def add_form_data(*, references=(), **fields):
    """What the add form posts for a new article typed by an editor."""
    author = PractitionerFactory()
    data = {
        "title": "Acupuncture and sciatica: what we know",
        "slug": "acupuncture-and-sciatica",
        "summary": "What sciatica is and what the research says about acupuncture for it.",
        "body": "## What is sciatica?\n\nPain along the sciatic nerve.",
        "conditions": [ConditionFactory().pk],
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "disclaimer": DISCLAIMER,
        "author": author.pk,
        "reviewer": author.pk,
        "last_reviewed_on": "",
        "meta_description": "",
        **inline_data(references),
        "_save": "Save",
    }
    return data | fields


def change_form_data(article, *, references=None, **fields):
    """What the change form posts for an existing article, with the editor's changes."""
    published_at = timezone.localtime(article.published_at) if article.published_at else None
    reviewed_on = article.last_reviewed_on
    if references is None:
        references = [existing_reference_data(reference) for reference in article.references.all()]
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "conditions": [condition.pk for condition in article.conditions.all()],
        "status": article.status,
        "published_at_0": published_at.strftime("%Y-%m-%d") if published_at else "",
        "published_at_1": published_at.strftime("%H:%M:%S") if published_at else "",
        "disclaimer": article.disclaimer,
        "author": article.author_id or "",
        "reviewer": article.reviewer_id or "",
        "last_reviewed_on": reviewed_on.isoformat() if reviewed_on else "",
        "meta_description": article.meta_description,
        **inline_data(references, initial=article.references.count()),
        "_save": "Save",
    }
    return data | fields


def existing_reference_data(reference, **changes):
    return {
        "id": reference.pk,
        "article": reference.article_id,
        "position": reference.position,
        "citation": reference.citation,
        "url": reference.url,
        "doi": reference.doi,
        "pmid": reference.pmid,
        **changes,
    }


def inline_data(references, *, initial=0):
    """The reference inline's management form and rows (the formset prefix is `references`)."""
    data = {
        "references-TOTAL_FORMS": str(len(references)),
        "references-INITIAL_FORMS": str(initial),
        "references-MIN_NUM_FORMS": "0",
        "references-MAX_NUM_FORMS": "1000",
    }
    for index, reference in enumerate(references):
        for name, value in reference.items():
            data[f"references-{index}-{name}"] = value
    return data


def shown_errors(response) -> str:
    """The text of every error list on an admin form page, as the editor reads it."""
    content = response.content.decode()
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', content, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", " ".join(lists)))


def assert_form_refused(response, error):
    assert response.status_code == HTTPStatus.OK
    assert "Please correct the error" in response.content.decode()
    assert error in shown_errors(response)


def assert_kept_typed_value(response, name, value):
    assert f'name="{name}" value="{html.escape(value)}"' in response.content.decode()


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
        ADD_URL, add_form_data(status=Article.Status.PUBLISHED, disclaimer="")
    )

    assert_form_refused(response, NO_DISCLAIMER_ERROR)
    assert NO_REFERENCES_ERROR in shown_errors(response)


def test_add_form_publishes_article_with_linked_reference_added_in_the_same_request(
    admin_client,
):
    response = admin_client.post(
        ADD_URL, add_form_data(status=Article.Status.PUBLISHED, references=[LINKED_REFERENCE])
    )

    assert response.status_code == HTTPStatus.FOUND
    article = Article.objects.get()
    assert article.is_published
    assert [reference.doi for reference in article.references.all()] == [LINKED_REFERENCE["doi"]]
    assert article in Article.objects.published()


def test_add_form_with_future_publication_time_schedules_the_article(admin_client):
    next_week = timezone.localtime() + timedelta(days=7)

    response = admin_client.post(
        ADD_URL,
        add_form_data(
            status=Article.Status.PUBLISHED,
            published_at_0=next_week.strftime("%Y-%m-%d"),
            published_at_1=next_week.strftime("%H:%M:%S"),
            references=[LINKED_REFERENCE],
        ),
    )

    assert response.status_code == HTTPStatus.FOUND
    article = Article.objects.get()
    assert article.is_scheduled
    assert not Article.objects.published().exists()


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
    article = ArticleFactory(disclaimer="")
    ReferenceFactory(article=article)

    response = admin_client.post(
        change_url(article),
        change_form_data(article, status=Article.Status.PUBLISHED, title="My edited title"),
    )

    assert_form_refused(response, NO_DISCLAIMER_ERROR)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert_kept_typed_value(response, "title", "My edited title")


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
    assert f"“Cupping myths” was not published: {NO_REFERENCES_ERROR}" in content
    assert "Published 1 article(s)." in content


def test_publish_action_lists_every_problem_of_a_refused_article(admin_client):
    blocked = ArticleFactory(title="Cupping myths", disclaimer="")
    ReferenceFactory(article=blocked, without_link=True, citation="A leaflet")

    response = admin_client.post(
        CHANGELIST_URL,
        {"action": "publish_selected", "_selected_action": [blocked.pk]},
        follow=True,
    )

    content = html.unescape(response.content.decode())
    assert "“Cupping myths” was not published" in content
    assert NO_DISCLAIMER_ERROR in content
    assert "Reference 1 (“A leaflet”) has no link" in content
    assert "Published 0" not in content
    blocked.refresh_from_db()
    assert blocked.status == Article.Status.DRAFT


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


# The admin pages.


def test_article_changelist_shows_state_and_what_each_article_needs(
    admin_client, published_article, scheduled_article
):
    ArticleFactory(title="Needs two fixes", disclaimer="")

    response = admin_client.get(CHANGELIST_URL)

    assert response.status_code == HTTPStatus.OK
    rows = {
        row.split("</th>")[0]: row
        for row in re.split(r'<th class="field-title">', response.content.decode())[1:]
    }
    [published_row] = [row for key, row in rows.items() if published_article.title in key]
    [scheduled_row] = [row for key, row in rows.items() if scheduled_article.title in key]
    [blocked_row] = [row for key, row in rows.items() if "Needs two fixes" in key]
    assert "✓ Ready" in published_row
    assert "Published" in published_row
    assert "Scheduled" in scheduled_row
    assert "✗ 2 to fix" in blocked_row


@pytest.mark.parametrize("count", [2, 10])
def test_article_changelist_query_count_does_not_grow_with_articles(
    admin_client, django_assert_num_queries, count
):
    for article in ArticleFactory.create_batch(count, published=True):
        ReferenceFactory.create_batch(2, article=article)

    with django_assert_num_queries(CHANGELIST_QUERIES):
        response = admin_client.get(CHANGELIST_URL)

    assert response.content.decode().count("✓ Ready") == count


def test_article_add_form_renders(admin_client):
    response = admin_client.get(ADD_URL)

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert 'name="references-TOTAL_FORMS"' in content
    assert "Save the article to see what it still needs" in content


def test_article_change_form_shows_what_the_article_still_needs(admin_client):
    article = ArticleFactory(title="Unfinished", disclaimer="")

    response = admin_client.get(change_url(article))

    assert response.status_code == HTTPStatus.OK
    content = html.unescape(response.content.decode())
    assert "cannot be published until you" in content
    assert NO_DISCLAIMER_ERROR in content
    assert NO_REFERENCES_ERROR in content


def test_article_change_form_says_when_everything_is_in_place(admin_client, draft_article):
    response = admin_client.get(change_url(draft_article))

    assert response.status_code == HTTPStatus.OK
    assert "Everything needed to publish is in place" in response.content.decode()
