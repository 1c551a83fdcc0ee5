import os

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from tests.factories import ArticleFactory, ReferenceFactory


def pytest_configure(config):
    # Whitenoise warns once per process that STATIC_ROOT is missing: tests never run
    # collectstatic, and they serve no static files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True, scope="session")
def _test_settings():
    """Settings every test runs with: plain HTTP, plain static files, a fast hasher.

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
    ):
        yield


@pytest.fixture
def demo(db):
    """The demo clinic's content, as `make run` shows it."""
    call_command("load_demo", verbosity=0)


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
    client = Client()
    client.force_login(user)
    return client


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
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def publisher_client(publisher):
    """A client logged in as a member of the Publisher group."""
    client = Client()
    client.force_login(publisher)
    return client


def pytest_report_header(config):
    expected = os.environ.get("EXPECT_DATABASE_VENDOR")
    return f"database vendor expected by CI: {expected or 'any'}; configured: {connection.vendor}"
