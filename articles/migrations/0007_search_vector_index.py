"""
On PostgreSQL: a GIN index on the articles' search vector, and the vector of every existing
article (new saves keep it current). Nothing happens on SQLite, where the column stays empty.

The index lives only here, not in Article.Meta.indexes: a GinIndex there would be created on
SQLite too, which has no GIN indexes.
"""

from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "articles_article_search_gin"


def create_index_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON articles_article USING gin (search_vector)"
    )
    Article = apps.get_model("articles", "Article")
    # The same document as clinic_site.search_index.ARTICLE_DOCUMENT, frozen here as it was.
    Article.objects.using(schema_editor.connection.alias).update(
        search_vector=(
            SearchVector("title", weight="A", config="english")
            + SearchVector("summary", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_search_vector"),
    ]

    operations = [
        migrations.RunPython(create_index_and_fill, drop_index),
    ]
