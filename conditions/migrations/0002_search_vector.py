"""
The conditions' stored search vector (clinic_site/search_index.py) and, on PostgreSQL only, its
GIN index and the vector of every existing condition (new saves keep it current). On SQLite
the column is plain text and stays empty.

The index lives only here, not in Condition.Meta.indexes: a GinIndex there would be created
on SQLite too, which has no GIN indexes (as in articles/0007_search_vector_index).
"""

from django.contrib.postgres.search import SearchVector
from django.db import migrations

import clinic_site.search_index

INDEX_NAME = "conditions_condition_search_gin"


def create_index_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON conditions_condition "
        "USING gin (search_vector)"
    )
    Condition = apps.get_model("conditions", "Condition")
    # The same document as clinic_site.search_index.CONDITION_DOCUMENT, frozen here as it was.
    Condition.objects.using(schema_editor.connection.alias).update(
        search_vector=(
            SearchVector("name", weight="A", config="english")
            + SearchVector("synonyms", weight="A", config="english")
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
        ("conditions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="condition",
            name="search_vector",
            field=clinic_site.search_index.StoredSearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_index_and_fill, drop_index),
    ]
