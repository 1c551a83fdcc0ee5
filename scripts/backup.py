#!/usr/bin/env python3
"""
Back up the site's PostgreSQL database, or restore a backup into it (`make backup`,
`make restore FILE=...`).

    .venv/bin/python scripts/backup.py dump [--file backups/clinic-20260101T030000Z.dump]
    .venv/bin/python scripts/backup.py restore --file backups/clinic-....dump [--yes]

The database is the one DATABASE_URL names (the environment first, then the project's .env,
read by django-environ as the settings read it), so the backup is of the database the site
uses. A script rather than a management command: it needs no SECRET_KEY or working
settings, only the database's address, so it still works when the site itself will not
start, which is when a restore is wanted.

- dump: `pg_dump --format=custom` to backups/<database>-<UTC time>.dump (or --file). The
  file holds patients' inquiries: it is written readable by its owner only (folder 0700,
  file 0600), under a temporary name until pg_dump has finished, so a file with the final
  name is always complete.
- restore: checks that the file is a pg_dump archive, asks to type the database's name
  (unless --yes), then `pg_restore --clean --if-exists --no-owner --single-transaction`:
  every table is replaced by the backup's, all or nothing.

The client tools must be at least as new as the server: the server's own major version is
preferred (Debian's /usr/lib/postgresql/<major>/bin), and an older client is refused.
Only PostgreSQL: for SQLite, copy the file with `sqlite3 db.sqlite3 ".backup copy.sqlite3"`.
"""

import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import environ
import psycopg

PROJECT = Path(__file__).resolve().parent.parent
BACKUP_FOLDER = PROJECT / "backups"
# Connection options (DATABASE_URL's query string) that libpq also reads from the environment.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def database_settings() -> dict:
    """DATABASE_URL as the site's settings read it; refuse anything but PostgreSQL."""
    env = environ.Env()
    environ.Env.read_env(PROJECT / ".env", overwrite=False)
    url = env.str("DATABASE_URL", default="")
    if not url:
        raise SystemExit(
            "DATABASE_URL is not set: backups are of the PostgreSQL database it names, e.g. "
            "DATABASE_URL=postgres://user@host:5432/clinic make backup"
        )
    config = environ.Env.db_url_config(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit(
            f"DATABASE_URL names a {config['ENGINE'].rsplit('.', 1)[-1]} database, not "
            "PostgreSQL: make backup and make restore use pg_dump and pg_restore. For "
            'SQLite, copy the file with: sqlite3 db.sqlite3 ".backup copy.sqlite3"'
        )
    return config


def libpq_environment(config: dict) -> dict:
    """The connection as libpq's variables: the password never appears on a command line."""
    env = {
        **os.environ,
        "PGHOST": str(config["HOST"] or "localhost"),
        "PGPORT": str(config["PORT"] or 5432),
        "PGUSER": str(config["USER"] or ""),
        "PGDATABASE": str(config["NAME"]),
    }
    if config["PASSWORD"]:
        env["PGPASSWORD"] = str(config["PASSWORD"])
    for option, variable in LIBPQ_OPTIONS.items():
        if option in config.get("OPTIONS", {}):
            env[variable] = str(config["OPTIONS"][option])
    return {name: value for name, value in env.items() if value != ""}


def server_major_version(config: dict) -> int:
    options = {k: v for k, v in config.get("OPTIONS", {}).items() if k in LIBPQ_OPTIONS}
    try:
        with psycopg.connect(
            host=config["HOST"] or "localhost",
            port=config["PORT"] or 5432,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            dbname=config["NAME"],
            **{"connect_timeout": 10, **options},
        ) as connection:
            return connection.info.server_version // 10_000
    except psycopg.OperationalError as error:
        raise SystemExit(f"Cannot connect to database {config['NAME']!r}: {error}") from None


def client_tool(name: str, server_major: int) -> str:
    """pg_dump or pg_restore of the server's major version if installed, else from PATH."""
    matching = Path(f"/usr/lib/postgresql/{server_major}/bin/{name}")
    tool = str(matching) if matching.exists() else shutil.which(name)
    if tool is None:
        raise SystemExit(f"{name} not found: install PostgreSQL {server_major}'s client tools")
    version = subprocess.run([tool, "--version"], capture_output=True, text=True, timeout=30)
    match = re.search(r"(\d+)(?:\.\d+)?", version.stdout)
    client_major = int(match.group(1)) if match else 0
    if client_major < server_major:
        raise SystemExit(
            f"{tool} is version {client_major}, older than the server ({server_major}): "
            f"install PostgreSQL {server_major}'s client tools."
        )
    return tool


def backup_dump(file: Path | None) -> Path:
    """Write a custom-format dump of the database; return its path."""
    config = database_settings()
    pg_dump = client_tool("pg_dump", server_major_version(config))
    if file is None:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        file = BACKUP_FOLDER / f"{config['NAME']}-{stamp}.dump"
    os.umask(0o077)  # patients' inquiries: readable by the owner only
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(file.name + ".partial")
    result = subprocess.run(
        [pg_dump, "--format=custom", "--no-password", f"--file={partial}"],
        env=libpq_environment(config),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise SystemExit(f"pg_dump failed:\n{result.stderr.strip()}")
    partial.replace(file)
    print(f"Backed up database {config['NAME']!r} to {file} ({file.stat().st_size:,} bytes).")
    return file


def backup_restore(file: Path, *, confirmed: bool) -> None:
    """Replace the database's tables with the backup's, all or nothing."""
    config = database_settings()
    if not file.is_file():
        raise SystemExit(f"No backup file at {file}")
    pg_restore = client_tool("pg_restore", server_major_version(config))
    env = libpq_environment(config)
    listing = subprocess.run(
        [pg_restore, "--list", str(file)], capture_output=True, text=True, env=env
    )
    if listing.returncode != 0:
        raise SystemExit(f"{file} is not a pg_dump archive: {listing.stderr.strip()}")
    where = f"database {config['NAME']!r} on {env['PGHOST']}:{env['PGPORT']}"
    if not confirmed:
        if not sys.stdin.isatty():
            raise SystemExit(
                f"Restoring replaces every table of {where}. Confirm with CONFIRM=yes "
                "(make restore) or --yes."
            )
        answer = input(
            f"Restore {file} into {where}? Every table in it is replaced by the backup's.\n"
            f"Type the database's name ({config['NAME']}) to go on: "
        )
        if answer.strip() != config["NAME"]:
            raise SystemExit("Not restored: the name did not match.")
    result = subprocess.run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--no-password",
            f"--dbname={config['NAME']}",
            str(file),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"pg_restore failed; nothing was changed:\n{result.stderr.strip()}")
    print(
        f"Restored {file} into {where}. Check it: "
        "DATABASE_URL=... .venv/bin/python manage.py migrate --check"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    actions = parser.add_subparsers(dest="action", required=True)
    dump = actions.add_parser("dump", help="back up DATABASE_URL's database")
    dump.add_argument(
        "--file", type=Path, help="where to write it (default: backups/<database>-<UTC>.dump)"
    )
    restore = actions.add_parser("restore", help="restore a backup into DATABASE_URL's database")
    restore.add_argument("--file", type=Path, required=True, help="the backup to restore")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    options = parser.parse_args()
    if options.action == "dump":
        backup_dump(options.file)
    else:
        backup_restore(options.file, confirmed=options.yes)


if __name__ == "__main__":
    main()
