"""Roles and workflow through the admin, with real users in the groups the data migration makes.

Editors write and submit for review; publishers also publish, unpublish, sign off claims and
record medical reviews. Every refusal is checked by what happens to the article, not only by
what the page says.
"""

import html
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleEvent
from articles.services import add_months
from tests.articles.admin_forms import (
    ADD_URL,
    CHANGELIST_URL,
    add_form_data,
    assert_form_refused,
    assert_kept_typed_value,
    change_form_data,
    change_url,
    page_text,
    rendered_form_data,
    shown_errors,
)
from tests.factories import ArticleFactory, PractitionerFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

NOT_A_CHOICE = "Select a valid choice. published is not one of the available choices."
CLAIM = "Acupuncture cures nerve pain for good."


def review_url(article) -> str:
    return reverse("admin:articles_article_review", args=[article.pk])


def sign_off_url(article) -> str:
    return reverse("admin:articles_article_sign_off", args=[article.pk])


def delete_url(article) -> str:
    return reverse("admin:articles_article_delete", args=[article.pk])


def action(client, name: str, *articles, follow=False):
    return client.post(
        CHANGELIST_URL,
        {"action": name, "_selected_action": [article.pk for article in articles]},
        follow=follow,
    )


def assert_unchanged_draft(article):
    status, published_at = article.status, article.published_at
    article.refresh_from_db()
    assert article.status == status == Article.Status.DRAFT
    assert article.published_at == published_at
    assert article.published_by is None
    assert not Article.objects.published().filter(pk=article.pk).exists()


def assert_still_published(article):
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.fixture
def claim_article():
    """A draft that passes every check except its claim sentence, which needs a sign-off."""
    return ArticleFactory(with_claim=True, with_reference=True, title="Nerve pain: what helps")


# The groups.


def test_data_migration_gives_only_publishers_the_right_to_publish_and_review():
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    publisher = set(
        Group.objects.get(name="Publisher").permissions.values_list("codename", flat=True)
    )

    assert {"add_article", "change_article", "view_article", "add_reference"} <= editor
    assert not {"publish_article", "record_review", "delete_article"} & editor
    assert editor < publisher
    assert {"publish_article", "record_review", "delete_article", "add_claimphrase"} <= publisher


# An editor cannot publish, whichever way they try.


def test_editor_is_not_offered_published_as_a_status(editor_client, draft_article):
    response = editor_client.get(change_url(draft_article))

    choices = dict(response.context["adminform"].form.fields["status"].choices)
    assert set(choices) == {Article.Status.DRAFT, Article.Status.IN_REVIEW}


def test_editor_cannot_publish_a_new_article_via_direct_post(editor_client):
    response = editor_client.post(ADD_URL, add_form_data(status=Article.Status.PUBLISHED))

    assert_form_refused(response, NOT_A_CHOICE)
    assert not Article.objects.exists()
    assert_kept_typed_value(response, "title", "Acupuncture and sciatica: what we know")


def test_editor_cannot_publish_via_direct_post(editor_client, draft_article):
    response = editor_client.post(
        change_url(draft_article),
        change_form_data(draft_article, status=Article.Status.PUBLISHED),
    )

    assert_form_refused(response, NOT_A_CHOICE)
    assert_unchanged_draft(draft_article)
    assert not ArticleEvent.objects.exists()


def test_editor_cannot_schedule_via_direct_post(editor_client, draft_article):
    next_week = timezone.localtime() + timedelta(days=7)

    response = editor_client.post(
        change_url(draft_article),
        change_form_data(
            draft_article,
            status=Article.Status.PUBLISHED,
            published_at_0=next_week.strftime("%Y-%m-%d"),
            published_at_1=next_week.strftime("%H:%M:%S"),
        ),
    )

    assert_form_refused(response, NOT_A_CHOICE)
    draft_article.refresh_from_db()
    assert draft_article.status == Article.Status.DRAFT


def test_editor_is_not_offered_the_publish_actions(editor_client, draft_article):
    response = editor_client.get(CHANGELIST_URL)

    actions = dict(response.context["action_form"].fields["action"].choices)
    assert "submit_selected_for_review" in actions
    assert not {"publish_selected", "unpublish_selected"} & set(actions)


