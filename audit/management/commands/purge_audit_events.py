"""
Delete audit events older than a number of days (default AUDIT_RETENTION_DAYS).

The log holds staff members' usernames and IP addresses, so it is not kept for ever. Each
run that deletes anything records that it did, so a gap in the log is never unexplained.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from audit.log import record
from audit.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Delete audit events older than --older-than days (default: AUDIT_RETENTION_DAYS). "
        "Use --dry-run to count them only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="DAYS",
            help=(
                "Delete audit events recorded more than DAYS days ago "
                f"(default {settings.AUDIT_RETENTION_DAYS}, from AUDIT_RETENTION_DAYS)."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count the events that would be deleted; delete nothing.",
        )

    def handle(self, *args, older_than: int | None, dry_run: bool, verbosity: int, **options):
        days = settings.AUDIT_RETENTION_DAYS if older_than is None else older_than
        if days < 1:
            raise CommandError("--older-than must be at least 1 day")
        cutoff = timezone.now() - timedelta(days=days)
        with transaction.atomic():
            expired = AuditEvent.objects.filter(occurred_at__lt=cutoff)
            if dry_run:
                count = expired.count()
            else:
                count = expired.delete()[1].get(AuditEvent._meta.label, 0)
                if count:
                    record(
                        AuditEvent.Action.AUDIT_EVENTS_PURGED,
                        command="purge_audit_events",
                        deleted=count,
                        older_than_days=days,
                    )
        if verbosity >= 1:
            verb = "Would delete" if dry_run else "Deleted"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb} {count} audit events recorded more than {days} days ago"
                    f"{' (dry run)' if dry_run else ''}."
                )
            )
