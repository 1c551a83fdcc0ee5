"""
The text indexes behind the site search (the query side is search.py): a stored search vector
on PostgreSQL, a word index on SQLite (at the end of this module).

Articles keep a `tsvector` of their title (weight A), summary (B) and body (C) in the English
configuration, refreshed by `Article.save()` and indexed with GIN (migration
articles/0007_search_vector_index). Conditions and practitioners keep one the same way
(CONDITION_DOCUMENT, PRACTITIONER_DOCUMENT; migrations conditions/0002 and practitioners/0004):
computing it in the query meant reading and parsing every row's text for each search, 200
conditions and 50 practitioners on a grown site. On SQLite that column is plain text and stays
empty: the fallback search finds articles in a word index instead, and reads the text columns
of conditions and practitioners themselves.
"""

import functools
import operator

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connections, models
from django.db.models.expressions import RawSQL

SEARCH_CONFIG = "english"

# What an article's search vector holds, by weight: a match in the title ranks above one in
# the summary, which ranks above one in the body.
ARTICLE_DOCUMENT = {"title": "A", "summary": "B", "body": "C"}
# A condition is found by any of its names as readily as by its name.
CONDITION_DOCUMENT = {"name": "A", "synonyms": "A", "summary": "B", "body": "C"}
PRACTITIONER_DOCUMENT = {"name": "A", "title": "B", "credentials": "B", "biography": "C"}


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
    search_vector_update(article, ARTICLE_DOCUMENT, update_fields=update_fields)


def condition_search_vector_update(condition: models.Model, *, update_fields=None) -> None:
    """Refresh the condition's stored vector, in one UPDATE, after it was saved (PostgreSQL)."""
    search_vector_update(condition, CONDITION_DOCUMENT, update_fields=update_fields)


def practitioner_search_vector_update(practitioner: models.Model, *, update_fields=None) -> None:
    """Refresh the practitioner's stored vector, in one UPDATE, after it was saved (PostgreSQL)."""
    search_vector_update(practitioner, PRACTITIONER_DOCUMENT, update_fields=update_fields)


def search_vector_update(
    instance: models.Model, document: dict[str, str], *, update_fields=None
) -> None:
    """Refresh a saved row's `search_vector` from its `document` fields (PostgreSQL only).

    Computed by the database from the row as saved, so it is exactly what a search would have
    computed in the query. Skipped when the save changed none of the document's fields.
    """
    database = instance._state.db
    if connections[database].vendor != "postgresql":
        return
    if update_fields is not None and not set(update_fields) & set(document):
        return  # e.g. a publish: status and time change, the text does not.
    type(instance)._base_manager.using(database).filter(pk=instance.pk).update(
        search_vector=search_vector(document)
    )


# --- SQLite: a word index of the same text ---------------------------------------------------
#
# Without it, the fallback search reads every published article's whole text for each query,
# and a site of 10,000 articles answers in a tenth of a second instead of milliseconds. An FTS5
# table with SQLite's unicode61 tokenizer indexes each article's words, case and accents
# folded; a prefix query ("needle"*) then finds, from the index, the articles with a word
# starting with a searched stem, in any column or in one. The search finds its articles and
# ranks them (which column holds which word) from this index alone, reading only the text of the
# articles it shows; its cost follows the number of matching articles, not of all articles.
# SQLite keeps it in step by itself (triggers), whatever writes the articles: save(),
# bulk_create(), update(), a shell.
#
# Created after every `migrate` rather than by a migration: Django rebuilds a SQLite table to
# alter it, which drops its triggers, so each migrate checks them and rebuilds the index when
# one was missing.

