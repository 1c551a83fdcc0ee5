import copy
import os
import socket

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from tests.factories import ArticleFactory, ReferenceFactory
from tests.staff import log_in_verified


def pytest_configure(config):
    # Whitenoise warns once per process that STATIC_ROOT is missing: tests never run
    # collectstatic, and they serve no static files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True, scope="session")
def _test_settings():
    """Settings every test runs with: plain HTTP, plain static files, a fast hasher, no page cache.

    Session-wide, so that they hold before the live server (a session fixture) starts and
    builds its middleware.
    """
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        STORAGES={
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Each test process its own cache (the default, var/cache, is shared by every run),
        # and fresh pages: the page cache is tested on its own in tests/performance/.
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        PAGE_CACHE=False,
    ):
        yield


@pytest.fixture
def demo(db):
    """The demo clinic's content, as `make run` shows it."""
    call_command("load_demo", verbosity=0)


@pytest.fixture(scope="session")
def collected_static_root(tmp_path_factory):
    """A STATIC_ROOT filled once per run by collectstatic, as a deployment fills it."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def served_static_files(settings, collected_static_root):
    """Whitenoise serving the collected static files, as in production.

    Whitenoise reads STATIC_ROOT when the middleware is built, which a new test client does on
    its first request.
    """
    settings.STATIC_ROOT = collected_static_root
    return collected_static_root


def unused_local_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_outage(django_db_setup, django_db_blocker, tmp_path):
    """The database stops answering: the default connection points where no database is.

    A real failure to connect, not a mock: PostgreSQL is called on a port nobody listens on,
    SQLite asked to open a file in a folder that does not exist. Tests using it must not use
    `db`, whose transaction would keep the old connection. An in-memory SQLite test database
    vanishes when its connection closes, so that connection is set aside and put back.
    """
    saved_settings = copy.deepcopy(connection.settings_dict)
    set_aside = None
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            set_aside, connection.connection = connection.connection, None
            connection.settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "db.sqlite3")
        else:
            connection.close()
            connection.settings_dict.update(HOST="127.0.0.1", PORT=str(unused_local_port()))
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved_settings)
            if set_aside is not None:
                connection.connection = set_aside


@pytest.fixture
def published_article(db):
    """An article that passes every publish rule, live since yesterday."""
    article = ArticleFactory(published=True)
    ReferenceFactory(article=article)
    return article


@pytest.fixture
def draft_article(db):
    """An article that passes every publish rule but is still a draft."""
    article = ArticleFactory(title="A draft nobody should see yet")
    ReferenceFactory(article=article)
    return article


@pytest.fixture
def scheduled_article(db):
    """An article that passes every publish rule and goes public next week."""
    article = ArticleFactory(scheduled=True, title="A scheduled article for next week")
    ReferenceFactory(article=article)
    return article


@pytest.fixture
def staff_client_without_permissions(db, django_user_model):
    """A client logged in as staff who may open the admin but not change articles."""
    user = django_user_model.objects.create_user(
        username="receptionist", password="not-used-in-tests", is_staff=True
    )
    return log_in_verified(Client(), user)


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's superuser client, with the two-factor code the admin asks them for."""
    return log_in_verified(Client(), admin_user)


def staff_in_group(django_user_model, username: str, group: str):
    """A staff user (not a superuser) in one of the groups the data migration creates."""
    user = django_user_model.objects.create_user(
        username=username, password="not-used-in-tests", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db, django_user_model):
    """A member of the Editor group: writes articles and submits them, cannot publish."""
    return staff_in_group(django_user_model, "editor", "Editor")


@pytest.fixture
def publisher(db, django_user_model):
    """A member of the Publisher group: may also publish, sign off claims and record reviews."""
    return staff_in_group(django_user_model, "publisher", "Publisher")


@pytest.fixture
def editor_client(editor):
    """A client logged in as a member of the Editor group."""
    return log_in_verified(Client(), editor)


@pytest.fixture
def publisher_client(publisher):
    """A client logged in as a member of the Publisher group (with their two-factor code)."""
    return log_in_verified(Client(), publisher)


def pytest_report_header(config):
    expected = os.environ.get("EXPECT_DATABASE_VENDOR")
    return f"database vendor expected by CI: {expected or 'any'}; configured: {connection.vendor}"
