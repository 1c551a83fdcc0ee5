"""How many inquiries one client may send: a count per hour, kept in the cache."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from clinic_site.client_address import client_address

WINDOW_SECONDS = 60 * 60


@dataclass(frozen=True)
class RateLimitDecision:
    is_allowed: bool
    retry_after_seconds: int = 0


def rate_limit_count(*, request: HttpRequest) -> RateLimitDecision:
    """Count one inquiry from the request's client; refuse it once the hour's limit is reached."""
    limit = settings.INQUIRY_RATE_LIMIT
    if limit <= 0:
        return RateLimitDecision(is_allowed=True)
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    # Keyed by a keyed hash: the cache never holds visitors' IP addresses.
    address = client_address(request) or ""
    client = salted_hmac("inquiries.rate-limit", address, algorithm="sha256").hexdigest()
    key = f"inquiries:rate-limit:{client}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=WINDOW_SECONDS + 60)
        count = 1
    if count > limit:
        retry_after = int((window + 1) * WINDOW_SECONDS - now) + 1
        return RateLimitDecision(is_allowed=False, retry_after_seconds=retry_after)
    return RateLimitDecision(is_allowed=True)
