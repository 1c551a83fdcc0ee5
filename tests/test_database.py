import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_suite_runs_on_the_database_ci_asked_for():
    """CI sets EXPECT_DATABASE_VENDOR so a PostgreSQL run can never quietly fall back."""
    expected = os.environ.get("EXPECT_DATABASE_VENDOR")
    if expected is None:
        pytest.skip("EXPECT_DATABASE_VENDOR is not set (only CI sets it)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1
    assert connection.vendor == expected


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache")
def test_sqlite_keeps_32_mb_of_pages_per_connection():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -32768
