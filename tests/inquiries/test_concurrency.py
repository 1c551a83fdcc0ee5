"""The concurrent-submission script, run for real: gunicorn, threads and a database of its own."""

import subprocess
import sys
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

SCRIPT = settings.BASE_DIR / "scripts" / "concurrent_inquiries.py"


@pytest.fixture
def scratch_database_url():
    """On PostgreSQL, a new empty database (the server must not touch the test database,
    whose rows the other tests count); on SQLite, None: the script makes a temporary file."""
    if connection.vendor != "postgresql":
        yield None
        return
    import psycopg

    server = connection.settings_dict
    name = f"test_inquiries_concurrency_{uuid.uuid4().hex[:12]}"
    admin_params = {
        key: value
        for key, value in {
            "host": server["HOST"],
            "port": server["PORT"],
            "user": server["USER"],
            "password": server["PASSWORD"],
        }.items()
        if value
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **admin_params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        credentials = quote(server["USER"] or "", safe="")
        if server["PASSWORD"]:
            credentials += ":" + quote(server["PASSWORD"], safe="")
        host = server["HOST"] or "127.0.0.1"
        yield f"postgres://{credentials}@{host}:{server['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin_params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_twenty_concurrent_submissions_are_all_stored_with_their_own_reference(
    scratch_database_url,
):
    command = [sys.executable, str(SCRIPT), "--count", "20"]
    if scratch_database_url:
        command += ["--database-url", scratch_database_url]

    result = subprocess.run(command, capture_output=True, text=True, timeout=180)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "20 new rows, 20 distinct reference codes, 40 emails sent, 0 errors" in result.stdout
