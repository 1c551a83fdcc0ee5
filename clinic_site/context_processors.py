from django.conf import settings
from django.http import HttpRequest


def clinic(request: HttpRequest) -> dict:
    """Make the clinic's name and contact details available to every template."""
    return {"clinic": settings.CLINIC}
