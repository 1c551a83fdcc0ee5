from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

CONSTRAINT_NAME = "article_published_has_time_and_disclaimer"


def test_published_article_without_disclaimer_fails_validation_on_disclaimer():
    article = ArticleFactory.build(
        status=Article.Status.PUBLISHED, disclaimer="", author=None, reviewer=None
    )

    with pytest.raises(ValidationError) as raised:
        article.full_clean()

    assert "disclaimer" in raised.value.message_dict
    assert any("disclaimer" in message for message in raised.value.message_dict["disclaimer"])


def test_published_article_with_only_whitespace_as_disclaimer_fails_validation():
    article = ArticleFactory.build(
        status=Article.Status.PUBLISHED, disclaimer="  \n ", author=None, reviewer=None
    )

    with pytest.raises(ValidationError) as raised:
        article.full_clean()

    assert "disclaimer" in raised.value.message_dict


def test_draft_without_disclaimer_passes_validation():
    article = ArticleFactory.build(disclaimer="", author=None, reviewer=None)

    article.full_clean()


def test_validating_a_published_article_without_time_sets_it_to_now():
    before = timezone.now()
    article = ArticleFactory.build(
        status=Article.Status.PUBLISHED, published_at=None, author=None, reviewer=None
    )

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