SQLITE_TEXT_INDEX = "articles_article_words"
_SQLITE_TEXT_COLUMNS = "title, summary, body"
_SQLITE_TEXT_INDEX_SQL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TEXT_INDEX} USING fts5(
        {_SQLITE_TEXT_COLUMNS}, content='articles_article', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS {SQLITE_TEXT_INDEX}_insert AFTER INSERT ON articles_article
    BEGIN
        INSERT INTO {SQLITE_TEXT_INDEX}(rowid, {_SQLITE_TEXT_COLUMNS})
        VALUES (new.id, new.title, new.summary, new.body);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {SQLITE_TEXT_INDEX}_delete AFTER DELETE ON articles_article
    BEGIN
        INSERT INTO {SQLITE_TEXT_INDEX}({SQLITE_TEXT_INDEX}, rowid, {_SQLITE_TEXT_COLUMNS})
        VALUES ('delete', old.id, old.title, old.summary, old.body);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {SQLITE_TEXT_INDEX}_update
    AFTER UPDATE OF title, summary, body ON articles_article
    BEGIN
        INSERT INTO {SQLITE_TEXT_INDEX}({SQLITE_TEXT_INDEX}, rowid, {_SQLITE_TEXT_COLUMNS})
        VALUES ('delete', old.id, old.title, old.summary, old.body);
        INSERT INTO {SQLITE_TEXT_INDEX}(rowid, {_SQLITE_TEXT_COLUMNS})
        VALUES (new.id, new.title, new.summary, new.body);
    END""",
]
_SQLITE_TEXT_INDEX_OBJECTS = {
    SQLITE_TEXT_INDEX,
    f"{SQLITE_TEXT_INDEX}_insert",
    f"{SQLITE_TEXT_INDEX}_delete",
    f"{SQLITE_TEXT_INDEX}_update",
}
# The trigram index this one replaced (it grew with the whole site, not with the matches):
# dropped where a database still has it, triggers first.
_RETIRED_SQLITE_OBJECTS = [
    ("TRIGGER", "articles_article_text_insert"),
    ("TRIGGER", "articles_article_text_delete"),
    ("TRIGGER", "articles_article_text_update"),
    ("TABLE", "articles_article_text"),
]


def sqlite_text_index_ensure(*, using: str = "default") -> None:
    """Create the index and its triggers where any is missing, and then fill it (SQLite only)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {name for (name,) in cursor.fetchall()}
        for kind, name in _RETIRED_SQLITE_OBJECTS:
            if name in existing:
                cursor.execute(f"DROP {kind} {name}")
        if "articles_article" not in existing or _SQLITE_TEXT_INDEX_OBJECTS <= existing:
            return
        for statement in _SQLITE_TEXT_INDEX_SQL:
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {SQLITE_TEXT_INDEX}({SQLITE_TEXT_INDEX}) VALUES ('rebuild')")


_sqlite_text_index_found: set[str] = set()


def sqlite_text_index_exists(*, using: str = "default") -> bool:
    """Is the index there (a database migrated since it was added)? Remembered once seen."""
    if using not in _sqlite_text_index_found:
        connection = connections[using]
        connection.ensure_connection()
        # On the driver's own connection: a look at the schema is not one of the page's queries.
        found = connection.connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [SQLITE_TEXT_INDEX]
        ).fetchone()
        if found:
            _sqlite_text_index_found.add(using)
    return using in _sqlite_text_index_found


def sqlite_text_match(stems: tuple[str, ...]) -> models.Q:
    """Articles with a word starting with each stem, in any of the indexed columns."""
    return models.Q(pk__in=_sqlite_text_rows(" AND ".join(_word_start(stem) for stem in stems)))


def sqlite_text_rank(stems: tuple[str, ...], weights: dict[str, float]) -> models.Expression:
    """Each stem scores each column's weight (`{"title": 1.0, ...}`) where the column has a
    word starting with it: the fallback's ranking, looked up in the index."""
    return functools.reduce(
        operator.add,
        (
            models.Case(
                models.When(
                    pk__in=_sqlite_text_rows(f"{column} : {_word_start(stem)}"),
                    then=models.Value(weight),
                ),
                default=models.Value(0.0),
                output_field=models.FloatField(),
            )
            for stem in stems
            for column, weight in weights.items()
        ),
    )


def _word_start(stem: str) -> str:
    """An FTS5 prefix query: a word starting with `stem`, taken as text, never as syntax."""
    return '"{}"*'.format(stem.replace('"', '""'))


def _sqlite_text_rows(match: str) -> RawSQL:
    return RawSQL(
        f"SELECT rowid FROM {SQLITE_TEXT_INDEX} WHERE {SQLITE_TEXT_INDEX} MATCH %s", [match]
    )
