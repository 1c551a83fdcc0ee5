"""
The emails about an inquiry: a notification to the clinic's inbox and a confirmation to the
visitor. Neither carries health details (no condition, practitioner or message): only the
reference code, and for staff a link to the inquiry in the admin.

Each email is a row (InquiryNotification) before it is sent. Sending first claims the row
with one conditional UPDATE, so a request and any number of cron runs can never send the
same email twice; a failure is recorded and retried later by `send_inquiry_notifications`.
"""

import enum
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.handler import DEFAULT_MAILER_ALIAS
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from inquiries.models import Inquiry, InquiryNotification

logger = logging.getLogger(__name__)

FIRST_RETRY_DELAY = timedelta(minutes=5)
LONGEST_RETRY_DELAY = timedelta(hours=6)
LAST_ERROR_MAX_LENGTH = 200


class SendOutcome(enum.StrEnum):
    SENT = "sent"
    FAILED = "failed"
    # Not due, already sent, or claimed by another process at the same moment.
    SKIPPED = "skipped"


def inquiry_notify(*, inquiry: Inquiry) -> None:
    """Record the inquiry's emails, then try to send each now; failures wait for a retry."""
    kinds = [InquiryNotification.Kind.STAFF]
    if inquiry.email:
        kinds.append(InquiryNotification.Kind.VISITOR)
    # Every row exists before the first send: if this process dies, cron finds the rest.
    notifications = [
        InquiryNotification.objects.get_or_create(inquiry=inquiry, kind=kind)[0] for kind in kinds
    ]
    for notification in notifications:
        notification_send(notification=notification)


def notification_send(
    *, notification: InquiryNotification, retry_now: bool = False
) -> SendOutcome:
    """Claim the notification if it is due, send its email and record what happened.

    `retry_now` does not wait for a failed email's back-off to end (see the command's
    --retry-now); the claim still makes sure that it is sent once.
    """
    now = timezone.now()
    claimed = (
        InquiryNotification.objects.due(now=now, retry_now=retry_now)
        .filter(pk=notification.pk)
        .update(
            state=InquiryNotification.State.SENDING,
            attempts=F("attempts") + 1,
            claimed_at=now,
            updated_at=now,
        )
    )
    if not claimed:
        return SendOutcome.SKIPPED
    notification.refresh_from_db()
    try:
        message = notification_message(notification=notification)
        if not message.send(using=DEFAULT_MAILER_ALIAS):
            raise ValueError("the mailer accepted no message")
    except Exception as error:  # Any fault of the mail server: recorded, never shown.
        return _record_failure(notification, error)
    InquiryNotification.objects.filter(pk=notification.pk).update(
        state=InquiryNotification.State.SENT,
        sent_at=timezone.now(),
        last_error="",
        next_attempt_at=None,
        updated_at=timezone.now(),
    )
    return SendOutcome.SENT


def notification_message(*, notification: InquiryNotification) -> EmailMessage:
    """The email for the notification: the reference code and links, nothing about health."""
    inquiry = notification.inquiry
    context = {
        "clinic": settings.CLINIC,
        "reference_code": inquiry.reference_code,
        "admin_url": settings.SITE_URL + inquiry.get_admin_url(),
        "privacy_url": settings.SITE_URL + reverse("inquiries:privacy"),
        "emergency_note": settings.INQUIRY_EMERGENCY_NOTE,
        "emergency_phone": settings.INQUIRY_EMERGENCY_PHONE,
    }
    if notification.kind == InquiryNotification.Kind.STAFF:
        return EmailMessage(
            subject=f"New booking inquiry {inquiry.reference_code}",
            body=render_to_string("inquiries/emails/staff_notification.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[settings.CLINIC_INBOX],
        )
    if not inquiry.email:
        raise ValueError("the inquiry has no email address")
    return EmailMessage(
        subject=f"Your inquiry to {settings.CLINIC['name']}: reference {inquiry.reference_code}",
        body=render_to_string("inquiries/emails/visitor_confirmation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[inquiry.email],
        reply_to=[settings.CLINIC["email"]],
        # RFC 3834: tells mail servers not to answer it with an out-of-office reply.
        headers={"Auto-Submitted": "auto-generated"},
    )


def error_summary(error: BaseException) -> str:
    """The error's kind and SMTP codes, never its text: that can quote email addresses."""
    summary = type(error).__name__
    if isinstance(error, smtplib.SMTPResponseException):
        summary += f" (SMTP {error.smtp_code})"
    elif isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _ in error.recipients.values()})
        summary += f" (SMTP {', '.join(codes)})"
    elif isinstance(error, OSError) and error.errno is not None:
        summary += f" (errno {error.errno})"
    return summary[:LAST_ERROR_MAX_LENGTH]


def retry_delay(attempts: int) -> timedelta:
    """Wait longer after each failure: 5 minutes, 10, 20 ... up to 6 hours."""
    doublings = min(max(attempts - 1, 0), 10)  # 2**10 * 5 minutes is already past the cap
    return min(FIRST_RETRY_DELAY * 2**doublings, LONGEST_RETRY_DELAY)


def _record_failure(notification: InquiryNotification, error: Exception) -> SendOutcome:
    summary = error_summary(error)
    now = timezone.now()
    InquiryNotification.objects.filter(pk=notification.pk).update(
        state=InquiryNotification.State.FAILED,
        last_error=summary,
        next_attempt_at=now + retry_delay(notification.attempts),
        updated_at=now,
    )
    # Ids and the error's kind only: no names, addresses or health details in the logs.
    logger.warning(
        "Inquiry notification %s (%s, inquiry %s) failed on attempt %s of %s: %s",
        notification.pk,
        notification.kind,
        notification.inquiry_id,
        notification.attempts,
        settings.INQUIRY_NOTIFICATION_MAX_ATTEMPTS,
        summary,
    )
    return SendOutcome.FAILED
