import os

import pytest
from django.db import connection

from tests.factories import ArticleFactory, ReferenceFactory


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


def pytest_report_header(config):
    expected = os.environ.get("EXPECT_DATABASE_VENDOR")
    return f"database vendor expected by CI: {expected or 'any'}; configured: {connection.vendor}"
