"""Staff sessions: a new key at login, a working day long; passwords long and uncommon."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.accounts.conftest import is_logged_in, log_in_with_password

pytestmark = pytest.mark.django_db

EIGHT_HOURS = 8 * 60 * 60


@pytest.fixture
def editor(make_staff):
    return make_staff("editor")


def test_the_login_form_gives_the_session_a_new_key(client, editor):
    # A visitor's session from before the login, such as one an attacker planted.
    session = client.session
    session["before-login"] = True
    session.save()
    key_before = session.session_key

    response = log_in_with_password(client, "editor")

    assert response.status_code == HTTPStatus.FOUND
    assert is_logged_in(client)
    assert client.session.session_key != key_before
    assert not Session.objects.filter(session_key=key_before).exists()


def test_a_staff_session_lasts_eight_hours_and_ends_with_the_browser(client, editor):
    response = log_in_with_password(client, "editor")

    cookie = response.cookies["sessionid"]
    stored = Session.objects.get(session_key=cookie.value)
    assert client.session.get_expiry_age() == EIGHT_HOURS
    assert abs(stored.expire_date - timezone.now() - timedelta(hours=8)) < timedelta(minutes=1)
    # No Max-Age or Expires: the browser forgets the cookie when it closes.
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"]


def test_after_eight_hours_the_session_no_longer_opens_the_admin(client, editor):
    log_in_with_password(client, "editor")
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(reverse("admin:index"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "password",
    [
        "Wq9#zL2!pXe",  # 11 characters
        "michaeljackson",  # 14 characters, but on the common-password list
        "1q2w3e4r5t6y7u8i",
    ],
)
def test_passwords_shorter_than_twelve_or_common_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("heron-lantern-quarry-47")


def test_the_admin_refuses_a_short_password_when_adding_staff(admin_client):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "new-colleague",
            "usable_password": "true",
            "password1": "Wq9#zL2!pXe",
            "password2": "Wq9#zL2!pXe",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert "at least 12 characters" in response.content.decode()