def test_editor_cannot_publish_via_the_bulk_action(editor_client, draft_article):
    response = action(editor_client, "publish_selected", draft_article)

    # Django treats an action the user is not offered as no action: back to the list.
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == CHANGELIST_URL
    page = editor_client.get(response["Location"])
    assert "No action selected." in page.content.decode()
    assert_unchanged_draft(draft_article)
    assert not ArticleEvent.objects.exists()


def test_editor_cannot_unpublish_via_the_bulk_action(editor_client, published_article):
    response = action(editor_client, "unpublish_selected", published_article, follow=True)

    assert response.status_code == HTTPStatus.OK
    assert_still_published(published_article)
    assert not ArticleEvent.objects.exists()


def test_editor_cannot_take_a_published_article_off_the_site_by_submitting_it_for_review(
    editor_client, published_article
):
    # "Submit for review" moves an article to "in review"; for a published article that
    # would unpublish it, which only a publisher may do.
    action(editor_client, "submit_selected_for_review", published_article, follow=True)

    assert_still_published(published_article)


def test_editor_sees_a_published_article_read_only(editor_client, published_article):
    response = editor_client.get(change_url(published_article))

    assert response.status_code == HTTPStatus.OK
    assert response.context["has_change_permission"] is False
    content = response.content.decode()
    assert 'name="title"' not in content
    assert 'name="_save"' not in content
    assert published_article.title in content


