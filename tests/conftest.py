import os

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client

from tests.factories import ArticleFactory, ReferenceFactory


def pytest_configure(config):
    # Whitenoise warns once per process that STATIC_ROOT is missing: tests never run
    # collectstatic, and they serve no static files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Settings every test runs with: plain HTTP, plain static files, a fast hasher."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@pytest.fixture
def editor_client(db, django_user_model):
    """A client logged in as staff (not a superuser) who may change articles."""
    user = django_user_model.objects.create_user(
        username="editor", password="not-used-in-tests", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="articles", codename="change_article")
    )
    client = Client()
    client.force_login(user)
    return client


def pytest_report_header(config):
    expected = os.environ.get("EXPECT_DATABASE_VENDOR")
    return f"database vendor expected by CI: {expected or 'any'}; configured: {connection.vendor}"
