import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from articles.models import Article, ArticleEvent, Reference
from tests.articles.import_texts import (
    BACK_PAIN,
    BACK_PAIN_TITLE,
    MIGRAINE,
    MIGRAINE_CAPTION,
    NERVE_PAIN_BYTES,
    NERVE_PAIN_TITLE,
)
from tests.factories import ArticleFactory, ConditionFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

JSON_KEYS = {"file", "status", "slug", "title", "conditions", "references", "dropped", "problems"}


@pytest.fixture
def drafts(tmp_path):
    """A folder of three drafts as a clinic receives them."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "a-back-pain.txt").write_text(BACK_PAIN, encoding="utf-8")
    (folder / "b-migraine.txt").write_text(MIGRAINE, encoding="utf-8")
    (folder / "c-nerve-pain.txt").write_bytes(NERVE_PAIN_BYTES)
    return folder


def import_articles(*arguments) -> tuple[str, str]:
    stdout, stderr = StringIO(), StringIO()
    call_command("import_articles", *map(str, arguments), stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def import_json(*arguments) -> list[dict]:
    return json.loads(import_articles(*arguments, "--format", "json")[0])


def test_a_folder_of_drafts_is_imported_in_name_order_as_drafts(drafts):
    ConditionFactory(name="Neuropathy", synonyms="nerve pain, neuropathic pain")
    ConditionFactory(name="Migraine", synonyms="chronic headache")

    reports = import_json(drafts)

    assert [report["file"] for report in reports] == [
        "a-back-pain.txt",
        "b-migraine.txt",
        "c-nerve-pain.txt",
    ]
    assert [report["status"] for report in reports] == ["created"] * 3
    assert [report["title"] for report in reports] == [
        BACK_PAIN_TITLE,
        "Can Acupuncture Ease Migraine?",
        NERVE_PAIN_TITLE,
    ]
    assert [report["conditions"] for report in reports] == [[], ["Migraine"], ["Neuropathy"]]
    assert [len(report["references"]) for report in reports] == [2, 2, 3]
    assert reports[1]["dropped"] == [
        MIGRAINE_CAPTION,
        f"{MIGRAINE_CAPTION} from examplecliniccdn.com",
    ]
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}
    assert Article.objects.count() == 3
    assert not Article.objects.published().exists()


def test_json_report_has_one_object_per_file_with_the_documented_keys(drafts):
    reports = import_json(drafts / "c-nerve-pain.txt")

    (report,) = reports
    assert JSON_KEYS <= set(report)
    assert report["references"][0] == {
        "citation": (
            "Vickers AJ, Vertosick EA, Lewith G, et al. Acupuncture for chronic pain: update of "
            "an individual patient data meta-analysis. J Pain. 2018;19(5):455-474."
        ),
        "url": "",
        "doi": "10.1016/j.jpain.2017.11.005",
        "pmid": "",
    }
    article = Article.objects.get()
    assert (report["slug"], report["article_id"]) == (article.slug, article.pk)
    assert report["admin_url"] == f"/admin/articles/article/{article.pk}/change/"
    problem = next(p for p in report["problems"] if p["code"] == "summary_missing")
    assert set(problem) == {"code", "check", "message", "severity", "field"}


def test_an_empty_file_among_good_ones_fails_the_run_but_the_others_are_imported(drafts):
    (drafts / "b-empty.txt").write_bytes(b"")

    with pytest.raises(CommandError, match=r"1 of 4 file\(s\) not imported: b-empty.txt"):
        import_articles(drafts)

    assert Article.objects.count() == 3


def test_the_json_report_names_the_file_that_failed(drafts, capsys):
    (drafts / "b-empty.txt").write_bytes(b"\xef\xbb\xbf  \r\n")
    stdout = StringIO()

    with pytest.raises(CommandError):
        call_command("import_articles", drafts, "--format", "json", stdout=stdout)

    reports = json.loads(stdout.getvalue())
    failed = [report for report in reports if report["status"] == "error"]
    assert [(report["file"], report["message"]) for report in failed] == [
        ("b-empty.txt", "The file is empty.")
    ]


def test_a_binary_file_is_an_error_for_that_file_only(drafts):
    (drafts / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")

    with pytest.raises(CommandError, match="photo.txt: This is an image, not plain text"):
        import_articles(drafts)

    assert Article.objects.count() == 3


def test_a_windows_1252_file_is_imported_with_a_warning(tmp_path):
    path = tmp_path / "cafe.txt"
    path.write_bytes("Caf\u00e9 hours\n\nThe caf\u00e9 opens at nine.".encode("cp1252"))

    (report,) = import_json(path)

    assert report["status"] == "created"
    assert report["title"] == "Café hours"
    assert Article.objects.get().body == "The café opens at nine."
    assert "read as Windows-1252" in report["warnings"][0]


def test_a_missing_path_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        import_articles(tmp_path / "nowhere.txt")


def test_only_txt_files_directly_in_the_folder_are_imported(drafts):
    (drafts / "notes.docx").write_bytes(b"PK\x03\x04")
    (drafts / "old").mkdir()
    (drafts / "old" / "old.txt").write_text(MIGRAINE, encoding="utf-8")
    (drafts / "UPPER.TXT").write_text("Upper Case Name\n\nText.", encoding="utf-8")

    reports = import_json(drafts)

    assert [report["file"] for report in reports] == [
        "UPPER.TXT",
        "a-back-pain.txt",
        "b-migraine.txt",
        "c-nerve-pain.txt",
    ]


def test_importing_again_is_unchanged_then_updated_after_a_change(drafts):
    import_articles(drafts)
    article_ids = set(Article.objects.values_list("pk", flat=True))

    again = import_json(drafts)
    (drafts / "b-migraine.txt").write_text(MIGRAINE.replace("2009", "2008"), encoding="utf-8")
    changed = import_json(drafts)

    assert [report["status"] for report in again] == ["unchanged"] * 3
    assert [report["status"] for report in changed] == ["unchanged", "updated", "unchanged"]
    assert set(Article.objects.values_list("pk", flat=True)) == article_ids
    assert "since 2008" in Article.objects.get(source_filename="b-migraine.txt").body


def test_a_dry_run_changes_nothing(drafts):
    before = (Article.objects.count(), Reference.objects.count(), Version.objects.count())

    output, _ = import_articles(drafts, "--dry-run")

    assert (Article.objects.count(), Reference.objects.count(), Version.objects.count()) == (
        before
    )
    assert "would be created “Can Acupuncture Ease Migraine?”" in output
    assert "Dry run, nothing changed: 3 file(s): 3 would be created." in output


def test_the_text_report_shows_what_blocks_publishing_and_what_was_left_out(drafts):
    output, _ = import_articles(drafts / "b-migraine.txt")

    assert "✓ b-migraine.txt: created “Can Acupuncture Ease Migraine?”" in output
    assert "references: 2 (0 with a link)" in output
    assert f"dropped: {MIGRAINE_CAPTION} from examplecliniccdn.com" in output
    assert "[blocking] Add a disclaimer: every published article must show one." in output
    assert "1 file(s): 1 created." in output


def test_verbosity_zero_prints_nothing_when_all_is_well(drafts):
    output, _ = import_articles(drafts, "--verbosity", "0")

    assert output == ""


def test_a_published_article_is_not_replaced_without_force(drafts):
    article = ArticleFactory(published=True, source_filename="b-migraine.txt")
    ReferenceFactory(article=article)

    with pytest.raises(CommandError, match="b-migraine.txt: “.*” is published"):
        import_articles(drafts)

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert "Migraine" not in article.body
    assert Article.objects.count() == 3


def test_force_replaces_a_published_article_and_takes_it_back_to_draft(drafts, publisher):
    article = ArticleFactory(published=True, source_filename="b-migraine.txt")
    ReferenceFactory(article=article)

    reports = import_json(drafts, "--force", "--user", "publisher")

    article.refresh_from_db()
    assert reports[1]["status"] == "updated"
    assert article.status == Article.Status.DRAFT
    assert "Migraine is more than a bad headache." in article.body
    assert ArticleEvent.objects.filter(
        article=article, kind=ArticleEvent.Kind.UNPUBLISHED, user=publisher
    ).exists()
    assert {problem["code"] for problem in reports[1]["problems"]} >= {"reference_without_link"}


def test_the_user_is_recorded_in_the_history(drafts, editor):
    import_articles(drafts / "a-back-pain.txt", "--user", "editor")

    version = Version.objects.get_for_object(Article.objects.get()).get()
    assert version.revision.user == editor
    assert version.revision.comment == "Imported from a-back-pain.txt"


def test_users_who_may_not_add_articles_or_force_are_refused(drafts, editor, django_user_model):
    django_user_model.objects.create_user(username="guest", password="x", is_staff=True)

    with pytest.raises(CommandError, match="guest does not have permission to add articles"):
        import_articles(drafts, "--user", "guest")
    with pytest.raises(CommandError, match="editor may not replace published articles"):
        import_articles(drafts, "--user", "editor", "--force")
    with pytest.raises(CommandError, match="No active user “nobody”"):
        import_articles(drafts, "--user", "nobody")
    assert not Article.objects.exists()
