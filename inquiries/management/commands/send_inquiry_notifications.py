"""
Send the inquiry emails that are still pending or failed earlier and are due for a retry.

Safe to run from cron at any frequency, even several at once: each email is claimed with a
conditional UPDATE before it is sent (see inquiries/notifications.py), so it never goes out
twice. Failed emails wait longer after each attempt (5 minutes, doubling, up to 6 hours) and
are given up after INQUIRY_NOTIFICATION_MAX_ATTEMPTS (the admin's index page counts those).
Exits non-zero when an email failed in this run, so cron reports the outage; run it with
--verbosity 0 to hear from it only then. Once the mail server is known to work again,
--retry-now sends the failed emails without waiting for their back-off to end.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from inquiries.models import InquiryNotification
from inquiries.notifications import SendOutcome, notification_send

# A claim older than this whose send never finished (the process died while sending): the
# email may or may not have gone out, so it is left for a person rather than sent twice.
STUCK_AFTER = timedelta(minutes=15)


class Command(BaseCommand):
    help = (
        "Send pending booking-inquiry emails and retry failed ones that are due "
        "(safe to run from cron at any frequency; never sends an email twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=200,
            help="Send at most this many emails in this run (default 200).",
        )
        parser.add_argument(
            "--retry-now",
            action="store_true",
            help=(
                "Also retry failed emails whose back-off has not ended yet (once the mail "
                "server works again). Still never sends an email twice."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say how many emails are due; send nothing.",
        )

    def handle(self, *args, limit: int, retry_now: bool, dry_run: bool, verbosity: int, **options):
        if limit < 1:
            raise CommandError("--limit must be at least 1")
        now = timezone.now()
        due = list(
            InquiryNotification.objects.due(now=now, retry_now=retry_now)
            .select_related("inquiry")
            .order_by("created_at", "pk")[:limit]
        )
        if dry_run:
            if verbosity >= 1:
                self.stdout.write(f"{len(due)} inquiry emails are due; nothing sent (dry run).")
            return

        outcomes = dict.fromkeys(SendOutcome, 0)
        for notification in due:
            outcomes[notification_send(notification=notification, retry_now=retry_now)] += 1

        given_up = InquiryNotification.objects.given_up().count()
        stuck = InquiryNotification.objects.filter(
            state=InquiryNotification.State.SENDING, claimed_at__lt=now - STUCK_AFTER
        ).count()
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Inquiry emails: {outcomes[SendOutcome.SENT]} sent, "
                    f"{outcomes[SendOutcome.FAILED]} failed, "
                    f"{outcomes[SendOutcome.SKIPPED]} skipped (sent by another process)."
                )
            )
        if (given_up or stuck) and verbosity >= 1:
            self.stderr.write(
                f"Needs a person: {given_up} inquiry emails failed "
                f"{settings.INQUIRY_NOTIFICATION_MAX_ATTEMPTS} times and are no longer "
                f"retried, and {stuck} were interrupted while sending (they may or may not "
                "have gone out). The inquiries themselves are safe: see the admin."
            )
        if outcomes[SendOutcome.FAILED]:
            raise CommandError(
                f"{outcomes[SendOutcome.FAILED]} inquiry emails failed; they will be retried. "
                "Check the mail server settings (EMAIL_URL)."
            )
