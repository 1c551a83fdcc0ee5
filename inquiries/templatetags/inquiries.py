from urllib.parse import urlencode

from django import template
from django.conf import settings

from clinic_site.route_paths import route_path
from conditions.models import Condition
from inquiries.models import Inquiry, InquiryNotification
from practitioners.models import Practitioner

register = template.Library()


@register.inclusion_tag("includes/emergency_note.html")
def emergency_note() -> dict:
    """The "not for emergencies" note, worded by the INQUIRY_EMERGENCY_* settings."""
    return {
        "note": settings.INQUIRY_EMERGENCY_NOTE,
        "phone": settings.INQUIRY_EMERGENCY_PHONE,
    }


@register.simple_tag
def booking_url(*, condition=None, practitioner=None) -> str:
    """The booking form's address, pre-selecting the page's condition or practitioner.

    An article page passes its first condition; a practitioner is pre-selected only while they
    take new patients (the form lists no one else).
    """
    query = {}
    if isinstance(condition, Condition):
        query["condition"] = condition.slug
    elif isinstance(practitioner, Practitioner):
        if practitioner.is_accepting_new_patients:
            query["practitioner"] = practitioner.slug
    url = route_path("inquiries:create")
    return f"{url}?{urlencode(query)}" if query else url


@register.simple_tag(takes_context=True)
def new_inquiry_count(context) -> int | None:
    """New inquiries for the admin's index page; None for staff who may not see inquiries."""
    request = context.get("request")
    if request is None or not request.user.has_perm("inquiries.view_inquiry"):
        return None
    return Inquiry.objects.filter(status=Inquiry.Status.NEW).count()


@register.simple_tag(takes_context=True)
def failed_inquiry_email_count(context) -> int:
    """Inquiry emails that failed every retry, for staff who may see inquiries."""
    request = context.get("request")
    if request is None or not request.user.has_perm("inquiries.view_inquiry"):
        return 0
    return InquiryNotification.objects.given_up().count()
