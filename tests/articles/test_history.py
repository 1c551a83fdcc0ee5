"""Every saved revision of an article and its references is kept, compared and restorable."""

import html
from http import HTTPStatus

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, ArticleEvent, Reference
from tests.articles.admin_forms import (
    change_form_data,
    change_url,
    existing_reference_data,
    rendered_form_data,
)
from tests.factories import ArticleFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

OLD_BODY = "## What is nerve pain?\n\nNerve pain comes from damaged nerves.\n\n- Burning"
NEW_BODY = "## What is nerve pain?\n\nNerve pain comes from nerves that were hurt.\n\n- Burning"
NEW_REFERENCE = {
    "position": "2",
    "citation": (
        "Linde K, Allais G, Brinkhaus B, et al. Acupuncture for the prevention of episodic "
        "migraine. Cochrane Database of Systematic Reviews. 2016;(6):CD001218."
    ),
    "url": "",
    "doi": "10.1002/14651858.CD001218.pub3",
    "pmid": "",
}


def compare_url(article) -> str:
    return reverse("admin:articles_article_compare", args=[article.pk])


def revision_url(article, version) -> str:
    return reverse("admin:articles_article_revision", args=[article.pk, version.pk])


def versions(article) -> list[Version]:
    """The article's saved versions, newest first."""
    return list(Version.objects.get_for_object(article))


@pytest.fixture
def edited_article(publisher_client):
    """A draft saved twice in the admin: the body and the references changed in between."""
    article = ArticleFactory(body=OLD_BODY)
    old_reference = ReferenceFactory(article=article, position=1)
    publisher_client.post(change_url(article), change_form_data(article))
    article.refresh_from_db()
    publisher_client.post(
        change_url(article),
        change_form_data(
            article,
            body=NEW_BODY,
            references=[existing_reference_data(old_reference, DELETE="on"), NEW_REFERENCE],
        ),
    )
    article.refresh_from_db()
    assert article.body == NEW_BODY
    assert [reference.citation for reference in article.references.all()] == [
        NEW_REFERENCE["citation"]
    ]
    article.old_reference = old_reference
    return article


def test_each_save_in_the_admin_keeps_a_version_with_its_references_and_author(
    publisher_client, publisher
):
    article = ArticleFactory()
    reference = ReferenceFactory(article=article)

    publisher_client.post(change_url(article), change_form_data(article, title="First save"))
    publisher_client.post(change_url(article), change_form_data(article, title="Second save"))

    saved = versions(article)
    assert [version.field_dict["title"] for version in saved] == ["Second save", "First save"]
    assert all(version.revision.user == publisher for version in saved)
    kept_references = [
        other.object_id
        for other in saved[0].revision.version_set.all()
        if other.content_type.model_class() is Reference
    ]
    assert kept_references == [str(reference.pk)]


def test_workflow_changes_keep_a_version_too(publisher_client, publisher, draft_article):
    publisher_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [draft_article.pk]},
    )

    [version] = versions(draft_article)
    assert version.field_dict["status"] == Article.Status.PUBLISHED
    assert version.revision.user == publisher
    assert version.revision.comment == "Published"


def test_compare_view_shows_a_changed_line_as_removed_and_added(publisher_client, edited_article):
    response = publisher_client.get(compare_url(edited_article))

    assert response.status_code == HTTPStatus.OK
    content = html.unescape(response.content.decode())
    assert "<del>− Nerve pain comes from damaged nerves.</del>" in content
    assert "<ins>+ Nerve pain comes from nerves that were hurt.</ins>" in content
    assert '<li class="version-diff__same">## What is nerve pain?</li>' in content
    assert f"<del>− {edited_article.old_reference.citation}" in content
    assert f"<ins>+ {NEW_REFERENCE['citation']}" in content


def test_compare_view_compares_the_versions_chosen(publisher_client, edited_article):
    newer, older = versions(edited_article)

    response = publisher_client.get(
        compare_url(edited_article), {"from": newer.pk, "to": older.pk}
    )

    content = html.unescape(response.content.decode())
    assert "<del>− Nerve pain comes from nerves that were hurt.</del>" in content
    assert "<ins>+ Nerve pain comes from damaged nerves.</ins>" in content


def test_compare_view_says_when_there_is_nothing_to_compare(publisher_client, draft_article):
    response = publisher_client.get(compare_url(draft_article))

    assert response.status_code == HTTPStatus.OK
    assert "fewer than two saved versions" in response.content.decode()


def test_history_lists_the_saved_versions(publisher_client, edited_article):
    response = publisher_client.get(
        reverse("admin:articles_article_history", args=[edited_article.pk])
    )

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    for version in versions(edited_article):
        assert revision_url(edited_article, version) in content


