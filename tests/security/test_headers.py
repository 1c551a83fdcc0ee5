"""
The security headers on every kind of response, and HTTPS behind a TLS-terminating proxy.

Each header is checked on a page, an admin page, a 400, a 404, a 500, a static file (served
by whitenoise from collected files, as in production) and /healthz. The 500 is a real one:
the database is made unreachable and Django's own handler answers. No module-wide
`django_db` mark, because the outage test must not run inside a test transaction.
"""

from http import HTTPStatus

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.clinic_site.test_settings import (
    production_like_environment,
    random_secret_key,
    settings_in_subprocess,
)
from tests.security.security_headers import (
    EXACT_HEADERS,
    csp_problems,
    hsts_problems,
    policy_directives,
)

STATIC_FILE = "/static/css/site.css"

RESPONSE_KINDS = {
    # kind: (path, extra request headers, expected status)
    "page": ("/", {}, HTTPStatus.OK),
    "admin": ("/admin/login/", {}, HTTPStatus.OK),
    "bad-request": ("/", {"HTTP_HOST": "attacker.example"}, HTTPStatus.BAD_REQUEST),
    "not-found": ("/no-such-page/", {}, HTTPStatus.NOT_FOUND),
    # Search always reads the database (no page cache for a query): a real 500 in an outage.
    "server-error": ("/search/?q=pain", {}, HTTPStatus.INTERNAL_SERVER_ERROR),
    "static": (STATIC_FILE, {}, HTTPStatus.OK),
    "healthz": ("/healthz", {}, HTTPStatus.OK),
}


@pytest.fixture(params=RESPONSE_KINDS)
def response(request):
    """One response of each kind, fetched over HTTPS through the whole middleware stack."""
    kind = request.param
    path, headers, status = RESPONSE_KINDS[kind]
    if kind == "server-error":
        request.getfixturevalue("database_outage")
    else:
        request.getfixturevalue("db")
    if kind == "static":
        request.getfixturevalue("served_static_files")

    answer = Client(raise_request_exception=False).get(path, secure=True, **headers)
    answer.close()

    assert answer.status_code == status, f"{kind}: {path} answered {answer.status_code}"
    return answer


def test_content_security_policy_is_strict(response):
    assert csp_problems(response) == []


def test_browsers_are_told_to_use_https_for_a_year_with_subdomains(response):
    assert hsts_problems(response) == []


def test_response_cannot_be_framed(response):
    assert response["X-Frame-Options"] == "DENY"
    assert policy_directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]


def test_content_type_is_not_sniffed(response):
    assert response["X-Content-Type-Options"] == EXACT_HEADERS["X-Content-Type-Options"]


def test_referrer_is_only_the_origin_across_sites(response):
    assert response["Referrer-Policy"] == EXACT_HEADERS["Referrer-Policy"]


def test_cross_origin_opener_is_isolated(response):
    assert response["Cross-Origin-Opener-Policy"] == EXACT_HEADERS["Cross-Origin-Opener-Policy"]


def test_policy_has_no_unsafe_source_for_scripts_or_styles(settings):
    """The configured policy itself, for directives no response above would reveal."""
    for directive in ("script-src", "style-src"):
        sources = {str(source) for source in settings.SECURE_CSP[directive]}
        assert sources <= {"'self'"}, directive


# HTTPS: redirected, and behind a TLS-terminating proxy only when one is configured.


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/admin/login/", "/healthz", "/no-such-page/", STATIC_FILE])
def test_plain_http_is_redirected_to_the_same_address_over_https(
    settings, served_static_files, path
):
    settings.SECURE_SSL_REDIRECT = True

    response = Client().get(path)

    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == f"https://testserver{path}"


@pytest.mark.django_db
def test_proxy_saying_https_is_trusted_when_behind_a_tls_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    response = Client().get("/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == HTTPStatus.OK
    assert hsts_problems(response) == []


@pytest.mark.django_db
def test_proxy_saying_http_is_redirected_behind_a_tls_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    response = Client().get("/", HTTP_X_FORWARDED_PROTO="http")

    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY


@pytest.mark.django_db
def test_forwarded_proto_header_is_ignored_without_a_tls_proxy(settings):
    """Without BEHIND_TLS_PROXY, anyone could send the header: it must not count."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = None

    response = Client().get("/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert "Strict-Transport-Security" not in response


@pytest.mark.parametrize(
    ("behind_tls_proxy", "expected"),
    [(None, None), ("false", None), ("true", ["HTTP_X_FORWARDED_PROTO", "https"])],
)
def test_proxy_header_is_trusted_only_when_behind_tls_proxy_is_set(behind_tls_proxy, expected):
    extra = {"BEHIND_TLS_PROXY": behind_tls_proxy} if behind_tls_proxy else {}
    environment = production_like_environment(SECRET_KEY=random_secret_key(), **extra)
    if behind_tls_proxy is None:
        environment.pop("BEHIND_TLS_PROXY", None)

    loaded = settings_in_subprocess(environment, "SECURE_PROXY_SSL_HEADER")

    assert loaded["SECURE_PROXY_SSL_HEADER"] == expected


# Cookies.


def cookie_flags(cookie) -> dict:
    return {
        "secure": cookie["secure"],
        "httponly": cookie["httponly"],
        "samesite": cookie["samesite"],
    }


@pytest.mark.django_db
def test_csrf_cookie_is_secure_http_only_and_same_site(client):
    response = client.get(reverse("inquiries:create"), secure=True)

    assert cookie_flags(response.cookies["csrftoken"]) == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }


@pytest.mark.django_db
def test_session_cookie_is_secure_http_only_and_same_site():
    def view_that_uses_the_session(request):
        request.session["seen"] = True
        return HttpResponse()

    request = RequestFactory().get("/", secure=True)
    response = SessionMiddleware(view_that_uses_the_session)(request)

    assert cookie_flags(response.cookies["sessionid"]) == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }
