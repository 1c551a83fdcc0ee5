from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from inquiries.models import Inquiry, InquiryNotification
from tests.inquiries.factories import InquiryFactory, InquiryNotificationFactory

pytestmark = pytest.mark.django_db


def received(days_ago: int, **fields) -> Inquiry:
    """An inquiry received `days_ago` days ago."""
    inquiry = InquiryFactory(**fields)
    Inquiry.objects.filter(pk=inquiry.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return inquiry


def purge(*args) -> str:
    stdout = StringIO()
    call_command("purge_inquiries", *args, stdout=stdout)
    return stdout.getvalue()


@pytest.fixture
def inquiries_of_every_age_and_status():
    return {
        "old_closed": received(400, status=Inquiry.Status.CLOSED),
        "old_spam": received(400, status=Inquiry.Status.SPAM),
        "old_new": received(400, status=Inquiry.Status.NEW),
        "old_contacted": received(400, status=Inquiry.Status.CONTACTED),
        "old_booked": received(400, status=Inquiry.Status.BOOKED),
        "recent_closed": received(30, status=Inquiry.Status.CLOSED),
        "recent_spam": received(30, status=Inquiry.Status.SPAM),
    }


def test_purge_deletes_closed_and_spam_inquiries_older_than_the_retention_setting(
    inquiries_of_every_age_and_status,
):
    old_closed = inquiries_of_every_age_and_status["old_closed"]
    InquiryNotificationFactory(inquiry=old_closed)

    output = purge()

    assert "Deleted 2 closed or spam inquiries received more than 365 days ago" in output
    assert "3 older inquiries are still new, contacted or booked" in output
    remaining = set(Inquiry.objects.values_list("pk", flat=True))
    assert remaining == {
        inquiries_of_every_age_and_status[key].pk
        for key in ["old_new", "old_contacted", "old_booked", "recent_closed", "recent_spam"]
    }
    assert not InquiryNotification.objects.filter(inquiry_id=old_closed.pk).exists()


def test_purge_takes_its_age_from_older_than(inquiries_of_every_age_and_status):
    output = purge("--older-than", "10")

    assert "Deleted 4 closed or spam inquiries received more than 10 days ago" in output
    assert Inquiry.objects.count() == 3


def test_purge_default_comes_from_the_setting(inquiries_of_every_age_and_status, settings):
    settings.INQUIRY_RETENTION_DAYS = 10

    assert "Deleted 4 " in purge()


def test_purge_dry_run_counts_but_deletes_nothing(inquiries_of_every_age_and_status):
    output = purge("--dry-run")

    assert "Would delete 2 closed or spam inquiries" in output
    assert "(dry run)" in output
    assert Inquiry.objects.count() == 7


def test_purge_with_nothing_to_delete_says_so(db):
    assert "Deleted 0 closed or spam inquiries" in purge()


def test_purge_is_quiet_at_verbosity_zero(inquiries_of_every_age_and_status):
    assert purge("--verbosity", "0") == ""
    assert Inquiry.objects.count() == 5


def test_purge_refuses_a_negative_age(db):
    with pytest.raises(CommandError, match="zero or more days"):
        purge("--older-than", "-1")


def test_send_command_refuses_a_limit_below_one(db):
    with pytest.raises(CommandError):
        call_command("send_inquiry_notifications", "--limit", "0", stdout=StringIO())


def test_send_command_sends_at_most_the_limit(working_mail_server):
    InquiryNotificationFactory.create_batch(3)
    stdout = StringIO()

    call_command("send_inquiry_notifications", "--limit", "2", stdout=stdout)

    assert "2 sent" in stdout.getvalue()
    assert InquiryNotification.objects.filter(state="pending").count() == 1


def test_send_command_retry_now_sends_failed_emails_before_their_back_off_ends_and_only_once(
    working_mail_server,
):
    notification = InquiryNotificationFactory(
        state=InquiryNotification.State.FAILED,
        attempts=1,
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )

    waiting = StringIO()
    call_command("send_inquiry_notifications", stdout=waiting)
    now = StringIO()
    call_command("send_inquiry_notifications", "--retry-now", stdout=now)
    again = StringIO()
    call_command("send_inquiry_notifications", "--retry-now", stdout=again)

    assert "0 sent" in waiting.getvalue()
    assert "1 sent" in now.getvalue()
    assert "0 sent" in again.getvalue()
    notification.refresh_from_db()
    assert notification.state == InquiryNotification.State.SENT
    assert notification.attempts == 2
    assert len(mail.outbox) == 1
