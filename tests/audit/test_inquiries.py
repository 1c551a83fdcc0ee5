"""Who opened an inquiry, who changed its status, and the purges: never what it said."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from inquiries.models import Inquiry
from tests.audit.conftest import (
    VISITOR_EMAIL,
    VISITOR_MESSAGE,
    VISITOR_NAME,
    VISITOR_PHONE,
    assert_recorded_just_now_in_utc,
    logged_in,
    single_event,
)
from tests.inquiries.factories import InquiryFactory

pytestmark = pytest.mark.django_db

INTERNAL_NOTE = "Called back; she mentioned her migraine medication."


def change_url(inquiry: Inquiry) -> str:
    return reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])


def status_change_data(status: str, **fields) -> dict:
    """What the inquiry's change form posts when the front desk sets a new status."""
    return {
        "status": status,
        "assigned_to": "",
        "internal_notes": "",
        "notifications-TOTAL_FORMS": "0",
        "notifications-INITIAL_FORMS": "0",
        "notifications-MIN_NUM_FORMS": "0",
        "notifications-MAX_NUM_FORMS": "0",
        **fields,
    }


def received_long_ago(**fields) -> Inquiry:
    inquiry = InquiryFactory(**fields)
    Inquiry.objects.filter(pk=inquiry.pk).update(created_at=timezone.now() - timedelta(days=400))
    return inquiry


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.INQUIRY_TRUSTED_PROXY_COUNT = 0
    settings.INQUIRY_RETENTION_DAYS = 365


def test_opening_an_inquiry_in_the_admin_is_recorded_by_its_reference_code(
    front_desk_client, front_desk_user, inquiry, since
):
    response = front_desk_client.get(change_url(inquiry))

    assert response.status_code == HTTPStatus.OK
    event = single_event(AuditEvent.Action.INQUIRY_VIEWED)
    assert event.actor == front_desk_user
    assert event.actor_username == "frontdesk"
    assert event.target == inquiry
    assert event.target_label == f"Inquiry {inquiry.reference_code}"
    assert event.ip_address == "127.0.0.1"
    assert event.details == {}
    assert_recorded_just_now_in_utc(event, since)


def test_the_inquiry_list_and_refused_pages_record_no_view(
    front_desk_client, inquiry, django_user_model
):
    front_desk_client.get(reverse("admin:inquiries_inquiry_changelist"))
    front_desk_client.get(reverse("admin:inquiries_inquiry_change", args=[inquiry.pk + 1000]))
    writer = django_user_model.objects.create_user(username="writer", is_staff=True)
    assert logged_in(writer).get(change_url(inquiry)).status_code == HTTPStatus.FORBIDDEN

    assert not AuditEvent.objects.filter(action=AuditEvent.Action.INQUIRY_VIEWED).exists()


def test_a_status_change_in_the_admin_form_records_the_old_and_new_status(
    front_desk_client, front_desk_user, inquiry, since
):
    response = front_desk_client.post(
        change_url(inquiry), status_change_data("contacted", internal_notes=INTERNAL_NOTE)
    )

    assert response.status_code == HTTPStatus.FOUND
    event = single_event(AuditEvent.Action.INQUIRY_STATUS_CHANGED)
    assert event.actor == front_desk_user
    assert event.target == inquiry
    assert event.details == {"old_status": "new", "new_status": "contacted"}
    assert_recorded_just_now_in_utc(event, since)


def test_saving_an_inquiry_without_changing_its_status_records_no_status_change(
    front_desk_client, inquiry
):
    front_desk_client.post(change_url(inquiry), status_change_data("new", internal_notes="Hi"))

    assert not AuditEvent.objects.filter(action=AuditEvent.Action.INQUIRY_STATUS_CHANGED).exists()


def test_a_purge_is_recorded_as_the_command_with_its_counts(since):
    received_long_ago(status=Inquiry.Status.CLOSED)
    received_long_ago(status=Inquiry.Status.SPAM)
    received_long_ago(status=Inquiry.Status.NEW)

    call_command("purge_inquiries", verbosity=0)

    event = single_event(AuditEvent.Action.INQUIRIES_PURGED)
    assert event.actor is None
    assert event.actor_username == ""
    assert event.ip_address is None
    assert event.details == {"command": "purge_inquiries", "deleted": 2, "older_than_days": 365}
    assert_recorded_just_now_in_utc(event, since)


def test_a_dry_run_purge_records_nothing():
    received_long_ago(status=Inquiry.Status.CLOSED)

    call_command("purge_inquiries", "--dry-run", verbosity=0)

    assert not AuditEvent.objects.filter(action=AuditEvent.Action.INQUIRIES_PURGED).exists()


def test_no_health_or_personal_details_of_an_inquiry_reach_the_audit_log(
    front_desk_client, superuser_client, inquiry
):
    front_desk_client.get(change_url(inquiry))
    front_desk_client.post(
        change_url(inquiry), status_change_data("closed", internal_notes=INTERNAL_NOTE)
    )
    superuser_client.get(change_url(inquiry))
    Inquiry.objects.filter(pk=inquiry.pk).update(created_at=timezone.now() - timedelta(days=400))
    call_command("purge_inquiries", verbosity=0)

    stored = [str(row) for row in AuditEvent.objects.values()]
    assert {event.action for event in AuditEvent.objects.all()} >= {
        AuditEvent.Action.INQUIRY_VIEWED,
        AuditEvent.Action.INQUIRY_STATUS_CHANGED,
        AuditEvent.Action.INQUIRIES_PURGED,
    }
    for secret in [VISITOR_NAME, VISITOR_EMAIL, VISITOR_PHONE, VISITOR_MESSAGE, INTERNAL_NOTE]:
        for fragment in [secret, *secret.split()[:1], "migraine", "Migraine"]:
            assert not any(fragment in row for row in stored), fragment
    # Nor in the audit log's own pages.
    changelist = superuser_client.get(reverse("admin:audit_auditevent_changelist"))
    assert changelist.status_code == HTTPStatus.OK
    assert inquiry.reference_code in changelist.content.decode()
    for secret in [VISITOR_NAME, VISITOR_EMAIL, VISITOR_PHONE, VISITOR_MESSAGE, INTERNAL_NOTE]:
        assert secret not in changelist.content.decode()