def test_restoring_an_older_version_brings_back_its_body_and_its_references(
    publisher_client, edited_article
):
    older = versions(edited_article)[-1]
    page = publisher_client.get(revision_url(edited_article, older))
    assert page.status_code == HTTPStatus.OK
    # Opening a version shows it without changing anything.
    edited_article.refresh_from_db()
    assert edited_article.body == NEW_BODY
    assert edited_article.references.get().citation == NEW_REFERENCE["citation"]

    response = publisher_client.post(revision_url(edited_article, older), rendered_form_data(page))

    assert response.status_code == HTTPStatus.FOUND
    edited_article.refresh_from_db()
    assert edited_article.body == OLD_BODY
    assert [
        (reference.pk, reference.citation, reference.doi)
        for reference in edited_article.references.all()
    ] == [
        (
            edited_article.old_reference.pk,
            edited_article.old_reference.citation,
            edited_article.old_reference.doi,
        )
    ]
    assert not Reference.objects.filter(citation=NEW_REFERENCE["citation"]).exists()
    assert len(versions(edited_article)) == 3
    assert versions(edited_article)[0].revision.comment.startswith("Reverted to previous version")


def test_editor_may_restore_a_version_of_a_draft(editor_client, edited_article):
    older = versions(edited_article)[-1]
    page = editor_client.get(revision_url(edited_article, older))

    response = editor_client.post(revision_url(edited_article, older), rendered_form_data(page))

    assert response.status_code == HTTPStatus.FOUND
    edited_article.refresh_from_db()
    assert edited_article.body == OLD_BODY


@pytest.fixture
def published_with_history(publisher_client, edited_article):
    """The edited article, then published by a publisher through the form."""
    publisher_client.post(
        change_url(edited_article),
        change_form_data(edited_article, status=Article.Status.PUBLISHED),
    )
    edited_article.refresh_from_db()
    assert edited_article.is_published
    return edited_article


@pytest.mark.parametrize("which", ["published", "draft"])
def test_editor_cannot_restore_any_version_of_a_published_article(
    editor_client, published_with_history, which
):
    # Restoring the published version would change a live article; restoring a draft version
    # would take it off the site.
    version = versions(published_with_history)[0 if which == "published" else -1]
    assert version.field_dict["status"] == which

    assert (
        editor_client.get(revision_url(published_with_history, version)).status_code
        == HTTPStatus.FORBIDDEN
    )
    response = editor_client.post(
        revision_url(published_with_history, version),
        change_form_data(published_with_history, body=OLD_BODY),
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    published_with_history.refresh_from_db()
    assert published_with_history.is_published
    assert published_with_history.body == NEW_BODY


def test_restoring_a_published_version_of_an_unpublished_article_does_not_publish_it(
    editor_client, publisher_client, published_with_history
):
    publisher_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish_selected", "_selected_action": [published_with_history.pk]},
    )
    published_version = next(
        version
        for version in versions(published_with_history)
        if version.field_dict["status"] == Article.Status.PUBLISHED
    )
    page = editor_client.get(revision_url(published_with_history, published_version))
    assert page.status_code == HTTPStatus.OK

    response = editor_client.post(
        revision_url(published_with_history, published_version), rendered_form_data(page)
    )

    assert response.status_code == HTTPStatus.FOUND
    published_with_history.refresh_from_db()
    assert published_with_history.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=published_with_history.pk).exists()


def test_publisher_may_restore_an_older_version_of_a_published_article(
    publisher_client, published_with_history
):
    published_version = versions(published_with_history)[0]
    page = publisher_client.get(revision_url(published_with_history, published_version))

    response = publisher_client.post(
        revision_url(published_with_history, published_version), rendered_form_data(page)
    )

    assert response.status_code == HTTPStatus.FOUND
    published_with_history.refresh_from_db()
    assert published_with_history.is_published


def test_restoring_an_old_version_brings_back_its_text_and_keeps_the_workflow(
    publisher_client, published_with_history
):
    reviewed_on = published_with_history.last_reviewed_on
    published_at = published_with_history.published_at
    draft_version = versions(published_with_history)[-1]
    assert draft_version.field_dict["status"] == Article.Status.DRAFT
    page = publisher_client.get(revision_url(published_with_history, draft_version))

    response = publisher_client.post(
        revision_url(published_with_history, draft_version), rendered_form_data(page)
    )

    assert response.status_code == HTTPStatus.FOUND
    published_with_history.refresh_from_db()
    assert published_with_history.body == OLD_BODY
    assert published_with_history.is_published
    assert published_with_history.published_at == published_at.replace(microsecond=0)
    assert published_with_history.last_reviewed_on == reviewed_on
    assert not published_with_history.events.filter(kind=ArticleEvent.Kind.UNPUBLISHED).exists()
