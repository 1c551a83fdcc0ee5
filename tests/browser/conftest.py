"""
Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

The browser is the machine's own (`/usr/bin/chromium`, or CHROMIUM_PATH); Playwright never
downloads one. Chromium is kept off the network, as the machines have none.
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from tests.browser.chromium import CHROMIUM_FLAGS, ChromiumMissing
from tests.browser.chromium import chromium_path as find_chromium


def chromium_path() -> str:
    try:
        return find_chromium()
    except ChromiumMissing as missing:
        pytest.fail(str(missing))


@pytest.fixture(autouse=True, scope="session")
def _orm_beside_playwright():
    # Playwright's sync API runs an event loop in the test thread; the tests, and the
    # database set-up between them, still use the ORM outside that loop. Set from the first
    # browser test on (pytest-django runs these live-server tests last), not at import, so
    # other tests' subprocesses never inherit it.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_FLAGS}


# Rows that data migrations create, which emptying the database after a test removes.
DATA_MIGRATIONS = [
    ("articles.migrations.0003_editor_and_publisher_groups", "create_groups"),
    ("articles.migrations.0004_default_claim_phrases", "add_phrases"),
    ("inquiries.migrations.0002_front_desk_group", "create_front_desk_group"),
]


def restore_migration_data() -> None:
    """Run the data migrations' own functions again (they are idempotent)."""
    for module_name, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module_name), function)(django_apps, None)


@pytest.fixture
def demo_site(transactional_db, live_server, settings):
    """The demo clinic behind a live server, with the booking form's robot checks relaxed.

    The live server needs committed data, so the database is emptied after each test, and
    with it the groups and claim phrases the migrations made: they are made again here.
    """
    restore_migration_data()
    settings.INQUIRY_MIN_SECONDS = 0
    settings.INQUIRY_RATE_LIMIT = 0
    call_command("load_demo", verbosity=0)
    return live_server


@pytest.fixture
def watched_page(page):
    """A page that records console errors and Content-Security-Policy violations."""
    page.console_errors = []

    def record(message):
        # Chromium logs a page's own error status (a 404 page's 404) as a console error;
        # that is the page working as intended, not a fault in it.
        own_status = (
            message.text.startswith("Failed to load resource")
            and message.location.get("url") == page.url
        )
        if message.type == "error" and not own_status:
            page.console_errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", record)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page
