"""What the page cache serves, to whom, with which headers; and what it never stores."""

from http import HTTPStatus

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from clinic_site.page_cache import PageCacheMiddleware
from tests.performance.conftest import cache_status

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = [
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
]


def test_second_anonymous_visit_is_served_from_the_cache(visitor, published_article):
    url = published_article.get_absolute_url()

    first = visitor.get(url)
    second = Client().get(url)  # another visitor, same worker

    assert cache_status(first) == "miss"
    assert cache_status(second) == "hit"
    assert second.content == first.content


def test_cached_page_keeps_every_security_header(visitor, published_article, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    url = published_article.get_absolute_url()

    fresh = visitor.get(url, secure=True)
    cached = visitor.get(url, secure=True)

    assert cache_status(cached) == "hit"
    for header in SECURITY_HEADERS:
        assert cached.headers.get(header), header
        assert cached.headers[header] == fresh.headers[header], header


def test_etag_answers_304_and_a_change_gives_a_new_page(visitor, published_article):
    url = published_article.get_absolute_url()
    etag = visitor.get(url).headers["ETag"]

    not_modified = visitor.get(url, headers={"If-None-Match": etag})
    assert not_modified.status_code == HTTPStatus.NOT_MODIFIED
    assert not_modified.content == b""

    published_article.title = "A title edited since"
    published_article.save()
    changed = visitor.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == HTTPStatus.OK
    assert changed.headers["ETag"] != etag
    assert "A title edited since" in changed.content.decode()


def test_if_modified_since_alone_never_gets_a_stale_304(visitor, published_article):
    """No Last-Modified is sent: a date to the second cannot tell two edits a second apart."""
    url = published_article.get_absolute_url()
    response = visitor.get(url)
    assert "Last-Modified" not in response.headers

    again = visitor.get(url, headers={"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"})

    assert again.status_code == HTTPStatus.OK


# Never stored: anything personal or tokenised.


def test_staff_pages_are_never_stored_or_shown_to_visitors(
    visitor, draft_article, published_article, admin_client
):
    preview = admin_client.get(draft_article.get_absolute_url())
    assert "Only staff can see this preview" in preview.content.decode()
    staff_view = admin_client.get(published_article.get_absolute_url())

    assert cache_status(preview) is None
    assert cache_status(staff_view) is None
    assert visitor.get(draft_article.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert cache_status(visitor.get(published_article.get_absolute_url())) == "miss"


def test_booking_form_with_its_csrf_token_is_never_stored(visitor, page_cache):
    url = reverse("inquiries:create")

    first = visitor.get(url)
    second = visitor.get(url)

    assert 'name="csrfmiddlewaretoken"' in second.content.decode()
    assert cache_status(first) is None
    assert cache_status(second) is None


def test_a_page_with_a_message_is_never_stored(visitor, published_article):
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "Thank you, your message is on its way.")
    carrier = HttpResponse()
    storage.update(carrier)
    with_message = Client()
    with_message.cookies["messages"] = carrier.cookies["messages"].value

    shown = with_message.get(reverse("home"))
    assert "your message is on its way" in shown.content.decode()
    assert cache_status(shown) is None

    assert "your message is on its way" not in visitor.get(reverse("home")).content.decode()


def test_session_cookie_and_unknown_parameters_bypass_the_cache(visitor, published_article):
    url = published_article.get_absolute_url()
    visitor.get(url)
    visitor.get(url)  # stored

    with_session = Client()
    with_session.cookies["sessionid"] = "someone-s-session"
    assert cache_status(with_session.get(url)) is None
    assert cache_status(visitor.get(f"{url}?utm_source=newsletter")) is None
    assert cache_status(visitor.get(reverse("search"), {"q": "pain"})) is None
    assert cache_status(visitor.get(reverse("articles:list"), {"page": "1"})) == "miss"


@pytest.mark.parametrize(
    "make_response",
    [
        pytest.param(lambda request: _with_cookie(HttpResponse("hello")), id="sets a cookie"),
        pytest.param(lambda request: _with_vary(HttpResponse("hello")), id="varies on cookie"),
        pytest.param(lambda request: _private(HttpResponse("hello")), id="private"),
        pytest.param(lambda request: _nonce_used(request, HttpResponse("hello")), id="nonce"),
        pytest.param(
            lambda request: HttpResponse('<input name="csrfmiddlewaretoken" value="x">'),
            id="csrf token",
        ),
        pytest.param(lambda request: HttpResponse("gone", status=404), id="not found"),
    ],
)
def test_responses_that_are_not_the_same_for_everyone_are_never_stored(page_cache, make_response):
    rendered = []

    def view(request):
        rendered.append(request)
        return make_response(request)

    middleware = PageCacheMiddleware(view)
    for _ in range(2):
        request = RequestFactory().get("/some-page/")
        response = middleware(request)
        assert cache_status(response) is None

    assert len(rendered) == 2  # rendered every time, never served from the cache


def _with_cookie(response):
    response.set_cookie("visitor", "1")
    return response


def _with_vary(response):
    response["Vary"] = "Cookie"
    return response


def _private(response):
    response["Cache-Control"] = "private"
    return response


def _nonce_used(request, response):
    from django.utils.csp import LazyNonce

    request._csp_nonce = LazyNonce()
    str(request._csp_nonce)
    return response


def test_page_cache_off_stores_nothing(client, published_article, settings):
    settings.PAGE_CACHE = False
    client.get(published_article.get_absolute_url())

    assert cache_status(client.get(published_article.get_absolute_url())) is None
