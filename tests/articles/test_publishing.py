import pytest

from articles.publishing import publish_problems
from tests.factories import ArticleFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def codes(problems):
    return [problem.code for problem in problems]


def test_article_with_disclaimer_and_linked_reference_has_no_problems():
    article = ArticleFactory.build()

    assert publish_problems(article, [ReferenceFactory.build(article=article)]) == []


@pytest.mark.parametrize(
    "links",
    [
        {"url": "https://example.org/study", "doi": "", "pmid": ""},
        {"url": "", "doi": "10.1016/j.jpain.2017.11.005", "pmid": ""},
        {"url": "", "doi": "", "pmid": "29198932"},
    ],
    ids=["url", "doi", "pmid"],
)
def test_any_one_link_is_enough_for_a_reference(links):
    article = ArticleFactory.build()

    assert publish_problems(article, [ReferenceFactory.build(article=article, **links)]) == []


@pytest.mark.parametrize("disclaimer", ["", "   \n  "], ids=["empty", "whitespace"])
def test_blank_disclaimer_is_a_problem(disclaimer):
    article = ArticleFactory.build(disclaimer=disclaimer)

    problems = publish_problems(article, [ReferenceFactory.build(article=article)])

    assert codes(problems) == ["disclaimer_missing"]
    assert problems[0].field == "disclaimer"
    assert "disclaimer" in problems[0].message


def test_article_without_references_is_a_problem():
    problems = publish_problems(ArticleFactory.build(), [])

    assert codes(problems) == ["references_missing"]
    assert problems[0].field == "references"
    assert "at least one reference" in problems[0].message


def test_reference_without_link_is_a_problem_naming_which_reference():
    article = ArticleFactory.build()
    references = [
        ReferenceFactory.build(article=article),
        ReferenceFactory.build(article=article, without_link=True, citation="Smith J. 2020."),
    ]

    problems = publish_problems(article, references)

    assert codes(problems) == ["reference_without_link"]
    assert problems[0].field == "references"
    assert "Reference 2" in problems[0].message
    assert "Smith J. 2020." in problems[0].message


def test_each_reference_without_link_is_reported():
    article = ArticleFactory.build()
    references = ReferenceFactory.build_batch(3, article=article, without_link=True)

    assert codes(publish_problems(article, references)) == ["reference_without_link"] * 3


def test_long_citation_is_shortened_in_the_problem_message():
    article = ArticleFactory.build()
    citation = "Author A. " * 30

    problems = publish_problems(
        article, [ReferenceFactory.build(article=article, without_link=True, citation=citation)]
    )

    assert citation.strip() not in problems[0].message
    assert "…" in problems[0].message


def test_every_problem_is_listed_at_once():
    article = ArticleFactory.build(disclaimer="")

    assert codes(publish_problems(article, [])) == ["disclaimer_missing", "references_missing"]
