"""The command line for editors' scripts and content CI: check_content and publish_article."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleEvent
from articles.publishing import publish_problems
from articles.services import article_sign_off_claims
from tests.factories import ArticleFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def manage(*argv: str) -> tuple[int, str, str]:
    """Run a command as `manage.py` would: its exit status, stdout and stderr.

    Through `call_command`, because `manage.py`'s own runner closes the database connection
    at the end, which would end the test's transaction on PostgreSQL. A `CommandError` is
    turned into what `manage.py` makes of it: the message on stderr and its exit status.
    """
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command(*argv, stdout=stdout, stderr=stderr)
    except SystemExit as exit:
        code = exit.code
    except CommandError as error:
        stderr.write(f"CommandError: {error}\n")
        code = error.returncode
    else:
        code = 0
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def good(db):
    return ArticleFactory(slug="good", with_reference=True)


@pytest.fixture
def blocked_draft(db):
    """A draft with two blocking problems."""
    return ArticleFactory(
        slug="blocked-draft", disclaimer="", unreviewed=True, with_reference=True
    )


# check_content


def test_check_content_passes_a_good_article(good):
    code, stdout, _ = manage("check_content", "good")

    assert code == 0
    assert "✓ good (draft): ready to publish" in stdout


def test_check_content_fails_a_named_draft_with_a_blocking_problem(good, blocked_draft):
    code, stdout, _ = manage("check_content", "good", "blocked-draft")

    assert code == 1
    assert "✗ blocked-draft (draft): 2 to fix" in stdout
    assert (
        "[blocking] disclaimer_missing: Add a disclaimer: every published article must show one."
        in stdout
    )
    assert "[blocking] reviewer_missing: No medical review is recorded" in stdout
    assert "✓ good (draft): ready to publish" in stdout


def test_check_content_lists_claims_awaiting_sign_off_without_failing(db):
    ArticleFactory(slug="claims", with_claim=True, with_reference=True)

    code, stdout, _ = manage("check_content", "claims")

    assert code == 0
    assert (
        "[sign-off] claim_language: In the text: “Acupuncture cures nerve pain for good.”"
        in stdout
    )


def test_check_content_all_fails_when_a_published_article_has_a_blocking_problem(
    good, blocked_draft
):
    ArticleFactory(slug="overdue", published=True, review_overdue=True, with_reference=True)

    code, stdout, _ = manage("check_content", "--all")

    assert code == 1
    assert "✗ overdue (published): 1 to fix" in stdout
    assert "[blocking] review_overdue: The review was due on" in stdout


def test_check_content_all_passes_when_only_drafts_have_problems(good, blocked_draft):
    ArticleFactory(slug="live", published=True, with_reference=True)
    ArticleFactory(slug="submitted", in_review=True, with_claim=True, with_reference=True)

    code, stdout, _ = manage("check_content", "--all")

    assert code == 0
    assert "✗ blocked-draft (draft): 2 to fix" in stdout
    assert "✓ live (published): ready to publish" in stdout
    assert "✗ submitted (in_review): 1 to fix" in stdout


def test_check_content_all_fails_for_a_named_draft_among_them(good, blocked_draft):
    code, _, _ = manage("check_content", "--all", "blocked-draft")

    assert code == 1


def test_check_content_json_is_a_list_of_articles_with_their_problems(good, blocked_draft):
    code, stdout, _ = manage("check_content", "--all", "--format", "json")

    assert code == 0
    reports = json.loads(stdout)
    assert isinstance(reports, list)
    assert [set(report) for report in reports] == [
        {"slug", "title", "status", "blocked", "problems"}
    ] * 2
    by_slug = {report["slug"]: report for report in reports}
    assert by_slug["good"] == {
        "slug": "good",
        "title": good.title,
        "status": "draft",
        "blocked": False,
        "problems": [],
    }
    report = by_slug["blocked-draft"]
    assert report["blocked"] is False  # a draft, not named: listed, but does not fail the run
    for problem in report["problems"]:
        assert {"code", "check", "message", "severity"} <= set(problem)
        assert all(isinstance(problem[key], str) for key in ["code", "check", "message"])
    assert [
        (problem["code"], problem["check"], problem["severity"]) for problem in report["problems"]
    ] == [
        ("disclaimer_missing", "disclaimer", "blocking"),
        ("reviewer_missing", "review", "blocking"),
    ]


def test_check_content_reports_the_same_problems_as_the_publish_rules(db):
    article = ArticleFactory(
        slug="many-faults",
        meta_description="Short",
        body="Guaranteed relief. ![](chart.png) [Mail us](mailto:clinic@nhs.net)",
    )
    ReferenceFactory(article=article, url="https://example.com/study", doi="", pmid="")
    ReferenceFactory(article=article, citation="Author A, Author B (2019). Acupuncture. Pain.")

    code, stdout, _ = manage("check_content", "many-faults", "--format", "json")

    assert code == 1
    [report] = json.loads(stdout)
    assert report["blocked"] is True
    expected = publish_problems(article, article.references.all())
    assert [(problem["code"], problem["message"]) for problem in report["problems"]] == [
        (problem.code, problem.message) for problem in expected
    ]
    assert {problem.code for problem in expected} == {
        "meta_description_length",
        "claim_language",
        "image_without_alt",
        "link_not_allowed",
        "reference_invalid_url",
        "reference_placeholder",
    }


def test_check_content_refuses_an_unknown_slug(good):
    with pytest.raises(CommandError, match="No article with the slug: no-such-article"):
        call_command("check_content", "good", "no-such-article", stdout=StringIO())

    code, stdout, stderr = manage("check_content", "no-such-article")

    assert code == 1
    assert "No article with the slug: no-such-article" in stderr
    assert stdout == ""


def test_check_content_needs_a_slug_or_all(db):
    with pytest.raises(CommandError, match="--all"):
        call_command("check_content", stdout=StringIO())


# publish_article


def test_publish_article_publishes_a_good_article(good, publisher):
    code, stdout, stderr = manage("publish_article", "good", "--user", "publisher")

    assert (code, stderr) == (0, "")
    good.refresh_from_db()
    assert good.is_published
    assert good.published_by == publisher
    assert f"Published “{good.title}”" in stdout
    event = ArticleEvent.objects.get()
    assert (event.kind, event.user) == (ArticleEvent.Kind.PUBLISHED, publisher)


def test_publish_article_without_a_user_records_no_one(good):
    code, _, _ = manage("publish_article", "good")

    assert code == 0
    good.refresh_from_db()
    assert good.is_published
    assert good.published_by is None


def test_publish_article_keeps_a_scheduled_time(db):
    next_week = timezone.now() + timedelta(days=7)
    article = ArticleFactory(slug="later", published_at=next_week, with_reference=True)

    code, stdout, _ = manage("publish_article", "later")

    assert code == 0
    article.refresh_from_db()
    assert article.is_scheduled
    assert "Scheduled “" in stdout


def test_publish_article_refuses_a_bad_article_listing_every_problem_and_changing_nothing(
    blocked_draft, publisher
):
    with pytest.raises(CommandError, match="was not published: 2 problem"):
        call_command("publish_article", "blocked-draft", stdout=StringIO(), stderr=StringIO())

    code, stdout, stderr = manage("publish_article", "blocked-draft", "--user", "publisher")

    assert code == 1
    assert stdout == ""
    assert "✗ disclaimer_missing: Add a disclaimer: every published article must show one." in (
        stderr
    )
    assert "✗ reviewer_missing: No medical review is recorded" in stderr
    blocked_draft.refresh_from_db()
    assert blocked_draft.status == Article.Status.DRAFT
    assert blocked_draft.published_at is None
    assert blocked_draft.published_by is None
    assert not ArticleEvent.objects.exists()
    assert not Version.objects.get_for_object(blocked_draft).exists()


def test_publish_article_refuses_claims_until_they_are_signed_off(db, publisher):
    article = ArticleFactory(slug="claims", with_claim=True, with_reference=True)

    code, _, stderr = manage("publish_article", "claims")

    assert code == 1
    assert "✗ claim_language: In the text: “Acupuncture cures nerve pain for good.”" in stderr

    article_sign_off_claims(article=article, user=publisher)
    code, _, _ = manage("publish_article", "claims")

    assert code == 0
    article.refresh_from_db()
    assert article.is_published


def test_publish_article_refuses_a_user_without_the_publish_permission(good, editor):
    with pytest.raises(CommandError, match="editor does not have permission to publish"):
        call_command("publish_article", "good", "--user", "editor", stdout=StringIO())

    good.refresh_from_db()
    assert good.status == Article.Status.DRAFT
    assert not ArticleEvent.objects.exists()


def test_publish_article_refuses_an_unknown_or_inactive_user(good, publisher):
    publisher.is_active = False
    publisher.save()

    with pytest.raises(CommandError, match="No active user “publisher”"):
        call_command("publish_article", "good", "--user", "publisher", stdout=StringIO())
    with pytest.raises(CommandError, match="No active user “nobody”"):
        call_command("publish_article", "good", "--user", "nobody", stdout=StringIO())

    good.refresh_from_db()
    assert good.status == Article.Status.DRAFT


def test_publish_article_refuses_an_unknown_slug(db):
    with pytest.raises(CommandError, match="No article with the slug “no-such-article”"):
        call_command("publish_article", "no-such-article", stdout=StringIO())


def test_publish_article_on_a_published_article_keeps_who_published_it_and_when(
    published_article, publisher
):
    published_article.published_by = publisher
    published_article.save()
    published_at = published_article.published_at

    manage("publish_article", published_article.slug)

    published_article.refresh_from_db()
    assert published_article.is_published
    assert published_article.published_at == published_at
    assert published_article.published_by == publisher


def test_manage_py_exit_statuses_on_the_demo_content(tmp_path):
    """The exit statuses content CI sees, from real `manage.py` runs on a database of their own."""
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'content.sqlite3'}",
        "SECRET_KEY": "only-for-this-test",
        "DEBUG": "false",
    }

    def manage_py(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *argv],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert manage_py("migrate", "--verbosity", "0").returncode == 0
    assert manage_py("load_demo", "--verbosity", "0").returncode == 0

    everything = manage_py("check_content", "--all", "--format", "json")
    draft = next(
        report["slug"] for report in json.loads(everything.stdout) if report["status"] == "draft"
    )
    refused = manage_py("publish_article", draft)

    assert everything.returncode == 0  # only the demo's draft has problems
    assert manage_py("check_content", draft).returncode == 1
    assert manage_py("check_content", "no-such-article").returncode == 1
    assert refused.returncode == 1
    assert "✗ disclaimer_missing" in refused.stderr
