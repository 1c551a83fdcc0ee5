"""
The benchmark's URLconf (clinic_site.settings_bench only): the public site plus a yardstick.

`/bench/constant/` answers a short constant text through the whole middleware stack: the
fastest any Django page here can be, so the article page's throughput is reported as a ratio
to it, measured in the same run, and the machine's speed cancels out.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from clinic_site.urls import handler400
from clinic_site.urls import urlpatterns as site_urlpatterns

CONSTANT_TEXT = b"The constant response of the benchmark.\n"


@require_safe
def constant(request):
    return HttpResponse(CONSTANT_TEXT, content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/constant/", constant, name="bench-constant"), *site_urlpatterns]

__all__ = ["handler400", "urlpatterns"]
