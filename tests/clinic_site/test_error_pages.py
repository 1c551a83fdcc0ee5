"""
The error pages: friendly, with the clinic's details, and rendered without the database.

"Without the database" is proven twice: no query while rendering (django_assert_num_queries,
even for a signed-in user), and a real outage (the connection points where no database
listens) during which each error page still renders with its status and security headers.
No module-wide `django_db` mark: an outage test must not run inside a test transaction.
"""

from http import HTTPStatus

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import permission_denied

from tests.security.security_headers import security_header_problems

# A returning visitor's well-formed session cookie: an error page must not look it up.
SESSION_COOKIE = f"sessionid={'s' * 32}"


@pytest.mark.django_db
def test_expired_form_gets_a_friendly_page_with_the_clinic_phone(settings):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/book/", {"name": "Ada"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    page = response.content.decode()
    assert "Please send the form again" in page
    assert settings.CLINIC["phone"] in page


@pytest.mark.django_db
def test_request_too_large_gets_a_friendly_400_page_with_the_clinic_name(client, settings):
    body = "message=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = client.post("/book/", data=body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    assert "we could not read that request" in page
    assert settings.CLINIC["name"] in page


@pytest.mark.django_db
def test_favicon_address_redirects_to_the_site_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"].endswith("favicon.svg")


# Without the database. Each case: how to provoke the error page, its status, and a sentence
# from it. The 500 is searched for: search always reads the database.
ERROR_PAGES = {
    "400 forged host": (
        {"path": "/", "HTTP_HOST": "attacker.example"},
        HTTPStatus.BAD_REQUEST,
        "we could not read that request",
    ),
    "403 expired form": (
        {"path": "/book/", "method": "post", "data": {"name": "Ada"}},
        HTTPStatus.FORBIDDEN,
        "Please send the form again",
    ),
    "404 missing page": (
        {"path": "/no-such-page/"},
        HTTPStatus.NOT_FOUND,
        "we cannot find that page",
    ),
    "500 database gone": (
        {"path": "/search/?q=pain"},
        HTTPStatus.INTERNAL_SERVER_ERROR,
        "something went wrong on our side",
    ),
}


def fetch_error_page(path: str, method: str = "get", **extra):
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    client.cookies.load(SESSION_COOKIE)
    return getattr(client, method)(path, secure=True, **extra)


@pytest.mark.parametrize("case", [case for case in ERROR_PAGES if not case.startswith("500")])
@pytest.mark.django_db
def test_error_page_renders_without_a_query(case, django_assert_num_queries):
    request, status, sentence = ERROR_PAGES[case]

    with django_assert_num_queries(0):
        response = fetch_error_page(**request)

    assert response.status_code == status
    assert sentence in response.content.decode()


@pytest.mark.parametrize("case", [case for case in ERROR_PAGES if not case.startswith("500")])
@pytest.mark.django_db
def test_error_page_for_a_signed_in_user_renders_without_a_query(
    case, django_user_model, django_assert_num_queries
):
    """The session and the user are loaded lazily: an error page must not ask for them."""
    request, status, sentence = ERROR_PAGES[case]
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user("front-desk", is_staff=True))
    method = getattr(client, request.get("method", "get"))
    extra = {name: value for name, value in request.items() if name not in ("path", "method")}

    with django_assert_num_queries(0):
        response = method(request["path"], secure=True, **extra)

    assert response.status_code == status
    assert sentence in response.content.decode()


@pytest.mark.parametrize("case", ERROR_PAGES)
def test_error_page_renders_during_a_database_outage(case, database_outage):
    request, status, sentence = ERROR_PAGES[case]

    response = fetch_error_page(**request)

    assert response.status_code == status
    assert sentence in response.content.decode()
    assert security_header_problems(response) == []


def test_403_page_renders_during_a_database_outage(database_outage):
    """No public page raises PermissionDenied, so Django's 403 handler is called directly."""
    request = RequestFactory().get("/admin/secret/", secure=True)

    response = permission_denied(request, PermissionError())

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "you cannot open this page" in response.content.decode()
