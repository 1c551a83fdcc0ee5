import pytest
from django.test import Client


@pytest.fixture
def page_cache(settings, tmp_path):
    """The page cache on, over a file cache of this test's own (shared by processes, as in use)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 600
    return settings


@pytest.fixture
def visitor(page_cache):
    """An anonymous visitor's browser; its server process keeps pages in memory too."""
    return Client()


def cache_status(response) -> str | None:
    """'hit' (sent from the cache), 'miss' (rendered and stored) or None (not cacheable)."""
    return response.headers.get("X-Page-Cache")
