"""
The practitioners' stored search vector (clinic_site/search_index.py) and, on PostgreSQL only,
its GIN index and the vector of every existing practitioner (new saves keep it current). On
SQLite the column is plain text and stays empty.

The index lives only here, not in Practitioner.Meta.indexes: a GinIndex there would be created
on SQLite too, which has no GIN indexes (as in articles/0007_search_vector_index).
"""

from django.contrib.postgres.search import SearchVector
from django.db import migrations

import clinic_site.search_index

INDEX_NAME = "practitioners_practitioner_search_gin"


def create_index_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON practitioners_practitioner "
        "USING gin (search_vector)"
    )
    Practitioner = apps.get_model("practitioners", "Practitioner")
    # The same document as clinic_site.search_index.PRACTITIONER_DOCUMENT, frozen here as it was.
    Practitioner.objects.using(schema_editor.connection.alias).update(
        search_vector=(
            SearchVector("name", weight="A", config="english")
            + SearchVector("title", weight="B", config="english")
            + SearchVector("credentials", weight="B", config="english")
            + SearchVector("biography", weight="C", config="english")
        )
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("practitioners", "0003_photo_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="practitioner",
            name="search_vector",
            field=clinic_site.search_index.StoredSearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_index_and_fill, drop_index),
    ]
