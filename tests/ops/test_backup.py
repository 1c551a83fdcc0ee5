"""
Backups, for real: a filled PostgreSQL database is dumped with scripts/backup.py (what
`make backup` runs), restored into a scratch database with `make restore`'s command, and
the copy is checked: migrations up to date, and every table holding as many rows.

PostgreSQL only (pg_dump, pg_restore); skipped on SQLite, except when CI asked for
PostgreSQL (EXPECT_DATABASE_VENDOR=postgresql): then a missing PostgreSQL fails instead.
"""

import os
import subprocess
import sys
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper

SCRIPT = settings.BASE_DIR / "scripts" / "backup.py"
INQUIRIES_SCRIPT = """\
from django.utils import timezone
from inquiries.models import Inquiry, InquiryNotification
for number in range(5):
    inquiry = Inquiry.objects.create(
        name=f"Backup test {number}", email=f"backup{number}@example.org",
        is_new_patient=True, consented_at=timezone.now(),
    )
    InquiryNotification.objects.create(inquiry=inquiry, kind="staff")
"""

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql():
    """The test database's server settings; skip (or fail, in CI's PostgreSQL run) without it."""
    if connection.vendor != "postgresql":
        if os.environ.get("EXPECT_DATABASE_VENDOR") == "postgresql":
            pytest.fail("EXPECT_DATABASE_VENDOR=postgresql, but the tests run on SQLite")
        pytest.skip("backups use pg_dump and pg_restore: PostgreSQL only")
    return connection.settings_dict


def database_url(server: dict, name: str) -> str:
    credentials = quote(server["USER"] or "", safe="")
    if server["PASSWORD"]:
        credentials += ":" + quote(server["PASSWORD"], safe="")
    return (
        f"postgres://{credentials}@{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}/{name}"
    )


def server_connection(server: dict):
    params = {"host": server["HOST"], "port": server["PORT"], "user": server["USER"]}
    if server["PASSWORD"]:
        params["password"] = server["PASSWORD"]
    return psycopg.connect(dbname="postgres", autocommit=True, **params)


@pytest.fixture
def scratch_databases(postgresql):
    """Two empty databases named after the test database (e.g. clinic_scratch_source), and
    dropped again afterwards: the one backed up, and the one the backup is restored into."""
    base = postgresql["NAME"].removeprefix("test_")
    names = {"source": f"{base}_scratch_source", "restored": f"{base}_scratch_restored"}
    with server_connection(postgresql) as admin:
        for name in names.values():
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {role: database_url(postgresql, name) for role, name in names.items()} | {
            f"{role}_name": name for role, name in names.items()
        }
    finally:
        with server_connection(postgresql) as admin:
            for name in names.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(command: list[str], url: str, *, stdin: str | None = None, check: bool = True):
    """Run a command against the database at `url`, as `make` would (DATABASE_URL set)."""
    result = subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": "backup-test-only"},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


def manage(*args: str, url: str):
    return run([sys.executable, "manage.py", *args], url)


def row_counts(server: dict, name: str) -> dict[str, int]:
    """Rows in every table Django's introspection finds in the database `name`."""
    # A second connection to the same server, under the default alias that the connection
    # signals' receivers (django.contrib.postgres) look up; never registered in `connections`.
    database = DatabaseWrapper({**server, "NAME": name}, alias=connection.alias)
    try:
        with database.cursor() as cursor:
            tables = database.introspection.table_names(cursor)
            counts = {}
            for table in tables:
                cursor.execute(f"SELECT count(*) FROM {database.ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
        return counts
    finally:
        database.close()


def test_a_backup_restored_into_an_empty_database_is_complete_and_migrated(
    postgresql, scratch_databases, tmp_path
):
    source = scratch_databases["source"]
    manage("migrate", "--noinput", "-v", "0", url=source)
    manage("load_demo", "-v", "0", url=source)
    manage("shell", "-v", "0", "-c", INQUIRIES_SCRIPT, url=source)
    dump_file = tmp_path / "clinic.dump"

    dumped = run([sys.executable, str(SCRIPT), "dump", "--file", str(dump_file)], source)
    restored = run(
        [sys.executable, str(SCRIPT), "restore", "--file", str(dump_file), "--yes"],
        scratch_databases["restored"],
    )
    check = run(
        [sys.executable, "manage.py", "migrate", "--check"],
        scratch_databases["restored"],
        check=False,
    )

    assert "Backed up database" in dumped.stdout
    assert dump_file.stat().st_mode & 0o077 == 0, "the dump must be readable by its owner only"
    assert "Restored" in restored.stdout
    assert check.returncode == 0, check.stdout + check.stderr
    before = row_counts(postgresql, scratch_databases["source_name"])
    after = row_counts(postgresql, scratch_databases["restored_name"])
    assert after == before
    assert before["inquiries_inquiry"] == 5
    assert before["articles_article"] > 0
    assert before["django_migrations"] > 0


def test_restore_without_confirmation_changes_nothing(postgresql, scratch_databases, tmp_path):
    restored = scratch_databases["restored"]
    manage("migrate", "--noinput", "-v", "0", url=scratch_databases["source"])
    dump_file = tmp_path / "clinic.dump"
    run(
        [sys.executable, str(SCRIPT), "dump", "--file", str(dump_file)],
        scratch_databases["source"],
    )

    refused = run(
        [sys.executable, str(SCRIPT), "restore", "--file", str(dump_file)],
        restored,
        stdin="",
        check=False,
    )

    assert refused.returncode != 0
    assert "CONFIRM=yes" in refused.stderr
    assert row_counts(postgresql, scratch_databases["restored_name"]) == {}


def test_backup_refuses_a_database_that_is_not_postgresql(tmp_path):
    result = run(
        [sys.executable, str(SCRIPT), "dump", "--file", str(tmp_path / "x.dump")],
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        check=False,
    )

    assert result.returncode != 0
    assert "not PostgreSQL" in result.stderr
    assert not (tmp_path / "x.dump").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(postgresql, scratch_databases, tmp_path):
    not_a_dump = tmp_path / "notes.dump"
    not_a_dump.write_text("not a pg_dump archive")

    result = run(
        [sys.executable, str(SCRIPT), "restore", "--file", str(not_a_dump), "--yes"],
        scratch_databases["restored"],
        check=False,
    )

    assert result.returncode != 0
    assert "is not a pg_dump archive" in result.stderr
