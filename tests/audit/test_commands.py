"""purge_audit_events: the log is kept for AUDIT_RETENTION_DAYS, then deleted."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.log import record
from audit.models import AuditEvent
from tests.audit.conftest import single_event

pytestmark = pytest.mark.django_db


def recorded(days_ago: int, action=AuditEvent.Action.LOGIN) -> AuditEvent:
    event = record(action, actor_username=f"staff-{days_ago}")
    AuditEvent.objects.filter(pk=event.pk).update(
        occurred_at=timezone.now() - timedelta(days=days_ago)
    )
    return event


def purge(*args) -> str:
    stdout = StringIO()
    call_command("purge_audit_events", *args, stdout=stdout)
    return stdout.getvalue()


@pytest.fixture(autouse=True)
def _retention(settings):
    settings.AUDIT_RETENTION_DAYS = 730


def test_purge_deletes_events_older_than_the_retention_setting_and_records_that_it_did():
    recorded(800)
    recorded(731)
    kept = recorded(700)

    output = purge()

    assert "Deleted 2 audit events recorded more than 730 days ago." in output
    purged = single_event(AuditEvent.Action.AUDIT_EVENTS_PURGED)
    assert purged.actor is None
    assert purged.details == {
        "command": "purge_audit_events",
        "deleted": 2,
        "older_than_days": 730,
    }
    assert set(AuditEvent.objects.values_list("pk", flat=True)) == {kept.pk, purged.pk}


def test_purge_takes_its_age_from_older_than():
    recorded(100)
    kept = recorded(10)

    purge("--older-than", "30")

    assert set(
        AuditEvent.objects.exclude(action=AuditEvent.Action.AUDIT_EVENTS_PURGED).values_list(
            "pk", flat=True
        )
    ) == {kept.pk}


def test_dry_run_only_counts():
    recorded(800)

    output = purge("--dry-run")

    assert "Would delete 1 audit events recorded more than 730 days ago (dry run)." in output
    assert AuditEvent.objects.count() == 1


def test_a_purge_that_finds_nothing_records_nothing():
    recorded(10)

    assert "Deleted 0 audit events" in purge()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.AUDIT_EVENTS_PURGED).exists()


@pytest.mark.parametrize("days", ["0", "-5"])
def test_purge_refuses_an_age_below_one_day(days):
    recorded(800)

    with pytest.raises(CommandError, match="at least 1 day"):
        purge("--older-than", days)

    assert AuditEvent.objects.count() == 1
