from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from audit.models import AuditEvent
from tests.conftest import staff_in_group
from tests.inquiries.factories import InquiryFactory
from tests.staff import log_in_verified

PASSWORD = "a-long-staff-password-9731"

# What a visitor wrote: none of it may reach the audit log.
VISITOR_NAME = "Rosalind Featherstonehaugh"
VISITOR_EMAIL = "rosalind.f@example.org"
VISITOR_PHONE = "01422 555 0871"
VISITOR_MESSAGE = "Migraines with aura since my second pregnancy, worse before my period."


def logged_in(user) -> Client:
    """A client with `user` logged in, second factor given, as the admin's staff tests do."""
    return log_in_verified(Client(), user)


def single_event(action: str) -> AuditEvent:
    """The one event recorded for `action`; fails when there are none or several."""
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, f"expected one {action} event, found {len(events)}"
    return events[0]


def assert_recorded_just_now_in_utc(event: AuditEvent, since: datetime) -> None:
    event.refresh_from_db()
    assert event.occurred_at.utcoffset() == timedelta(0)
    assert event.occurred_at.tzinfo == UTC
    assert since <= event.occurred_at <= datetime.now(UTC)


@pytest.fixture
def since() -> datetime:
    """The moment the test began: every event it records is at or after this."""
    return datetime.now(UTC)


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="chief", email="chief@riverside-acupuncture.example", password=PASSWORD
    )


@pytest.fixture
def superuser_client(superuser):
    return logged_in(superuser)


@pytest.fixture
def front_desk_user(db, django_user_model):
    return staff_in_group(django_user_model, "frontdesk", "Front desk")


@pytest.fixture
def front_desk_client(front_desk_user):
    return logged_in(front_desk_user)


@pytest.fixture
def inquiry(db):
    """An inquiry full of personal and health details the audit log must never hold."""
    return InquiryFactory(
        name=VISITOR_NAME, email=VISITOR_EMAIL, phone=VISITOR_PHONE, message=VISITOR_MESSAGE
    )
