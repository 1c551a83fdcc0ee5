"""Who sent a request: the client's IP address, read through the proxies we trust.

One rule for everything that needs it: the inquiry rate limit, the admin login's lockout
(django-axes, AXES_CLIENT_IP_CALLABLE) and the audit log.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address, or None when the request names none.

    With INQUIRY_TRUSTED_PROXY_COUNT proxies in front of the site, the address is the entry
    the outermost of them appended to X-Forwarded-For; the client writes the entries left of
    it, so those are never read. An entry that is no address at all (a proxy set up wrongly,
    or a client reaching gunicorn directly) falls back to the connection's own address:
    it must never reach an IP address column, where it would be a server error.
    """
    candidates = []
    if proxy_count := settings.INQUIRY_TRUSTED_PROXY_COUNT:
        forwarded = request.headers.get("X-Forwarded-For", "")
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if len(addresses) >= proxy_count:
            candidates.append(addresses[-proxy_count])
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            # No IPv6 zone index ("%eth0"): PostgreSQL's inet type has none.
            return str(ipaddress.ip_address(candidate.split("%")[0]))
        except ValueError:
            continue
    return None
