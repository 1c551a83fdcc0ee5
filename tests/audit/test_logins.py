"""Logins, failed logins and logouts, through the admin's own login form."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.audit.conftest import (
    PASSWORD,
    assert_recorded_just_now_in_utc,
    logged_in,
    single_event,
)

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")
LOGOUT_URL = reverse("admin:logout")
ADMIN_INDEX_URL = reverse("admin:index")


def submit_login_form(client: Client, username: str, password: str, **headers):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": ADMIN_INDEX_URL},
        **headers,
    )


@pytest.fixture(autouse=True)
def _no_proxy(settings):
    settings.INQUIRY_TRUSTED_PROXY_COUNT = 0


def test_a_login_through_the_admin_form_is_recorded_once(superuser, since):
    response = submit_login_form(Client(), "chief", PASSWORD, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == HTTPStatus.FOUND
    event = single_event(AuditEvent.Action.LOGIN)
    assert event.actor == superuser
    assert event.actor_username == "chief"
    assert event.ip_address == "203.0.113.7"
    assert_recorded_just_now_in_utc(event, since)


def test_a_wrong_password_is_recorded_once_with_the_username_but_never_the_password(
    superuser, since
):
    response = submit_login_form(Client(), "chief", "Guessed-Password-2024")

    assert response.status_code == HTTPStatus.OK  # the form again, with its error
    event = single_event(AuditEvent.Action.LOGIN_FAILED)
    assert event.actor is None
    assert event.actor_username == "chief"
    assert event.ip_address == "127.0.0.1"
    assert "Guessed-Password-2024" not in str(AuditEvent.objects.values())
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).exists()
    assert_recorded_just_now_in_utc(event, since)


def test_each_failed_login_is_recorded_once_also_when_the_lockout_refuses_it(settings, superuser):
    # django-axes counts failures from the same signal, and refuses a locked login by
    # making Django send it again: still one event per attempt, never two.
    settings.AXES_FAILURE_LIMIT = 5
    client = Client()
    responses = [
        submit_login_form(client, "chief", f"wrong-guess-{attempt}") for attempt in range(7)
    ]

    assert responses[0].status_code == HTTPStatus.OK
    assert responses[-1].status_code == HTTPStatus.TOO_MANY_REQUESTS  # locked after five
    events = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED)
    assert events.count() == 7
    assert set(events.values_list("actor_username", flat=True)) == {"chief"}


def test_a_failed_login_keeps_the_username_as_typed_even_when_nobody_has_it(db):
    submit_login_form(Client(), "chiefff", "whatever-it-was")

    event = single_event(AuditEvent.Action.LOGIN_FAILED)
    assert event.actor is None
    assert event.actor_username == "chiefff"


def test_an_overlong_typed_username_is_cut_to_fit_rather_than_failing(db):
    response = submit_login_form(Client(), "x" * 5000, "whatever-it-was")

    assert response.status_code == HTTPStatus.OK
    assert single_event(AuditEvent.Action.LOGIN_FAILED).actor_username == "x" * 150


def test_a_failed_login_by_someone_already_logged_in_is_not_put_on_their_name(superuser):
    client = logged_in(superuser)

    submit_login_form(client, "someone-else", "whatever-it-was")

    event = single_event(AuditEvent.Action.LOGIN_FAILED)
    assert event.actor is None
    assert event.actor_username == "someone-else"


def test_logging_out_is_recorded(superuser):
    client = logged_in(superuser)

    client.post(LOGOUT_URL)

    event = single_event(AuditEvent.Action.LOGOUT)
    assert event.actor == superuser


def test_the_address_is_read_at_the_trusted_proxy_depth(settings, superuser):
    settings.INQUIRY_TRUSTED_PROXY_COUNT = 1

    submit_login_form(
        Client(),
        "chief",
        PASSWORD,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.9",  # the client wrote the first
    )

    assert single_event(AuditEvent.Action.LOGIN).ip_address == "203.0.113.9"


def test_a_forwarded_entry_that_is_no_address_records_the_connection_not_a_server_error(
    settings, superuser
):
    settings.INQUIRY_TRUSTED_PROXY_COUNT = 1

    response = submit_login_form(
        Client(), "chief", PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address"
    )

    assert response.status_code == HTTPStatus.FOUND
    event = single_event(AuditEvent.Action.LOGIN)
    assert event.actor == superuser
    assert event.ip_address == "10.0.0.2"
