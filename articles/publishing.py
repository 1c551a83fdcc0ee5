"""
The publish rules: what an article must have before the public may read it.

`publish_problems()` is the one place the rules are written. Every path that can publish
calls it: the article's own validation (its row rules, through `article_problems()`), the
admin's reference formset (where the references being typed are visible), the publish
service behind the admin's bulk action and the command line.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from articles.models import Article, Reference


@dataclass(frozen=True)
class Problem:
    code: str
    field: str
    message: str


def article_problems(article: Article) -> list[Problem]:
    """Problems in the article's own fields."""
    problems = []
    if not article.disclaimer.strip():
        problems.append(
            Problem(
                code="disclaimer_missing",
                field="disclaimer",
                message="Add a disclaimer: every published article must show one.",
            )
        )
    return problems


def reference_problems(references: Iterable[Reference]) -> list[Problem]:
    """Problems in the article's list of references."""
    references = list(references)
    if not references:
        return [
            Problem(
                code="references_missing",
                field="references",
                message="Add at least one reference with a link (URL, DOI or PMID).",
            )
        ]
    problems = []
    for number, reference in enumerate(references, start=1):
        if not reference.has_link:
            problems.append(
                Problem(
                    code="reference_without_link",
                    field="references",
                    message=(
                        f"Reference {number} (“{_shorten(reference.citation)}”) has no link: "
                        "add its URL, DOI or PMID so readers can check it."
                    ),
                )
            )
    return problems


def publish_problems(article: Article, references: Iterable[Reference]) -> list[Problem]:
    """Every reason the article cannot be published yet; an empty list means it can be."""
    return article_problems(article) + reference_problems(references)


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
