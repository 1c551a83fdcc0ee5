"""An audit event is written once and outlives the account and the row it names."""

import pytest

from audit.log import record
from audit.models import AuditEvent
from tests.audit.conftest import single_event

pytestmark = pytest.mark.django_db


def test_an_event_cannot_be_changed_or_deleted_once_recorded(superuser):
    event = record(AuditEvent.Action.LOGIN, actor=superuser)

    event.actor_username = "someone-else"
    with pytest.raises(ValueError, match="never changed"):
        event.save()
    with pytest.raises(ValueError, match="purge_audit_events"):
        event.delete()

    assert AuditEvent.objects.get(pk=event.pk).actor_username == "chief"


def test_deleting_a_staff_account_keeps_its_events_and_username(superuser):
    record(AuditEvent.Action.INQUIRY_VIEWED, actor=superuser, target="Inquiry K7QM3XRT")

    superuser.delete()

    event = single_event(AuditEvent.Action.INQUIRY_VIEWED)
    assert event.actor is None
    assert event.actor_username == "chief"


def test_an_unknown_action_is_refused(db):
    with pytest.raises(ValueError):
        record("coffee_made")

    assert not AuditEvent.objects.exists()
