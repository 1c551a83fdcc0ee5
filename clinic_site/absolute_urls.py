"""
Absolute addresses for what the site gives out: feeds, the sitemap, robots.txt, canonical and
Open Graph links, structured data.

They are built from settings.SITE_URL, the site's one public origin, never from the request's
Host header: behind a proxy, or on a second hostname, the request may name another.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest

# Query parameters that make a different page, by URL name; any others (tracking tags, a
# stray ?condition= on another page) are left out of the canonical address.
CANONICAL_PARAMETERS = {"articles:list": ("condition", "before", "after")}


def absolute_url(path: str) -> str:
    """`path` (as `reverse()` or `get_absolute_url()` give it) on the site's public origin."""
    if urlsplit(path).scheme:
        return path
    return f"{settings.SITE_URL}{path}"


def site_domain() -> str:
    """The host (and port) of SITE_URL, e.g. "www.example.org"."""
    return urlsplit(settings.SITE_URL).netloc


def site_protocol() -> str:
    return urlsplit(settings.SITE_URL).scheme or "https"


def canonical_url(request: HttpRequest) -> str:
    """The page's one address: its path and the parameters that matter."""
    match = request.resolver_match
    names = CANONICAL_PARAMETERS.get(match.view_name, ()) if match else ()
    query = {name: value for name in names if (value := request.GET.get(name, "").strip())}
    path = absolute_url(request.path)
    return f"{path}?{urlencode(query)}" if query else path
