"""The two-factor pages: set up an authenticator app, then type its code at each sign-in."""

from http import HTTPStatus
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enrolment import pending_device, qr_code_svg, readable_key
from accounts.forms import OneTimeCodeForm
from accounts.mfa import two_factor_required
from accounts.verification import CodeCheck, code_check, device_confirm, session_verify

WRONG_CODE = (
    "That code is not right. Type the code your app shows now (it changes every 30 "
    "seconds); if it is still refused, check that your phone's clock is set automatically."
)


def next_url(request: HttpRequest) -> str:
    """Where to go once the code is given: the page asked for, if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def refusal_message(check: CodeCheck) -> str:
    if check.retry_at is None:
        return WRONG_CODE
    retry_at = timezone.localtime(check.retry_at)
    return (
        "Too many wrong codes in a row, so codes are not being checked for a moment. "
        f"Try again after {retry_at:%H:%M:%S}."
    )


def page(request, template: str, title: str, form, status=HTTPStatus.OK, **context):
    """Render a two-factor page in the admin's look, without the admin's menus."""
    return render(
        request,
        template,
        {
            "site_header": admin.site.site_header,
            "site_title": admin.site.site_title,
            "title": title,
            "form": form,
            "next": next_url(request),
            **context,
        },
        status=status,
    )


def refused_status(check: CodeCheck) -> HTTPStatus:
    return HTTPStatus.OK if check.retry_at is None else HTTPStatus.TOO_MANY_REQUESTS


@never_cache
@sensitive_post_parameters("code")
@login_required(login_url="admin:login")
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the current code from the user's authenticator app."""
    user = request.user
    if not two_factor_required(user) or user.is_verified():
        return redirect(next_url(request))
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()
    if device is None:
        query = urlencode({"next": next_url(request)})
        return redirect(f"{reverse('accounts:two-factor-set-up')}?{query}")

    form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
    status = HTTPStatus.OK
    if form.is_valid():
        check = code_check(device=device, code=form.cleaned_data["code"])
        if check.is_accepted:
            session_verify(request=request, device=device)
            return redirect(next_url(request))
        form.add_error("code", refusal_message(check))
        status = refused_status(check)
    return page(request, "accounts/two_factor_verify.html", "Enter your code", form, status)


@never_cache
@sensitive_post_parameters("code")
@login_required(login_url="admin:login")
def set_up(request: HttpRequest) -> HttpResponse:
    """Show a new authenticator key (QR code and text) and confirm it with a first code."""
    user = request.user
    if not two_factor_required(user) or user.is_verified():
        return redirect(next_url(request))
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        # A second device only with a code from the first: a stolen password alone must
        # never be enough to add an attacker's phone.
        query = urlencode({"next": next_url(request)})
        return redirect(f"{reverse('accounts:two-factor-verify')}?{query}")

    device = pending_device(user)
    form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
    status = HTTPStatus.OK
    if form.is_valid():
        check = code_check(device=device, code=form.cleaned_data["code"])
        if check.is_accepted:
            device_confirm(device=device)
            session_verify(request=request, device=device)
            messages.success(
                request, "Two-factor sign-in is set up: you will be asked for a code each time."
            )
            return redirect(next_url(request))
        form.add_error("code", refusal_message(check))
        status = refused_status(check)
    return page(
        request,
        "accounts/two_factor_set_up.html",
        "Set up two-factor sign-in",
        form,
        status,
        qr_code=qr_code_svg(device),
        key=readable_key(device),
    )
