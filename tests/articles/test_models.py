from datetime import timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from articles.services import article_sign_off_claims
from tests.factories import ArticleFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

CONSTRAINT_NAME = "article_published_has_time_and_disclaimer"


NO_DISCLAIMER = "Add a disclaimer: every published article must show one."


def validation_messages(article) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        article.full_clean()
    return raised.value.message_dict


def test_published_article_without_disclaimer_fails_validation_on_disclaimer():
    article = ArticleFactory.build(status=Article.Status.PUBLISHED, disclaimer="")

    assert validation_messages(article) == {"disclaimer": [NO_DISCLAIMER]}


def test_published_article_with_only_whitespace_as_disclaimer_fails_validation():
    article = ArticleFactory.build(status=Article.Status.PUBLISHED, disclaimer="  \n ")

    assert validation_messages(article) == {"disclaimer": [NO_DISCLAIMER]}


def test_article_in_review_without_disclaimer_fails_validation():
    article = ArticleFactory.build(in_review=True, disclaimer="")

    assert validation_messages(article) == {"disclaimer": [NO_DISCLAIMER]}


def test_validation_lists_every_blocking_problem_of_the_row_where_the_editor_sees_it():
    article = ArticleFactory.build(
        status=Article.Status.PUBLISHED,
        disclaimer="",
        summary="  ",
        meta_description="Short.",
        unreviewed=True,
        body="![](chart.png)",
    )

    messages = validation_messages(article)

    assert messages == {
        "disclaimer": [NO_DISCLAIMER],
        "summary": ["Add a summary of two or three sentences."],
        "meta_description": ["The meta description is 6 characters long: make it 50 to 160."],
        # The review is not a field of the form: it is recorded through its own page.
        NON_FIELD_ERRORS: [
            "No medical review is recorded: once the article is saved, a reviewer uses "
            "“Record a medical review”."
        ],
        "body": [
            "The image “chart.png” has no description (alt text): write "
            "![what the picture shows](address)."
        ],
    }


def test_published_article_with_claims_not_signed_off_fails_validation():
    article = ArticleFactory.build(status=Article.Status.PUBLISHED, with_claim=True)

    messages = validation_messages(article)

    assert list(messages) == ["body"]
    assert "“Acupuncture cures nerve pain for good.”" in messages["body"][0]


def test_article_in_review_with_claims_not_signed_off_passes_validation():
    ArticleFactory.build(in_review=True, with_claim=True).full_clean()


def test_draft_without_disclaimer_passes_validation():
    article = ArticleFactory.build(disclaimer="", author=None, reviewer=None)

    article.full_clean()


def test_draft_with_every_problem_passes_validation():
    ArticleFactory.build(
        disclaimer="", summary=" ", meta_description="", unreviewed=True, with_claim=True
    ).full_clean()


def test_validating_a_published_article_without_time_sets_it_to_now():
    before = timezone.now()
    article = ArticleFactory.build(status=Article.Status.PUBLISHED, published_at=None)

    article.full_clean()

    assert before <= article.published_at <= timezone.now()


def test_database_refuses_published_article_without_disclaimer():
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        ArticleFactory(published=True, disclaimer="")

    assert CONSTRAINT_NAME in str(raised.value)
    assert not Article.objects.exists()


def test_database_refuses_published_article_whose_disclaimer_is_only_whitespace():
    # save() strips the disclaimer, so the database sees an empty one.
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(published=True, disclaimer="   ")

    assert not Article.objects.exists()


def test_database_refuses_published_article_without_publication_time():
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)

    assert CONSTRAINT_NAME in str(raised.value)


def test_bulk_update_cannot_publish_article_without_disclaimer():
    article = ArticleFactory(disclaimer="")

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.PUBLISHED, published_at=timezone.now()
        )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_published_queryset_holds_only_articles_whose_time_has_come(
    published_article, draft_article, scheduled_article
):
    assert list(Article.objects.published()) == [published_article]


def test_is_published_and_is_scheduled_follow_status_and_time(
    published_article, draft_article, scheduled_article
):
    assert (published_article.is_published, published_article.is_scheduled) == (True, False)
    assert (draft_article.is_published, draft_article.is_scheduled) == (False, False)
    assert (scheduled_article.is_published, scheduled_article.is_scheduled) == (False, True)


def test_scheduled_article_becomes_public_once_its_time_has_passed(scheduled_article):
    Article.objects.filter(pk=scheduled_article.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )

    assert list(Article.objects.published()) == [scheduled_article]


