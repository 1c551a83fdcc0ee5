"""The page shown when too many failed logins locked a username at one address (django-axes).

django-axes calls `lockout_response` (settings.AXES_LOCKOUT_CALLABLE) instead of the login
page's own response once the limit is reached, and on every later attempt while it lasts.
"""

import math
from http import HTTPStatus

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def lockout_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The typed username as django-axes stores it (settings.AXES_USERNAME_CALLABLE): cut to
    fit its column. Django's login form does not limit the username's length, so without
    this an over-long one is a 500 on PostgreSQL (no account has more than 150 characters)."""
    if credentials:
        typed = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        typed = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    if typed is None:
        return None
    return str(typed)[: AccessAttempt._meta.get_field("username").max_length]


def unlock_time(request: HttpRequest, credentials: dict | None):
    """When the lock ends: the cool-off after the last failure for this username and address."""
    last_failure = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=request.axes_ip_address or None,
    ).aggregate(last=Max("attempt_time"))["last"]
    return (last_failure or timezone.now()) + get_cool_off(request)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    unlock_at = unlock_time(request, credentials)
    response = render(
        request,
        "accounts/locked_out.html",
        {
            "site_header": admin.site.site_header,
            "site_title": admin.site.site_title,
            "title": "Login locked for now",
            "unlock_at": unlock_at,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cool_off_minutes": round(get_cool_off(request).total_seconds() / 60),
        },
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
    seconds = max(0, math.ceil((unlock_at - timezone.now()).total_seconds()))
    response["Retry-After"] = str(seconds)
    return response
