"""The audit log in the admin: superusers read it, nobody can change it, nobody else sees it."""

import html
from datetime import UTC, datetime
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from audit.log import record
from audit.models import AuditEvent
from tests.audit.conftest import logged_in

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:audit_auditevent_changelist")
ADD_URL = reverse("admin:audit_auditevent_add")
APP_INDEX_URL = reverse("admin:app_list", args=["audit"])
ADMIN_INDEX_URL = reverse("admin:index")


def change_url(event: AuditEvent) -> str:
    return reverse("admin:audit_auditevent_change", args=[event.pk])


def delete_url(event: AuditEvent) -> str:
    return reverse("admin:audit_auditevent_delete", args=[event.pk])


@pytest.fixture
def event(superuser):
    return record(
        AuditEvent.Action.INQUIRY_STATUS_CHANGED,
        actor=superuser,
        target="Inquiry K7QM3XRT",
        old_status="new",
        new_status="closed",
    )


@pytest.fixture
def staff_with_every_other_permission(db, django_user_model):
    """A member of staff given every permission there is, but not made a superuser."""
    user = django_user_model.objects.create_user(username="office-manager", is_staff=True)
    user.user_permissions.set(Permission.objects.all())
    assert user.has_perm("audit.view_auditevent")
    return user


def test_staff_with_every_permission_but_not_superuser_cannot_open_the_audit_log(
    staff_with_every_other_permission, event
):
    client = logged_in(staff_with_every_other_permission)

    assert client.get(CHANGELIST_URL).status_code == HTTPStatus.FORBIDDEN
    assert client.get(change_url(event)).status_code == HTTPStatus.FORBIDDEN
    assert client.get(APP_INDEX_URL).status_code == HTTPStatus.NOT_FOUND
    index = client.get(ADMIN_INDEX_URL)
    assert index.status_code == HTTPStatus.OK
    assert "Staff audit log" not in index.content.decode()
    assert CHANGELIST_URL not in index.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(CHANGELIST_URL)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("admin:login"))


def test_superuser_finds_the_audit_log_on_the_admin_index(superuser_client):
    response = superuser_client.get(ADMIN_INDEX_URL)

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "Staff audit log" in content
    assert CHANGELIST_URL in content
    # The site's own index additions are still there.
    assert "new booking inquir" in content
    assert "Articles: reviews and workflow" in content


def test_superuser_reads_who_did_what_and_when_in_utc(superuser_client, event):
    AuditEvent.objects.filter(pk=event.pk).update(
        occurred_at=datetime(2025, 7, 1, 8, 30, 5, tzinfo=UTC), ip_address="203.0.113.7"
    )

    response = superuser_client.get(CHANGELIST_URL)

    assert response.status_code == HTTPStatus.OK
    content = html.unescape(response.content.decode())
    # 09:30 in London (summer time) is shown as the UTC it is stored in.
    assert "2025-07-01 08:30:05 UTC" in content
    assert "chief" in content
    assert "Inquiry status changed" in content
    assert "Inquiry K7QM3XRT" in content
    assert "203.0.113.7" in content


def test_a_command_is_named_as_the_one_who_acted(superuser_client):
    record(AuditEvent.Action.INQUIRIES_PURGED, command="purge_inquiries", deleted=3)

    content = superuser_client.get(CHANGELIST_URL).content.decode()

    assert "command purge_inquiries" in content


def test_superuser_filters_by_action_and_searches_by_username(superuser_client, event):
    record(AuditEvent.Action.LOGIN_FAILED, actor_username="mallory")

    by_action = superuser_client.get(CHANGELIST_URL, {"action__exact": "login_failed"})
    by_name = superuser_client.get(CHANGELIST_URL, {"q": "mallory"})
    by_target = superuser_client.get(CHANGELIST_URL, {"q": "K7QM3XRT"})

    assert list(by_action.context["cl"].queryset) == [
        AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    ]
    assert [e.actor_username for e in by_name.context["cl"].queryset] == ["mallory"]
    assert list(by_target.context["cl"].queryset) == [event]


def test_superuser_sees_an_event_read_only_with_its_details(superuser_client, event):
    response = superuser_client.get(change_url(event))

    assert response.status_code == HTTPStatus.OK
    content = html.unescape(response.content.decode())
    assert '"new_status": "closed"' in content
    for editable in ['name="_save"', 'name="_continue"', 'name="action"', "<textarea"]:
        assert editable not in content


def test_not_even_a_superuser_can_add_change_or_delete_an_event(superuser_client, event):
    assert superuser_client.get(ADD_URL).status_code == HTTPStatus.FORBIDDEN
    assert superuser_client.post(ADD_URL, {"action": "login"}).status_code == (
        HTTPStatus.FORBIDDEN
    )
    assert (
        superuser_client.post(
            change_url(event), {"action": "login", "actor_username": "someone-else"}
        ).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert superuser_client.get(delete_url(event)).status_code == HTTPStatus.FORBIDDEN
    assert superuser_client.post(delete_url(event), {"post": "yes"}).status_code == (
        HTTPStatus.FORBIDDEN
    )
    bulk_delete = superuser_client.post(
        CHANGELIST_URL,
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk_delete.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}
    assert "delete_selected" not in superuser_client.get(CHANGELIST_URL).content.decode()

    event.refresh_from_db()
    assert event.action == AuditEvent.Action.INQUIRY_STATUS_CHANGED
    assert event.actor_username == "chief"
    assert AuditEvent.objects.filter(pk=event.pk).exists()
