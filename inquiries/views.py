import logging

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from inquiries.forms import STARTED_FIELD, InquiryForm, form_started_token
from inquiries.models import Inquiry
from inquiries.notifications import inquiry_notify
from inquiries.throttling import rate_limit_count

logger = logging.getLogger(__name__)

# The thank-you page shows only the code kept in the visitor's own session: its address
# carries nothing, so it cannot be used to look up anyone else's inquiry.
SESSION_REFERENCE_KEY = "inquiries:reference_code"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@transaction.non_atomic_requests
def inquiry_create(request):
    if request.method == "POST":
        form = InquiryForm(request.POST)
        if form.is_valid():
            decision = rate_limit_count(request=request)
            if not decision.is_allowed:
                response = render(request, "inquiries/rate_limited.html", status=429)
                response["Retry-After"] = str(decision.retry_after_seconds)
                return response
            # Store first, notify after: outside any transaction, this row is committed
            # before any email is tried, so no mail server fault can lose it.
            inquiry = form.save()
            if inquiry.status != Inquiry.Status.SPAM:
                try:
                    inquiry_notify(inquiry=inquiry)
                except Exception as error:  # The inquiry is safe: an error page would only
                    # make the visitor send it again. The admin's index counts new ones.
                    logger.error(
                        "Recording the emails for inquiry %s failed: %s",
                        inquiry.pk,
                        type(error).__name__,
                    )
            request.session[SESSION_REFERENCE_KEY] = inquiry.reference_code
            return redirect("inquiries:thanks")
    else:
        form = InquiryForm(initial=InquiryForm.initial_from_query(request.GET))
    return render(
        request,
        "inquiries/inquiry_form.html",
        {
            "form": form,
            "started_field": STARTED_FIELD,
            "started_token": form_started_token(),
        },
    )


@never_cache
@require_safe
def inquiry_thanks(request):
    reference_code = request.session.get(SESSION_REFERENCE_KEY)
    if not reference_code:
        return redirect("inquiries:create")
    return render(request, "inquiries/inquiry_thanks.html", {"reference_code": reference_code})


@require_safe
def privacy_notice(request):
    return render(
        request,
        "inquiries/privacy_notice.html",
        {"retention_days": settings.INQUIRY_RETENTION_DAYS},
    )
