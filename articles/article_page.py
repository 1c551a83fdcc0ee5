"""
What the article page reads: the article, its author and reviewer, its conditions and its
references.

A published article is read in four queries whose SQL the ORM builds once per process
(clinic_site/compiled_queries.py): the page is the site's most read, and building the SQL of
the same four questions on every visit cost more than answering them. On PostgreSQL the four
are prepared statements and travel together, in one round trip. A staff preview of a draft is
rare and goes through the ORM as usual.

Each query reads only the columns the page shows: not the Markdown source, the search vector,
the workflow's records or the practitioners' biographies. A column left out and then read
would cost a query, which the tests' fixed query counts catch.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from articles.models import Article, Reference
from clinic_site.compiled_queries import CompiledQuery, run_together
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


def _published(slug, now):
    return Article.objects.published(at=now).filter(slug=slug)


# Each query finds the article by its address itself, rather than by the id the first one
# answers, so that none waits for another: on PostgreSQL the four go in one round trip.
PLACEHOLDERS = {"slug": "\x00slug", "now": datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)}
PUBLISHED_ARTICLE = CompiledQuery(
    lambda slug, now: _published(slug, now).defer(*ARTICLE_NOT_SHOWN), **PLACEHOLDERS
)
PRACTITIONERS = CompiledQuery(
    lambda slug, now: Practitioner.objects.filter(
        Q(pk__in=_published(slug, now).values("author"))
        | Q(pk__in=_published(slug, now).values("reviewer"))
    ).defer(*PRACTITIONER_NOT_SHOWN),
    **PLACEHOLDERS,
)
CONDITIONS = CompiledQuery(
    lambda slug, now: Condition.objects.filter(articles__in=_published(slug, now)).only(
        *CONDITION_SHOWN
    ),
    **PLACEHOLDERS,
)
REFERENCES = CompiledQuery(
    lambda slug, now: Reference.objects.filter(article__in=_published(slug, now)).order_by(
        "position"
    ),
    **PLACEHOLDERS,
)


def published_article_page(slug: str) -> ArticlePage | None:
    """The published article at `slug` and what its page shows; None if there is none."""
    values = {"slug": slug, "now": timezone.now()}
    found, practitioners, conditions, references = run_together(
        *((query, values) for query in (PUBLISHED_ARTICLE, PRACTITIONERS, CONDITIONS, REFERENCES))
    )
    if not found:
        return None
    article = found[0]
    by_pk = {practitioner.pk: practitioner for practitioner in practitioners}
    article.author = by_pk.get(article.author_id)
    article.reviewer = by_pk.get(article.reviewer_id)
    return ArticlePage(article=article, conditions=conditions, references=references)


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