def test_editor_cannot_change_a_published_article_via_direct_post(
    editor_client, published_article
):
    response = editor_client.post(
        change_url(published_article),
        change_form_data(published_article, title="Changed by an editor", status="draft"),
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    published_article.refresh_from_db()
    assert published_article.title != "Changed by an editor"
    assert_still_published(published_article)


def test_editor_cannot_delete_a_published_article(editor_client, published_article):
    response = editor_client.post(delete_url(published_article), {"post": "yes"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Article.objects.filter(pk=published_article.pk).exists()


# An editor submits for review.


def test_editor_submits_a_draft_for_review_through_the_form(editor_client, editor, claim_article):
    response = editor_client.post(
        change_url(claim_article),
        change_form_data(claim_article, status=Article.Status.IN_REVIEW),
    )

    assert response.status_code == HTTPStatus.FOUND
    claim_article.refresh_from_db()
    assert claim_article.status == Article.Status.IN_REVIEW
    assert claim_article.submitted_for_review_by == editor
    assert claim_article.submitted_for_review_at is not None
    event = ArticleEvent.objects.get()
    assert (event.kind, event.user) == (ArticleEvent.Kind.SUBMITTED, editor)
    # The claim does not stop a review; the audit trail records that it still needs a sign-off.
    assert [(result["code"], result["severity"]) for result in event.check_results] == [
        ("claim_language", "needs_sign_off")
    ]
    assert CLAIM in event.check_results[0]["message"]


def test_editor_cannot_submit_an_article_with_a_blocking_problem(editor_client):
    article = ArticleFactory(with_reference=True, disclaimer="")

    response = editor_client.post(
        change_url(article),
        change_form_data(article, status=Article.Status.IN_REVIEW, title="Typed, not saved"),
    )

    assert_form_refused(response, "Add a disclaimer: every published article must show one.")
    assert_unchanged_draft(article)
    assert article.submitted_for_review_by is None
    assert_kept_typed_value(response, "title", "Typed, not saved")
    assert not ArticleEvent.objects.exists()


def test_editor_cannot_submit_an_article_with_a_placeholder_reference(editor_client):
    article = ArticleFactory()
    ReferenceFactory(
        article=article,
        citation="Sample X (2020). Needling for chronic low back pain. Pain Medicine.",
    )

    response = editor_client.post(
        change_url(article), change_form_data(article, status=Article.Status.IN_REVIEW)
    )

    assert_form_refused(response, "invented authors (“Sample X”)")
    assert_unchanged_draft(article)


def test_editor_submits_for_review_with_the_bulk_action_only_articles_without_blocking_problems(
    editor_client, editor, claim_article
):
    blocked = ArticleFactory(title="Cupping myths", disclaimer="", with_reference=True)

    response = action(
        editor_client, "submit_selected_for_review", claim_article, blocked, follow=True
    )

    text = page_text(response)
    assert "Submitted 1 article(s)." in text
    assert "“Cupping myths” was not changed: Add a disclaimer" in text
    claim_article.refresh_from_db()
    assert claim_article.status == Article.Status.IN_REVIEW
    assert claim_article.submitted_for_review_by == editor
    assert_unchanged_draft(blocked)
    assert ArticleEvent.objects.get().article == claim_article


# A publisher publishes and unpublishes.


def test_publisher_publishes_through_the_form(publisher_client, publisher, draft_article):
    response = publisher_client.post(
        change_url(draft_article),
        change_form_data(draft_article, status=Article.Status.PUBLISHED),
    )

    assert response.status_code == HTTPStatus.FOUND
    draft_article.refresh_from_db()
    assert draft_article.is_published
    assert draft_article.published_by == publisher
    event = ArticleEvent.objects.get()
    assert (event.kind, event.user, event.check_results) == (
        ArticleEvent.Kind.PUBLISHED,
        publisher,
        [],
    )
    assert event.details == {"published_at": draft_article.published_at.isoformat()}


def test_publisher_publishes_an_article_in_review(publisher_client, publisher):
    article = ArticleFactory(in_review=True, with_reference=True)

    response = publisher_client.post(
        change_url(article), change_form_data(article, status=Article.Status.PUBLISHED)
    )

    assert response.status_code == HTTPStatus.FOUND
    article.refresh_from_db()
    assert article.is_published


def test_publisher_publishes_and_unpublishes_with_the_bulk_actions(
    publisher_client, publisher, draft_article
):
    response = action(publisher_client, "publish_selected", draft_article, follow=True)

    assert "Published 1 article(s)." in page_text(response)
    draft_article.refresh_from_db()
    assert draft_article.is_published
    assert draft_article.published_by == publisher

    response = action(publisher_client, "unpublish_selected", draft_article, follow=True)

    assert "Unpublished 1 article(s)." in page_text(response)
    draft_article.refresh_from_db()
    assert draft_article.status == Article.Status.DRAFT
    assert list(ArticleEvent.objects.order_by("id").values_list("kind", "user")) == [
        (ArticleEvent.Kind.PUBLISHED, publisher.pk),
        (ArticleEvent.Kind.UNPUBLISHED, publisher.pk),
    ]


def test_publisher_unpublishes_through_the_form(publisher_client, publisher, published_article):
    response = publisher_client.post(
        change_url(published_article),
        change_form_data(published_article, status=Article.Status.DRAFT),
    )

    assert response.status_code == HTTPStatus.FOUND
    published_article.refresh_from_db()
    assert published_article.status == Article.Status.DRAFT
    event = ArticleEvent.objects.get()
    assert (event.kind, event.user) == (ArticleEvent.Kind.UNPUBLISHED, publisher)


def test_a_failed_publish_keeps_everything_the_editor_typed(publisher_client, draft_article):
    typed = {
        "title": "A better title, typed but not saved",
        "summary": "A summary typed in the form.",
        "body": "## Typed\n\nA paragraph typed in the form.",
        "meta_description": "Too short",
        "disclaimer": "A disclaimer typed in the form.",
    }

    response = publisher_client.post(
        change_url(draft_article),
        change_form_data(draft_article, status=Article.Status.PUBLISHED, **typed),
    )

    assert_form_refused(response, "The meta description is 9 characters long")
    form = response.context["adminform"].form
    assert {name: form[name].value() for name in typed} == typed
    assert form["status"].value() == Article.Status.PUBLISHED
    draft_article.refresh_from_db()
    assert draft_article.title != typed["title"]


# Signing off claims.


def test_editor_may_not_open_or_post_the_sign_off_page(editor_client, claim_article):
    assert editor_client.get(sign_off_url(claim_article)).status_code == HTTPStatus.FORBIDDEN

    response = editor_client.post(sign_off_url(claim_article), {"confirmed": "on"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    claim_article.refresh_from_db()
    assert claim_article.claims_signed_off_by is None


def test_sign_off_page_lists_the_claim_sentences(publisher_client, claim_article):
    response = publisher_client.get(sign_off_url(claim_article))

    assert response.status_code == HTTPStatus.OK
    assert response.context["sentences"] == [CLAIM]
    assert f"<li>{CLAIM}</li>" in response.content.decode()


def test_sign_off_needs_the_publisher_to_confirm(publisher_client, claim_article):
    page = publisher_client.get(sign_off_url(claim_article))
    unticked = rendered_form_data(page, form_id=None)
    assert "confirmed" not in unticked

    response = publisher_client.post(sign_off_url(claim_article), unticked)

    assert response.status_code == HTTPStatus.OK
    assert "This field is required." in shown_errors(response)
    claim_article.refresh_from_db()
    assert claim_article.claims_signed_off_by is None


def test_publisher_signs_off_claims_and_can_then_publish(
    publisher_client, publisher, claim_article
):
    refused = publisher_client.post(
        change_url(claim_article), change_form_data(claim_article, status="published")
    )
    assert_form_refused(refused, f"In the text: “{CLAIM}” uses “cures”")

    response = publisher_client.post(sign_off_url(claim_article), {"confirmed": "on"})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == change_url(claim_article)
    claim_article.refresh_from_db()
    assert claim_article.claims_signed_off_by == publisher
    assert claim_article.claims_signed_off_at is not None
    assert claim_article.claims_signed_off_sentences == [CLAIM]
    event = ArticleEvent.objects.get()
    assert (event.kind, event.user, event.details) == (
        ArticleEvent.Kind.CLAIMS_SIGNED_OFF,
        publisher,
        {"sentences": [CLAIM]},
    )

    response = publisher_client.post(
        change_url(claim_article), change_form_data(claim_article, status="published")
    )

    assert response.status_code == HTTPStatus.FOUND
    claim_article.refresh_from_db()
    assert claim_article.is_published


def test_editing_the_body_after_a_sign_off_clears_it_and_publishing_is_refused_again(
    publisher_client, editor_client, claim_article
):
    publisher_client.post(sign_off_url(claim_article), {"confirmed": "on"})
    claim_article.refresh_from_db()

    response = editor_client.post(
        change_url(claim_article),
        change_form_data(claim_article, body=claim_article.body + "\n\nIt also heals the mind."),
    )

    assert response.status_code == HTTPStatus.FOUND
    claim_article.refresh_from_db()
    assert claim_article.claims_signed_off_by is None
    assert claim_article.claims_signed_off_sentences == []

    refused = action(publisher_client, "publish_selected", claim_article, follow=True)

    text = page_text(refused)
    assert f"“{CLAIM}” uses “cures”" in text
    assert "“It also heals the mind.” uses “heals”" in text
    assert_unchanged_draft(claim_article)


def test_publisher_cannot_change_the_claims_of_a_published_article_without_a_new_sign_off(
    publisher_client, claim_article
):
    publisher_client.post(sign_off_url(claim_article), {"confirmed": "on"})
    action(publisher_client, "publish_selected", claim_article)
    claim_article.refresh_from_db()
    assert claim_article.is_published
    body = claim_article.body

    response = publisher_client.post(
        change_url(claim_article),
        change_form_data(claim_article, body=body.replace("for good", "for ever")),
    )

    assert_form_refused(response, "“Acupuncture cures nerve pain for ever.” uses “cures”")
    claim_article.refresh_from_db()
    assert claim_article.body == body
    assert claim_article.claims_sign_off_is_current


def test_resaving_the_same_text_from_a_browser_keeps_the_sign_off(publisher_client, claim_article):
    # Browsers send a textarea's line breaks as CR LF whatever the stored text uses; the
    # text a reader sees is the same, so the sign-off must still hold.
    publisher_client.post(sign_off_url(claim_article), {"confirmed": "on"})
    claim_article.refresh_from_db()
    data = rendered_form_data(publisher_client.get(change_url(claim_article)))
    data = {
        name: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for name, value in data.items()
    }

    response = publisher_client.post(change_url(claim_article), data | {"status": "published"})

    assert response.status_code == HTTPStatus.FOUND, shown_errors(response)
    claim_article.refresh_from_db()
    assert claim_article.is_published


# Recording a medical review.


def test_editor_may_not_open_or_post_the_review_page(editor_client, draft_article):
    assert editor_client.get(review_url(draft_article)).status_code == HTTPStatus.FORBIDDEN

    response = editor_client.post(
        review_url(draft_article),
        {
            "reviewer": PractitionerFactory().pk,
            "reviewed_on": timezone.localdate().isoformat(),
            "confirmed": "on",
        },
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not ArticleEvent.objects.exists()


def test_publisher_records_a_review_and_the_dates_move(publisher_client, publisher):
    article = ArticleFactory(review_overdue=True)
    reviewer = PractitionerFactory(name="Anjali Rao")
    today = timezone.localdate()

    response = publisher_client.post(
        review_url(article),
        {"reviewer": reviewer.pk, "reviewed_on": today.isoformat(), "confirmed": "on"},
        follow=True,
    )

    assert response.redirect_chain == [(change_url(article), HTTPStatus.FOUND)]
    assert "The medical review is recorded." in page_text(response)
    article.refresh_from_db()
    assert (article.reviewer, article.last_reviewed_on) == (reviewer, today)
    assert article.next_review_due_on == add_months(today, 12)
    assert not article.review_is_overdue
    event = ArticleEvent.objects.get()
    assert (event.kind, event.user) == (ArticleEvent.Kind.REVIEWED, publisher)
    assert event.details["reviewer"] == "Anjali Rao"


def test_review_page_refuses_a_date_in_the_future(publisher_client):
    article = ArticleFactory(unreviewed=True)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = publisher_client.post(
        review_url(article),
        {
            "reviewer": PractitionerFactory().pk,
            "reviewed_on": tomorrow.isoformat(),
            "confirmed": "on",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert "The review date cannot be in the future." in shown_errors(response)
    article.refresh_from_db()
    assert (article.reviewer, article.last_reviewed_on, article.next_review_due_on) == (
        None,
        None,
        None,
    )
    assert not ArticleEvent.objects.exists()


def test_review_page_offers_only_active_practitioners(publisher_client, draft_article):
    former = PractitionerFactory(name="Margaret Ellis", inactive=True)

    response = publisher_client.post(
        review_url(draft_article),
        {
            "reviewer": former.pk,
            "reviewed_on": timezone.localdate().isoformat(),
            "confirmed": "on",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice." in shown_errors(response)
    draft_article.refresh_from_db()
    assert draft_article.reviewer != former


def test_review_needs_the_reviewer_to_have_checked_the_whole_article(
    publisher_client, draft_article
):
    reviewed_on = draft_article.last_reviewed_on

    response = publisher_client.post(
        review_url(draft_article),
        {"reviewer": PractitionerFactory().pk, "reviewed_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == HTTPStatus.OK
    assert "This field is required." in shown_errors(response)
    draft_article.refresh_from_db()
    assert draft_article.last_reviewed_on == reviewed_on


def test_an_ordinary_edit_cannot_move_the_review(publisher_client):
    article = ArticleFactory(review_overdue=True)
    before = (article.reviewer_id, article.last_reviewed_on, article.next_review_due_on)
    today = timezone.localdate()

    response = publisher_client.post(
        change_url(article),
        change_form_data(
            article,
            title="Edited title",
            reviewer=PractitionerFactory().pk,
            last_reviewed_on=today.isoformat(),
            next_review_due_on=(today + timedelta(days=365)).isoformat(),
        ),
    )

    assert response.status_code == HTTPStatus.FOUND
    article.refresh_from_db()
    assert article.title == "Edited title"
    assert (article.reviewer_id, article.last_reviewed_on, article.next_review_due_on) == before
    assert article.review_is_overdue
    assert not ArticleEvent.objects.exists()


def test_the_change_form_links_publishers_to_review_and_sign_off_but_not_editors(
    publisher_client, editor_client, draft_article
):
    as_publisher = publisher_client.get(change_url(draft_article)).content.decode()
    as_editor = editor_client.get(change_url(draft_article)).content.decode()

    assert review_url(draft_article) in as_publisher
    assert sign_off_url(draft_article) in as_publisher
    assert review_url(draft_article) not in as_editor
    assert sign_off_url(draft_article) not in as_editor


def test_workflow_events_are_listed_on_the_change_form(publisher_client, publisher, claim_article):
    publisher_client.post(sign_off_url(claim_article), {"confirmed": "on"})
    action(publisher_client, "publish_selected", claim_article)

    text = html.unescape(publisher_client.get(change_url(claim_article)).content.decode())

    assert "Published by publisher" in text
    assert "Claims signed off by publisher" in text
