import re
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from articles.forms import MAX_IMPORT_FILES
from articles.importing import MAX_FILE_BYTES
from articles.models import Article
from tests.articles.import_texts import (
    BACK_PAIN,
    BACK_PAIN_TITLE,
    MIGRAINE,
    MIGRAINE_CAPTION,
    NERVE_PAIN_BYTES,
    NERVE_PAIN_TITLE,
)
from tests.factories import ArticleFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:articles_article_import")
CHANGELIST_URL = reverse("admin:articles_article_changelist")


def text_file(name: str, content: str | bytes) -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/plain")


def post_import(client, *, files=(), text="", name="", dry_run=False, force=False):
    data = {"files": list(files), "text": text, "name": name}
    if dry_run:
        data["dry_run"] = "on"
    if force:
        data["force"] = "on"
    return client.post(IMPORT_URL, data)


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_article_list_links_to_the_import_page(editor_client):
    response = editor_client.get(CHANGELIST_URL)

    assert f'<a href="{IMPORT_URL}">Import drafts</a>' in response.content.decode()


def test_the_import_page_has_the_form_and_breadcrumbs_and_no_inline_style(editor_client):
    response = editor_client.get(IMPORT_URL)

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert re.search(r'<input type="file" name="files"[^>]* multiple', page)
    assert '<li aria-current="page">Import drafts</li>' in page
    assert "1.0\xa0MB" in page  # the upload and form size limits are explained
    assert not re.search(r"\sstyle=|<script(?![^>]*\ssrc=)", page)


def test_an_editor_uploads_several_files_and_sees_the_report_with_links(editor_client, editor):
    response = post_import(
        editor_client,
        files=[
            text_file("back-pain.txt", BACK_PAIN),
            text_file("migraine.txt", MIGRAINE),
            text_file("nerve-pain.txt", NERVE_PAIN_BYTES),
        ],
    )

    assert response.status_code == HTTPStatus.OK
    articles = {article.source_filename: article for article in Article.objects.all()}
    assert set(articles) == {"back-pain.txt", "migraine.txt", "nerve-pain.txt"}
    assert {article.status for article in articles.values()} == {Article.Status.DRAFT}
    assert articles["nerve-pain.txt"].title == NERVE_PAIN_TITLE
    assert articles["back-pain.txt"].title == BACK_PAIN_TITLE
    page = response.content.decode()
    for article in articles.values():
        assert f'href="{change_url(article)}"' in page
    assert MIGRAINE_CAPTION in page  # listed as left out
    assert "Add a disclaimer: every published article must show one." in page
    assert page.count("✓ Created") == 3
    versions = Version.objects.get_for_object(articles["migraine.txt"])
    assert [version.revision.user for version in versions] == [editor]


def test_pasted_text_is_imported_under_the_name_given(editor_client):
    response = post_import(editor_client, text=MIGRAINE.replace("\n", "\r\n"), name="mig.txt")

    article = Article.objects.get()
    assert response.status_code == HTTPStatus.OK
    assert (article.source_filename, article.title) == (
        "mig.txt",
        "Can Acupuncture Ease Migraine?",
    )
    assert "- Whether you are pregnant" in article.body
    assert f'href="{change_url(article)}"' in response.content.decode()


def test_pasted_text_without_a_name_is_named_after_its_title_and_updated_next_time(
    editor_client,
):
    post_import(editor_client, text=MIGRAINE)
    response = post_import(editor_client, text=MIGRAINE.replace("2009", "2008"))

    article = Article.objects.get()
    assert article.source_filename == "can-acupuncture-ease-migraine.txt"
    assert "since 2008" in article.body
    assert "✓ Updated" in response.content.decode()


def test_a_dry_run_saves_nothing_but_shows_the_report(editor_client):
    response = post_import(editor_client, files=[text_file("m.txt", MIGRAINE)], dry_run=True)

    assert not Article.objects.exists()
    page = response.content.decode()
    assert "Dry run: nothing was saved" in page
    assert "✓ Would be created" in page
    assert "can-acupuncture-ease-migraine" in page


def test_an_empty_file_is_an_error_for_that_file_only(editor_client):
    response = post_import(
        editor_client, files=[text_file("empty.txt", b""), text_file("m.txt", MIGRAINE)]
    )

    assert Article.objects.count() == 1
    page = response.content.decode()
    assert "✗ Error" in page and "The file is empty." in page


def test_the_form_needs_a_file_or_a_text(editor_client):
    response = post_import(editor_client)

    assert "Choose one or more text files, or paste a text." in response.content.decode()
    assert not Article.objects.exists()


def test_too_many_files_are_refused(editor_client):
    files = [text_file(f"{n}.txt", f"Title {n}\n\nText.") for n in range(MAX_IMPORT_FILES + 1)]

    response = post_import(editor_client, files=files)

    assert f"import at most {MAX_IMPORT_FILES} at a time" in response.content.decode()
    assert not Article.objects.exists()


def test_a_file_over_the_size_limit_is_refused_by_name(editor_client):
    big = text_file("big.txt", "Title\n\n" + "Text. " * (MAX_FILE_BYTES // 6 + 1))

    response = post_import(editor_client, files=[big, text_file("m.txt", MIGRAINE)])

    assert "“big.txt” is 1.0\xa0MB: the limit is 1.0\xa0MB per file." in (
        response.content.decode()
    )
    assert not Article.objects.exists()


def test_staff_without_permission_to_add_articles_get_403(staff_client_without_permissions):
    assert staff_client_without_permissions.get(IMPORT_URL).status_code == HTTPStatus.FORBIDDEN
    response = post_import(staff_client_without_permissions, text=MIGRAINE)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Article.objects.exists()


def test_only_publishers_see_the_force_option(editor_client, publisher_client):
    assert 'name="force"' not in editor_client.get(IMPORT_URL).content.decode()
    assert 'name="force"' in publisher_client.get(IMPORT_URL).content.decode()


def test_an_editor_cannot_replace_a_published_article_even_by_posting_force(editor_client):
    article = ArticleFactory(published=True, source_filename="m.txt")
    ReferenceFactory(article=article)

    response = post_import(editor_client, files=[text_file("m.txt", MIGRAINE)], force=True)

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert "Migraine" not in article.body
    assert "✗ Not imported" in response.content.decode()


def test_a_publisher_replaces_a_published_article_with_force_and_it_becomes_a_draft(
    publisher_client,
):
    article = ArticleFactory(published=True, source_filename="m.txt")
    ReferenceFactory(article=article)

    response = post_import(publisher_client, files=[text_file("m.txt", MIGRAINE)], force=True)

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert "Migraine is more than a bad headache." in article.body
    assert "back to draft" in response.content.decode()
