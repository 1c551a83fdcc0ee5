import logging
import threading
import time
from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from inquiries.models import Inquiry, InquiryNotification
from inquiries.notifications import (
    SendOutcome,
    error_summary,
    inquiry_notify,
    notification_send,
    retry_delay,
)
from tests.inquiries.factories import InquiryFactory, InquiryNotificationFactory

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("inquiries:create")


def run_command(*args):
    stdout, stderr = StringIO(), StringIO()
    call_command("send_inquiry_notifications", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def make_retries_due():
    """Move time on past every back-off: the next cron run may retry."""
    InquiryNotification.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_failing_mail_server_never_loses_the_inquiry_or_shows_an_error(
    client, form_data, failing_mail_server
):
    response = client.post(CREATE_URL, form_data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("inquiries:thanks")
    inquiry = Inquiry.objects.get()
    thanks = client.get(response["Location"])
    assert inquiry.reference_code in thanks.content.decode()
    assert mail.outbox == []


def test_failed_emails_are_recorded_without_personal_details(
    client, form_data, failing_mail_server, caplog
):
    with caplog.at_level(logging.WARNING, logger="inquiries"):
        client.post(CREATE_URL, form_data)

    notifications = InquiryNotification.objects.order_by("kind")
    assert [(n.kind, n.state, n.attempts) for n in notifications] == [
        ("staff", "failed", 1),
        ("visitor", "failed", 1),
    ]
    for notification in notifications:
        assert notification.last_error == "SMTPRecipientsRefused (SMTP 451)"
        assert notification.sent_at is None
        assert notification.next_attempt_at > timezone.now()
    assert len(caplog.records) == 2
    logged = caplog.text
    for private in ["jane@example.org", "frontdesk@", "Jane", "01422", "Trigeminal", "jaw"]:
        assert private not in logged
        assert not InquiryNotification.objects.filter(last_error__contains=private).exists()


def test_failed_emails_are_sent_exactly_once_by_the_retry_command(
    client, form_data, settings, failing_mail_server
):
    client.post(CREATE_URL, form_data)
    inquiry = Inquiry.objects.get()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    make_retries_due()

    stdout, _ = run_command()

    assert "2 sent, 0 failed" in stdout
    assert sorted(email.to[0] for email in mail.outbox) == [
        "frontdesk@riverside-acupuncture.example",
        "jane@example.org",
    ]
    assert all(inquiry.reference_code in email.subject for email in mail.outbox)
    assert set(InquiryNotification.objects.values_list("state", "attempts", "last_error")) == {
        ("sent", 2, "")
    }

    run_command()
    run_command()
    assert len(mail.outbox) == 2


def test_retry_command_waits_for_the_back_off(client, form_data, settings, failing_mail_server):
    client.post(CREATE_URL, form_data)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    stdout, _ = run_command()

    assert "0 sent" in stdout
    assert mail.outbox == []


def test_retry_command_that_fails_again_exits_with_an_error_and_backs_off_further(
    client, form_data, failing_mail_server
):
    client.post(CREATE_URL, form_data)
    make_retries_due()

    with pytest.raises(CommandError, match="2 inquiry emails failed"):
        run_command()

    notification = InquiryNotification.objects.get(kind="staff")
    assert notification.attempts == 2
    assert notification.state == "failed"
    assert notification.next_attempt_at > timezone.now() + timedelta(minutes=9)


def test_command_sends_a_pending_email_left_by_a_request_that_died(working_mail_server):
    notification = InquiryNotificationFactory()

    stdout, _ = run_command()

    assert "1 sent" in stdout
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.state == "sent"
    assert notification.sent_at is not None


def test_command_dry_run_sends_nothing(working_mail_server):
    InquiryNotificationFactory()

    stdout, _ = run_command("--dry-run")

    assert "1 inquiry emails are due" in stdout
    assert mail.outbox == []
    assert InquiryNotification.objects.get().state == "pending"


def test_command_gives_up_after_the_maximum_attempts(settings, failing_mail_server):
    settings.INQUIRY_NOTIFICATION_MAX_ATTEMPTS = 3
    notification = InquiryNotificationFactory()

    for _ in range(3):
        make_retries_due()
        with pytest.raises(CommandError):
            run_command()
    make_retries_due()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    stdout, stderr = run_command()

    notification.refresh_from_db()
    assert notification.attempts == 3
    assert notification.state == "failed"
    assert mail.outbox == []
    assert "0 sent" in stdout
    assert "1 inquiry emails failed 3 times and are no longer retried" in stderr


def test_email_interrupted_while_sending_is_never_sent_again(working_mail_server):
    notification = InquiryNotificationFactory(
        state=InquiryNotification.State.SENDING,
        attempts=1,
        claimed_at=timezone.now() - timedelta(hours=1),
    )

    _, stderr = run_command()

    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.state == "sending"
    assert "1 were interrupted while sending" in stderr


def test_sending_an_already_sent_email_again_does_nothing(working_mail_server):
    inquiry = InquiryFactory()
    inquiry_notify(inquiry=inquiry)
    assert len(mail.outbox) == 2

    inquiry_notify(inquiry=inquiry)
    outcomes = [notification_send(notification=n) for n in inquiry.notifications.all()]

    assert outcomes == [SendOutcome.SKIPPED, SendOutcome.SKIPPED]
    assert len(mail.outbox) == 2
    assert inquiry.notifications.count() == 2


def test_email_claimed_by_another_process_is_skipped(working_mail_server):
    notification = InquiryNotificationFactory()
    InquiryNotification.objects.filter(pk=notification.pk).update(
        state=InquiryNotification.State.SENDING, claimed_at=timezone.now()
    )

    assert notification_send(notification=notification) == SendOutcome.SKIPPED
    assert mail.outbox == []


class SlowCountingBackend(BaseEmailBackend):
    """A mail server that takes its time, so that competing senders overlap."""

    sent = []
    lock = threading.Lock()

    def send_messages(self, email_messages):
        time.sleep(0.2)
        with self.lock:
            self.sent.extend(email_messages)
        return len(email_messages)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the in-memory SQLite test database locks whole tables across threads",
)
@pytest.mark.django_db(transaction=True)
def test_many_simultaneous_senders_send_an_email_only_once(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.SlowCountingBackend"}}
    SlowCountingBackend.sent = []
    notification = InquiryNotificationFactory()
    start = threading.Barrier(6)
    outcomes, errors = [], []

    def sender():
        try:
            start.wait()
            copy = InquiryNotification.objects.get(pk=notification.pk)
            outcomes.append(notification_send(notification=copy))
        except Exception as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(outcomes) == sorted([SendOutcome.SENT] + [SendOutcome.SKIPPED] * 5)
    assert len(SlowCountingBackend.sent) == 1
    assert InquiryNotification.objects.get().attempts == 1


def test_emails_carry_the_reference_and_no_health_details(working_mail_server, settings):
    inquiry = InquiryFactory(
        name="Jane Doe",
        message="My neuropathy is worse since chemotherapy.",
        preferred_times=["saturdays"],
    )

    inquiry_notify(inquiry=inquiry)

    staff, visitor = sorted(mail.outbox, key=lambda email: email.to != [settings.CLINIC_INBOX])
    assert staff.subject == f"New booking inquiry {inquiry.reference_code}"
    assert f"/admin/inquiries/inquiry/{inquiry.pk}/change/" in staff.body
    assert staff.body.count("https://www.riverside-acupuncture.example/admin/") == 1
    assert inquiry.reference_code in visitor.subject
    assert visitor.reply_to == [settings.CLINIC["email"]]
    assert visitor.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "https://www.riverside-acupuncture.example/privacy/" in visitor.body
    for email in (staff, visitor):
        text = email.message().as_string()
        for private in ["neuropathy", "chemotherapy", "Jane", "Saturdays", "01422 555 0199"]:
            assert private not in text
    assert "admin" not in visitor.body


def test_retry_delay_doubles_up_to_six_hours():
    assert [retry_delay(attempts) for attempts in (1, 2, 3)] == [
        timedelta(minutes=5),
        timedelta(minutes=10),
        timedelta(minutes=20),
    ]
    assert retry_delay(8) == timedelta(hours=6)
    assert retry_delay(1000) == timedelta(hours=6)


def test_error_summary_names_the_error_but_never_its_text():
    import smtplib

    refused = smtplib.SMTPRecipientsRefused({"jane@example.org": (550, b"jane@example.org bad")})
    rejected = smtplib.SMTPDataError(554, b"message from jane@example.org rejected")

    assert error_summary(refused) == "SMTPRecipientsRefused (SMTP 550)"
    assert error_summary(rejected) == "SMTPDataError (SMTP 554)"
    assert error_summary(ConnectionRefusedError(111, "Connection refused")) == (
        "ConnectionRefusedError (errno 111)"
    )
    assert error_summary(ValueError("jane@example.org")) == "ValueError"


class CommitCheckingBackend(BaseEmailBackend):
    """Looks for the inquiry from another database connection while "sending"."""

    seen_from_elsewhere = []

    def send_messages(self, email_messages):
        def look():
            try:
                self.seen_from_elsewhere.append(Inquiry.objects.filter(name="Jane Doe").exists())
            except Exception as error:  # e.g. SQLite: locked by an open transaction
                self.seen_from_elsewhere.append(error)
            finally:
                connection.close()

        thread = threading.Thread(target=look)
        thread.start()
        thread.join()
        return len(email_messages)


@pytest.mark.django_db(transaction=True)
def test_inquiry_is_committed_before_any_email_is_attempted(client, form_data, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.CommitCheckingBackend"}}
    CommitCheckingBackend.seen_from_elsewhere = []

    client.post(CREATE_URL, form_data)

    assert CommitCheckingBackend.seen_from_elsewhere == [True, True]


def test_inquiry_is_kept_and_thanked_even_if_recording_its_emails_fails(
    client, form_data, monkeypatch, caplog
):
    def broken_database(**kwargs):
        raise RuntimeError("database went away: jane@example.org")

    monkeypatch.setattr("inquiries.views.inquiry_notify", broken_database)

    response = client.post(CREATE_URL, form_data)

    assert response.status_code == HTTPStatus.FOUND
    assert Inquiry.objects.count() == 1
    assert "RuntimeError" in caplog.text
    assert "jane@example.org" not in caplog.text
