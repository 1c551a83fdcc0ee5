"""
What the article page reads: the article, its author and reviewer, its conditions and its
references.

A published article is read in four queries whose SQL the ORM builds once per process
(clinic_site/compiled_queries.py): the page is the site's most read, and building the SQL of
the same four questions on every visit cost more than answering them. A staff preview of a
draft is rare and goes through the ORM as usual.

Each query reads only the columns the page shows: not the Markdown source, the search vector,
the workflow's records or the practitioners' biographies. A column left out and then read
would cost a query, which the tests' fixed query counts catch.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Prefetch
from django.utils import timezone

from articles.models import Article, Reference
from clinic_site.compiled_queries import CompiledQuery
from conditions.models import Condition
from practitioners.models import Practitioner

ARTICLE_NOT_SHOWN = (
    "body",
    "search_vector",
    "claims_signed_off_sentences",
    "claims_signed_off_fingerprint",
    "source_filename",
    "source_checksum",
)
PRACTITIONER_NOT_SHOWN = (
    "biography",
    "biography_html",
    "photo_alt_text",
    "search_vector",
    "created_at",
)
CONDITION_SHOWN = ("name", "slug", "synonyms")


@dataclass(frozen=True)
class ArticlePage:
    article: Article
    conditions: list[Condition]
    references: list[Reference]


PUBLISHED_ARTICLE = CompiledQuery(
    lambda slug, now: (
        Article.objects.published(at=now).filter(slug=slug).defer(*ARTICLE_NOT_SHOWN)
    ),
    slug="\x00slug",
    now=datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC),
)
# Author and reviewer in one query: `IN (NULL, ...)` simply matches nothing for a missing one.
PRACTITIONERS = CompiledQuery(
    lambda author, reviewer: Practitioner.objects.filter(pk__in=[author, reviewer]).defer(
        *PRACTITIONER_NOT_SHOWN
    ),
    author=-1_000_001,
    reviewer=-1_000_002,
)
CONDITIONS = CompiledQuery(
    lambda article: Condition.objects.filter(articles=article).only(*CONDITION_SHOWN),
    article=-1_000_003,
)
REFERENCES = CompiledQuery(
    lambda article: Reference.objects.filter(article=article).order_by("position"),
    article=-1_000_004,
)


def published_article_page(slug: str) -> ArticlePage | None:
    """The published article at `slug` and what its page shows; None if there is none."""
    found = PUBLISHED_ARTICLE.run(slug=slug, now=timezone.now())
    if not found:
        return None
    article = found[0]
    practitioners = {
        practitioner.pk: practitioner
        for practitioner in PRACTITIONERS.run(
            author=article.author_id, reviewer=article.reviewer_id
        )
    }
    article.author = practitioners.get(article.author_id)
    article.reviewer = practitioners.get(article.reviewer_id)
    return ArticlePage(
        article=article,
        conditions=CONDITIONS.run(article=article.pk),
        references=REFERENCES.run(article=article.pk),
    )


def any_article_page(slug: str) -> ArticlePage | None:
    """The article at `slug` whatever its state (a staff preview); None if there is none."""
    article = (
        Article.objects.select_related("author", "reviewer")
        .defer(
            *ARTICLE_NOT_SHOWN,
            *(
                f"{practitioner}__{field}"
                for practitioner in ("author", "reviewer")
                for field in PRACTITIONER_NOT_SHOWN
            ),
        )
        .prefetch_related(
            Prefetch("conditions", queryset=Condition.objects.only(*CONDITION_SHOWN)),
            Prefetch("references", queryset=Reference.objects.order_by("position")),
        )
        .filter(slug=slug)
        .first()
    )
    if article is None:
        return None
    return ArticlePage(
        article=article,
        conditions=list(article.conditions.all()),
        references=list(article.references.all()),
    )
