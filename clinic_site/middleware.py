"""
Refuse a request whose Host header is not in ALLOWED_HOSTS before anything answers it.

Django checks the Host only when something asks for it: CommonMiddleware does for every page,
but whitenoise serves static files before CommonMiddleware runs, so a forged Host would get a
static file back. This middleware sits above whitenoise and asks first.
"""

from django.http import HttpRequest, HttpResponse


class AllowedHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Raises DisallowedHost, which Django answers with handler400 (a 400 page) and logs
        # to django.security.DisallowedHost.
        request.get_host()
        return self.get_response(request)
