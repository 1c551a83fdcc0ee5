import pytest

from articles.article_page import any_article_page, published_article_page
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    PractitionerFactory,
    ReferenceFactory,
)

pytestmark = pytest.mark.django_db


def test_a_published_article_comes_with_its_people_conditions_and_references_in_order(
    django_assert_num_queries,
):
    article = ArticleFactory(
        published=True,
        conditions=[ConditionFactory(name="Sciatica"), ConditionFactory(name="Neuralgia")],
    )
    third = ReferenceFactory(article=article, position=3)
    first = ReferenceFactory(article=article, position=1)

    with django_assert_num_queries(4):
        page = published_article_page(article.slug)
        # Everything the page shows is loaded: reading it asks nothing more.
        assert page.article.author.name == article.author.name
        assert page.article.reviewer.name == article.reviewer.name
        assert [condition.name for condition in page.conditions] == ["Neuralgia", "Sciatica"]
        assert [reference.pk for reference in page.references] == [first.pk, third.pk]
        assert page.article.title == article.title


def test_only_a_published_article_whose_time_has_come_is_found():
    draft = ArticleFactory()
    scheduled = ArticleFactory(scheduled=True)

    assert published_article_page(draft.slug) is None
    assert published_article_page(scheduled.slug) is None
    assert published_article_page("no-such-article") is None


def test_an_article_without_author_or_reviewer_has_none(django_assert_num_queries):
    article = ArticleFactory(published=True, author=None, unreviewed=True)

    with django_assert_num_queries(4):
        page = published_article_page(article.slug)

    assert page.article.author is None
    assert page.article.reviewer is None
    assert page.conditions == []


def test_an_author_who_also_reviewed_is_both():
    practitioner = PractitionerFactory()
    article = ArticleFactory(published=True, author=practitioner, reviewer=practitioner)

    page = published_article_page(article.slug)

    assert page.article.author == practitioner
    assert page.article.reviewer == practitioner


def test_a_staff_preview_finds_a_draft_with_the_same_parts():
    article = ArticleFactory(conditions=[ConditionFactory()])
    reference = ReferenceFactory(article=article)

    page = any_article_page(article.slug)

    assert page.article.pk == article.pk
    assert page.references == [reference]
    assert len(page.conditions) == 1
    assert any_article_page("no-such-article") is None
