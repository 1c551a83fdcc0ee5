"""
The stored search vector behind the site search on PostgreSQL (the query side is search.py).

Articles keep a `tsvector` of their title (weight A), summary (B) and body (C) in the English
configuration, refreshed by `Article.save()` and indexed with GIN (migration
articles/0007_search_vector_index). On SQLite the column is plain text and stays empty: the
fallback search there reads the text columns themselves.
"""

import functools
import operator

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connections, models

SEARCH_CONFIG = "english"

# What an article's search vector holds, by weight: a match in the title ranks above one in
# the summary, which ranks above one in the body.
ARTICLE_DOCUMENT = {"title": "A", "summary": "B", "body": "C"}


class StoredSearchVectorField(SearchVectorField):
    """A `tsvector` column on PostgreSQL; an unused text column on other databases."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


def search_vector(document: dict[str, str]) -> SearchVector:
    """The weighted vector of a model's text fields: `{"title": "A", "body": "C"}`."""
    return functools.reduce(
        operator.add,
        (
            SearchVector(field, weight=weight, config=SEARCH_CONFIG)
            for field, weight in document.items()
        ),
    )


def article_search_vector_update(article: models.Model, *, update_fields=None) -> None:
    """Refresh the article's stored vector, in one UPDATE, after it was saved (PostgreSQL)."""
    database = article._state.db
    if connections[database].vendor != "postgresql":
        return
    if update_fields is not None and not set(update_fields) & set(ARTICLE_DOCUMENT):
        return  # e.g. a publish: status and time change, the text does not.
    type(article)._base_manager.using(database).filter(pk=article.pk).update(
        search_vector=search_vector(ARTICLE_DOCUMENT)
    )
