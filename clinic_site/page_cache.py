"""
The page cache: whole public pages, shared by every gunicorn worker and every machine.

What is cached: a GET answered 200 to a visitor who is nobody in particular (no cookie but
the CSRF one, no query string but `page` and `condition`), and only when the response proves it
is the same for every such visitor: it sets no cookie, is not `private`/`no-store`/`no-cache`,
varies on nothing (a view that touched the session or the logged-in user gets `Vary: Cookie`
from Django, so a page "rendered for a user" is never stored), did not use a CSP nonce, and
holds no CSRF token. Staff previews of drafts are `never_cache` and need a session: never stored.

Why a content version rather than deleting keys: a page shows rows from several tables (an
article lists its conditions, a condition its articles, everything the practitioners), so
working out which pages a change touches is error-prone. Instead every stored page's key holds
the current *content version*, a random token kept in the shared cache (CACHE_URL: files by
default, Redis in production); any save or delete of a row a public page shows replaces the
token (`page_cache_bump()`, on commit), and every page is then rendered afresh. Because the
version is read from the shared cache on every request, another worker or machine never serves
a page older than the last change; the old entries expire by themselves.

Time also changes pages: a scheduled article goes public at its `published_at` without any
write. A stored page therefore lives no longer than the next scheduled publication (one small
indexed query when a page is stored), nor past midnight (pages say when a review is overdue),
nor PAGE_CACHE_SECONDS.

Each worker also keeps the pages it served lately in memory, under the same versioned key: such
an entry can never be stale (a new version is a new key), and a hit then costs one read of the
version from the shared cache.

Conditional GET: a stored page carries a strong ETag (a digest of its bytes) and answers
If-None-Match with 304. No Last-Modified: its one-second resolution cannot tell two edits in the
same second apart, and a 304 for the first would hide the second.

The middleware sits after the header middleware (security, CSP, X-Frame-Options), the Host
check and WhiteNoise, so those add their headers (HSTS, nosniff, Referrer-Policy, COOP, CSP,
X-Frame-Options) to a cached page exactly as to a fresh one.
"""

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.functional import empty

VERSION_KEY = "page-cache:version"
# Query parameters that select what a public page shows; any other parameter (search, booking
# form pre-selection, tracking tags) bypasses the cache.
ALLOWED_QUERY_PARAMETERS = frozenset({"page", "condition"})
MAX_QUERY_STRING_LENGTH = 200
# Pages each worker keeps in memory (a page is about 20 KB: at most a few MB per worker).
LOCAL_ENTRIES = 256
# Marks a response for the benchmark and the tests: "hit" (from the cache) or "miss" (stored).
STATUS_HEADER = "X-Page-Cache"
CSRF_FIELD = b'name="csrfmiddlewaretoken"'


@dataclass(frozen=True)
class CachedPage:
    """A stored response: everything needed to send it again, and when it stops being true."""

    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str
    expires_at: float  # time.time() after which the page may no longer be the truth

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response.headers[name] = value
        return response


def page_cache_enabled() -> bool:
    return getattr(settings, "PAGE_CACHE", False)


# --- The content version -------------------------------------------------------------------


def content_version() -> str:
    """The current content version, created when the shared cache has none (first use, evicted)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def page_cache_bump() -> None:
    """Make every stored page stale: the next request for each renders it afresh.

    Call it after any change to what a public page shows that does not go through a model
    save or delete (e.g. `QuerySet.update()` on articles); saves and deletes call it already.
    """
    if page_cache_enabled():
        cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def page_cache_bump_on_commit(**kwargs) -> None:
    """The signal receiver: replace the version now, and again once the change is committed.

    Now, so that a page rendered inside the same transaction is not stored under the version
    that readers are about to leave; on commit, because a reader in another process may render
    the old rows between our write and our commit, and store them under the new version.
    """
    if page_cache_enabled():
        page_cache_bump()
        transaction.on_commit(page_cache_bump, robust=True)


# --- How long a page stays true --------------------------------------------------------------


def page_expires_at(now: datetime) -> datetime:
    """The first moment a page rendered `now` may change without any write to the database."""
    from articles.models import Article

    limits = [
        now + timedelta(seconds=settings.PAGE_CACHE_SECONDS),
        # Review dates are compared with today: "overdue" appears at midnight.
        timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        + timedelta(days=1),
    ]
    next_publication = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    if next_publication is not None:
        limits.append(next_publication)
    return min(limits)


# --- Which requests and responses ------------------------------------------------------------


def is_anonymous_read(request: HttpRequest) -> bool:
    """A GET or HEAD from a visitor the site knows nothing about, for a page every such sees."""
    if request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    # The CSRF cookie alone says nothing about the visitor; a session or a message cookie does.
    if any(name != settings.CSRF_COOKIE_NAME for name in request.COOKIES):
        return False
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_STRING_LENGTH:
        return False
    return all(name in ALLOWED_QUERY_PARAMETERS for name in request.GET)


def is_same_for_everyone(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Did this response come out the same as any anonymous visitor's would?"""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Vary") or response.has_header("Set-Cookie"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache", "max-age=0")):
        return False
    if bool(getattr(request, "_csp_nonce", None)):  # a nonce is new on every response
        return False
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "_wrapped", empty) is not empty:
        return False  # rendered knowing who the visitor is
    return CSRF_FIELD not in response.content


def page_key(request: HttpRequest, version: str) -> str:
    """The page's cache key: the content version, the scheme, the host and the path with query."""
    query = urlencode(sorted(request.GET.items()))
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"page-cache:{version}:{digest}"


# --- The middleware -------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve anonymous readers stored pages; store the pages that are the same for everyone."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.local: OrderedDict[str, CachedPage] = OrderedDict()
        self.local_lock = threading.Lock()  # for gunicorn's threaded workers

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not page_cache_enabled() or not is_anonymous_read(request):
            return self.get_response(request)
        key = page_key(request, content_version())
        page = self.lookup(key)
        if page is not None:
            response = page.response()
            response.headers["ETag"] = page.etag
            response.headers[STATUS_HEADER] = "hit"
            return get_conditional_response(request, etag=page.etag, response=response)

        rendered_at = timezone.now()
        response = self.get_response(request)
        if request.method != "GET" or not is_same_for_everyone(request, response):
            return response
        expires_at = page_expires_at(rendered_at).timestamp()
        timeout = expires_at - time.time()
        if timeout < 1:
            return response
        page = CachedPage(
            status=response.status_code,
            headers=tuple(response.headers.items()),
            content=response.content,
            etag=f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"',
            expires_at=expires_at,
        )
        cache.set(key, page, timeout=int(timeout))
        self.remember(key, page)
        response.headers["ETag"] = page.etag
        response.headers[STATUS_HEADER] = "miss"
        return get_conditional_response(request, etag=page.etag, response=response)

    def lookup(self, key: str) -> CachedPage | None:
        page = self.local.get(key)
        if page is None:
            page = cache.get(key)
            if page is None:
                return None
            self.remember(key, page)
        if page.expires_at <= time.time():
            with self.local_lock:
                self.local.pop(key, None)
            return None
        return page

    def remember(self, key: str, page: CachedPage) -> None:
        with self.local_lock:
            self.local[key] = page
            self.local.move_to_end(key)
            while len(self.local) > LOCAL_ENTRIES:
                self.local.popitem(last=False)
