"""
Delete closed and spam booking inquiries received more than a number of days ago.

The retention period defaults to INQUIRY_RETENTION_DAYS. Inquiries in any other status
(new, contacted, booked) are kept however old they are, until the front desk closes them.
Their emails' records go with them.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from audit.log import record
from audit.models import AuditEvent
from inquiries.models import Inquiry

PURGED_STATUSES = [Inquiry.Status.CLOSED, Inquiry.Status.SPAM]


class Command(BaseCommand):
    help = (
        "Delete closed and spam booking inquiries older than --older-than days "
        "(default: INQUIRY_RETENTION_DAYS). Use --dry-run to count them only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="DAYS",
            help=(
                "Delete closed and spam inquiries received more than DAYS days ago "
                f"(default {settings.INQUIRY_RETENTION_DAYS}, from INQUIRY_RETENTION_DAYS)."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count the inquiries that would be deleted; delete nothing.",
        )

    def handle(self, *args, older_than: int | None, dry_run: bool, verbosity: int, **options):
        days = settings.INQUIRY_RETENTION_DAYS if older_than is None else older_than
        if days < 0:
            raise CommandError("--older-than must be zero or more days")
        cutoff = timezone.now() - timedelta(days=days)
        old = Inquiry.objects.filter(created_at__lt=cutoff)
        with transaction.atomic():
            expired = old.filter(status__in=PURGED_STATUSES)
            if dry_run:
                count = expired.count()
            else:
                count = expired.delete()[1].get(Inquiry._meta.label, 0)
                # Every run, even one that found nothing: the log shows the clean-up ran.
                record(
                    AuditEvent.Action.INQUIRIES_PURGED,
                    command="purge_inquiries",
                    deleted=count,
                    older_than_days=days,
                )
        kept_open = old.exclude(status__in=PURGED_STATUSES).count()

        if verbosity >= 1:
            verb = "Would delete" if dry_run else "Deleted"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb} {count} closed or spam inquiries received more than "
                    f"{days} days ago{' (dry run)' if dry_run else ''}."
                )
            )
            if kept_open:
                self.stdout.write(
                    f"{kept_open} older inquiries are still new, contacted or booked and were "
                    "kept: close them in the admin when they are done with."
                )
