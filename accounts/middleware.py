"""Keep staff who need a second factor out of the admin until they have given a code."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from accounts.mfa import has_authenticator, two_factor_required

# Admin views open before the code: signing in (perhaps as someone else) and signing out.
OPEN_ADMIN_VIEWS = frozenset({"login", "logout"})


class TwoFactorRequiredMiddleware:
    """Send an unverified user who needs two-factor to set it up, or to type a code.

    Must come after django-otp's OTPMiddleware, which tells whether the session is
    verified. Only admin views are guarded: the public site shows nothing private.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "admin" or match.url_name in OPEN_ADMIN_VIEWS:
            return None
        user = request.user
        if not two_factor_required(user) or user.is_verified():
            return None
        step = "verify" if has_authenticator(user) else "set-up"
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(f'accounts:two-factor-{step}')}?{query}")
