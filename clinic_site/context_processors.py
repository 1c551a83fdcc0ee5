from django.conf import settings
from django.http import HttpRequest


def clinic(request: HttpRequest) -> dict:
    """Make the clinic's details, and the site's public origin, available to every template."""
    return {"clinic": settings.CLINIC, "site_url": settings.SITE_URL}
