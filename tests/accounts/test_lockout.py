"""The admin login locks a username at one client address after 5 wrong passwords (django-axes)."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from tests.accounts.conftest import (
    LOGIN_URL,
    PASSWORD,
    inline_code,
    is_logged_in,
    log_in_with_password,
    text_of,
)

pytestmark = pytest.mark.django_db

WRONG = "not-the-password-at-all"


@pytest.fixture
def editor(make_staff):
    # An editor needs no two-factor code, so a successful login lands in the admin at once.
    return make_staff("editor")


def fail(client, username, times, **request):
    return [log_in_with_password(client, username, WRONG, **request) for _ in range(times)]


def move_attempts_back(minutes: int) -> None:
    """Make the recorded failures `minutes` older, as if that time had passed."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_four_wrong_passwords_leave_the_right_one_working(client, editor):
    responses = fail(client, "editor", 4)

    assert {response.status_code for response in responses} == {HTTPStatus.OK}
    assert log_in_with_password(client, "editor").status_code == HTTPStatus.FOUND
    assert is_logged_in(client)


def test_fifth_wrong_password_locks_that_username_at_that_address(client, editor):
    *first_four, fifth = fail(client, "editor", 5)

    assert {response.status_code for response in first_four} == {HTTPStatus.OK}
    assert fifth.status_code == HTTPStatus.TOO_MANY_REQUESTS
    right_password = log_in_with_password(client, "editor")
    assert right_password.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert not is_logged_in(client)


def test_lock_does_not_reach_another_address_or_another_username(client, editor, make_staff):
    make_staff("receptionist")
    fail(client, "editor", 5, REMOTE_ADDR="192.0.2.10")

    elsewhere = log_in_with_password(client, "editor", REMOTE_ADDR="192.0.2.11")
    assert elsewhere.status_code == HTTPStatus.FOUND
    client.logout()
    colleague = log_in_with_password(client, "receptionist", REMOTE_ADDR="192.0.2.10")
    assert colleague.status_code == HTTPStatus.FOUND


def test_lock_ends_after_thirty_minutes(client, editor):
    fail(client, "editor", 5)

    move_attempts_back(29)
    assert log_in_with_password(client, "editor").status_code == HTTPStatus.TOO_MANY_REQUESTS
    move_attempts_back(2)
    assert log_in_with_password(client, "editor").status_code == HTTPStatus.FOUND
    assert is_logged_in(client)


def test_attempts_during_the_lock_do_not_extend_it(client, editor):
    fail(client, "editor", 5)
    move_attempts_back(20)
    fail(client, "editor", 3)

    move_attempts_back(11)
    assert log_in_with_password(client, "editor").status_code == HTTPStatus.FOUND


def test_successful_login_clears_earlier_failures(client, editor):
    fail(client, "editor", 4)
    log_in_with_password(client, "editor")
    client.logout()

    responses = fail(client, "editor", 4)

    assert {response.status_code for response in responses} == {HTTPStatus.OK}


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, editor, settings):
    settings.INQUIRY_TRUSTED_PROXY_COUNT = 1

    # Each try forges a different leftmost X-Forwarded-For entry; the proxy appends the
    # address it really saw, and that is the one locked.
    for forged in range(5):
        log_in_with_password(
            client,
            "editor",
            WRONG,
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{forged}, 203.0.113.5",
        )

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]
    forged_again = log_in_with_password(
        client, "editor", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.5"
    )
    assert forged_again.status_code == HTTPStatus.TOO_MANY_REQUESTS
    other_client = log_in_with_password(
        client, "editor", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.6"
    )
    assert other_client.status_code == HTTPStatus.FOUND


def test_a_forwarded_entry_that_is_no_address_counts_under_the_connection(
    client, editor, settings
):
    settings.INQUIRY_TRUSTED_PROXY_COUNT = 1

    responses = fail(client, "editor", 5, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="junk")

    assert responses[-1].status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert AccessAttempt.objects.get().ip_address == "10.0.0.2"


def test_lockout_page_says_when_to_try_again_and_whom_to_ask(client, editor):
    response = fail(client, "editor", 5)[-1]

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 29 * 60 < int(response["Retry-After"]) <= 30 * 60
    unlock_at = timezone.localtime(
        AccessAttempt.objects.get().attempt_time + timedelta(minutes=30)
    )
    text = text_of(response.content.decode())
    assert f"Try again after {unlock_at:%H:%M}" in text
    assert "paused for 30 minutes" in text
    assert "Ask the person who manages staff accounts" in text
    assert "Riverside Acupuncture Clinic: staff" in text  # the admin's own header
    assert inline_code(response.content.decode()) == []
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_login_page_itself_still_opens_while_locked(client, editor):
    fail(client, "editor", 5)

    assert client.get(LOGIN_URL).status_code == HTTPStatus.OK


def test_unknown_username_is_locked_the_same_way(client):
    responses = fail(client, "nobody-by-this-name", 5)

    assert responses[-1].status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_axes_reset_command_unlocks_early(client, editor):
    fail(client, "editor", 5)
    call_command("axes_reset_username", "editor", verbosity=0)

    assert log_in_with_password(client, "editor", PASSWORD).status_code == HTTPStatus.FOUND
