"""
/healthz: 200 while the database answers, 503 when it does not, and nothing more to learn.

The 503 comes from a real outage (the connection points where no database listens), not from
a mock of our view. No module-wide `django_db` mark: an outage test must not run inside a test
transaction.
"""

import platform
import re
from http import HTTPStatus

import django
import pytest
from django.test import Client
from django.urls import reverse

from tests.security.security_headers import security_header_problems

# Headers that would name the software or its version.
REVEALING_HEADERS = {"Server", "X-Powered-By", "X-Runtime", "X-Version", "Via"}


def fetch_healthz(**extra):
    client = Client(raise_request_exception=False)
    return client.get(reverse("healthz"), secure=True, **extra)


@pytest.mark.django_db
def test_healthz_is_200_while_the_database_answers():
    response = fetch_healthz()

    assert response.status_code == HTTPStatus.OK
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_healthz_is_503_when_the_database_is_unreachable(database_outage):
    response = fetch_healthz()

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.content == b"database unavailable\n"


@pytest.fixture(params=["database up", "database down"])
def healthz_response(request):
    if request.param == "database up":
        request.getfixturevalue("db")
    else:
        request.getfixturevalue("database_outage")
    # A returning visitor's well-formed cookies: /healthz must neither read nor renew them.
    return fetch_healthz(HTTP_COOKIE=f"sessionid={'s' * 32}; csrftoken={'C' * 32}")


def test_healthz_sets_no_cookie(healthz_response):
    assert healthz_response.cookies == {}
    assert "Set-Cookie" not in healthz_response


def test_healthz_names_no_software_or_version(healthz_response):
    body = healthz_response.content.decode()
    versions = {django.get_version(), platform.python_version()}

    assert not REVEALING_HEADERS.intersection(healthz_response.headers)
    assert not any(version in body for version in versions)
    assert not re.search(r"django|python|gunicorn|postgres|sqlite|\d+\.\d+", body, re.I)


def test_healthz_is_never_cached(healthz_response):
    assert "no-store" in healthz_response["Cache-Control"]


def test_healthz_carries_the_security_headers(healthz_response):
    assert security_header_problems(healthz_response) == []


@pytest.mark.django_db
def test_healthz_is_not_in_the_sitemap(client):
    sitemap = client.get(reverse("sitemap")).content.decode()

    assert "healthz" not in sitemap


@pytest.mark.django_db
def test_healthz_answers_head_and_refuses_post():
    client = Client()

    assert client.head(reverse("healthz")).status_code == HTTPStatus.OK
    assert client.post(reverse("healthz")).status_code == HTTPStatus.METHOD_NOT_ALLOWED
