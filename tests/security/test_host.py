"""
A forged Host header gets a 400 on every path, static files and /healthz included.

A Host the site does not answer to must never be echoed into links (password resets,
canonical links, emails) or answered from a cache as if it were ours. Static files are the
path most likely to slip through: whitenoise answers them before Django's own Host check.
"""

from http import HTTPStatus

import pytest
from django.test import Client

from tests.pages import public_urls
from tests.security.security_headers import security_header_problems

pytestmark = pytest.mark.django_db

FORGED_HOSTS = ["attacker.example", "testserver.attacker.example", "attacker.example:443"]
OTHER_PATHS = [
    "/admin/",
    "/admin/login/",
    "/static/css/site.css",
    "/healthz",
    "/no-such-page/",
    "/sitemap.xml",
    "/robots.txt",
    "/feeds/articles/rss/",
]


@pytest.mark.parametrize("host", FORGED_HOSTS)
def test_forged_host_gets_400_on_every_public_page(demo, host):
    client = Client(raise_request_exception=False)
    urls = public_urls()

    statuses = {url: client.get(url, HTTP_HOST=host).status_code for url in urls}

    assert len(urls) > 10
    assert {
        url: status for url, status in statuses.items() if status != HTTPStatus.BAD_REQUEST
    } == {}


@pytest.mark.parametrize("path", OTHER_PATHS)
@pytest.mark.parametrize("host", FORGED_HOSTS)
def test_forged_host_gets_400_on_admin_static_health_and_missing_paths(
    served_static_files, path, host
):
    response = Client(raise_request_exception=False).get(path, HTTP_HOST=host)

    assert response.status_code == HTTPStatus.BAD_REQUEST


@pytest.mark.parametrize("path", OTHER_PATHS)
def test_same_paths_answer_normally_with_the_real_host(served_static_files, path):
    """The 400s above come from the Host alone."""
    response = Client(raise_request_exception=False).get(path)

    assert response.status_code != HTTPStatus.BAD_REQUEST


def test_forged_post_gets_400_before_the_form_is_read():
    response = Client(raise_request_exception=False).post(
        "/book/", {"name": "Ada"}, HTTP_HOST="attacker.example"
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_forged_host_over_plain_http_is_refused_not_redirected_to_it(settings):
    settings.SECURE_SSL_REDIRECT = True

    response = Client(raise_request_exception=False).get("/", HTTP_HOST="attacker.example")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Location" not in response


def test_forged_host_page_is_the_clinic_400_page_with_security_headers(settings):
    response = Client(raise_request_exception=False).get(
        "/", HTTP_HOST="attacker.example", secure=True
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    assert "we could not read that request" in page
    assert "attacker.example" not in page
    assert security_header_problems(response) == []


def test_forwarded_host_header_is_not_trusted(client):
    """X-Forwarded-Host would otherwise let a client choose the host in absolute links."""
    response = client.get("/", HTTP_X_FORWARDED_HOST="attacker.example")

    assert response.status_code == HTTPStatus.OK
    assert "attacker.example" not in response.content.decode()