def test_saving_renders_body_to_html_even_with_update_fields():
    article = ArticleFactory(body="First version")

    article.body = "# New heading"
    article.save(update_fields=["body"])

    article.refresh_from_db()
    assert "<h2>New heading</h2>" in article.body_html
    assert "First version" not in article.body_html


def test_reference_validation_strips_doi_and_pmid_prefixes():
    reference = ReferenceFactory.build(
        article=ArticleFactory(),
        doi="https://doi.org/10.1016/j.jpain.2017.11.005",
        pmid="PMID: 29198932",
    )

    reference.full_clean()

    assert reference.doi == "10.1016/j.jpain.2017.11.005"
    assert reference.pmid == "29198932"


@pytest.mark.parametrize(
    ("field", "value"),
    [("doi", "not-a-doi"), ("pmid", "12ab"), ("url", "javascript:alert(1)")],
)
def test_reference_validation_rejects_malformed_identifiers(field, value):
    reference = ReferenceFactory.build(article=ArticleFactory(), **{field: value})

    with pytest.raises(ValidationError) as raised:
        reference.full_clean()

    assert field in raised.value.message_dict


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        (
            {"url": "https://example.org/study", "doi": "10.1/x", "pmid": "1"},
            "https://example.org/study",
        ),
        ({"url": "", "doi": "10.1/x", "pmid": "1"}, "https://doi.org/10.1/x"),
        ({"url": "", "doi": "", "pmid": "29198932"}, "https://pubmed.ncbi.nlm.nih.gov/29198932/"),
        ({"url": "", "doi": "", "pmid": ""}, ""),
    ],
)
def test_reference_link_prefers_url_then_doi_then_pubmed(links, expected):
    reference = ReferenceFactory.build(**links)

    assert reference.link == expected
    assert reference.has_link is bool(expected)


# The claims sign-off belongs to the text it was given for.


@pytest.fixture
def signed_off_article(publisher):
    article = ArticleFactory(with_claim=True)
    article_sign_off_claims(article=article, user=publisher)
    article.refresh_from_db()
    assert article.claims_sign_off_is_current
    return article


def assert_sign_off_cleared(article):
    article.refresh_from_db()
    assert article.claims_signed_off_by is None
    assert article.claims_signed_off_at is None
    assert article.claims_signed_off_sentences == []
    assert article.claims_signed_off_fingerprint == ""


@pytest.mark.parametrize(
    ("field", "new_text"),
    [
        ("body", "Acupuncture cures nerve pain for good. Book a session."),
        ("title", "Nerve pain and acupuncture"),
        ("summary", "A new summary of what may help."),
        ("meta_description", "A new description of nerve pain and what may help, for search."),
    ],
)
def test_saving_an_edited_text_clears_the_claims_sign_off(signed_off_article, field, new_text):
    setattr(signed_off_article, field, new_text)

    signed_off_article.save()

    assert_sign_off_cleared(signed_off_article)


def test_saving_only_the_edited_field_still_clears_the_claims_sign_off(signed_off_article):
    signed_off_article.body += "\n\nOne more sentence."

    signed_off_article.save(update_fields=["body"])

    assert_sign_off_cleared(signed_off_article)


def test_saving_without_changing_the_text_keeps_the_claims_sign_off(signed_off_article, publisher):
    signed_off_article.disclaimer = "A different disclaimer: talk to your GP first."

    signed_off_article.save()

    signed_off_article.refresh_from_db()
    assert signed_off_article.claims_sign_off_is_current
    assert signed_off_article.claims_signed_off_by == publisher
    assert signed_off_article.claims_signed_off_sentences == [
        "Acupuncture cures nerve pain for good."
    ]


def test_a_text_changed_behind_the_models_back_is_not_signed_off(signed_off_article):
    Article.objects.filter(pk=signed_off_article.pk).update(body="It cures everything.")

    signed_off_article.refresh_from_db()

    assert not signed_off_article.claims_sign_off_is_current


@pytest.mark.parametrize(("days", "overdue"), [(-1, True), (0, False), (1, False), (None, False)])
def test_review_is_overdue_once_its_due_date_has_passed(days, overdue):
    due_on = None if days is None else timezone.localdate() + timedelta(days=days)

    assert ArticleFactory.build(next_review_due_on=due_on).review_is_overdue is overdue
