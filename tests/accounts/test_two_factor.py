"""Staff who see inquiries or publish must give a code from an authenticator app as well."""

import os
import re
import subprocess
import sys
from base64 import b32decode
from datetime import timedelta
from html import unescape
from http import HTTPStatus

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.mfa import two_factor_required
from tests.accounts.conftest import inline_code, is_logged_in, log_in_with_password, text_of
from tests.staff import confirmed_device, current_code, log_in_verified, wrong_code

pytestmark = pytest.mark.django_db

SET_UP_URL = reverse("accounts:two-factor-set-up")
VERIFY_URL = reverse("accounts:two-factor-verify")
INQUIRIES_URL = reverse("admin:inquiries_inquiry_changelist")
NEEDS_TWO_FACTOR = ["superuser", "publisher", "front-desk", "inquiry-reader"]
NO_TWO_FACTOR = ["editor", "receptionist"]


def redirect_target(response) -> str:
    return response["Location"].split("?")[0]


@pytest.mark.parametrize("kind", NEEDS_TWO_FACTOR)
def test_staff_who_see_inquiries_or_publish_need_two_factor(make_staff, kind):
    assert two_factor_required(make_staff(kind))


@pytest.mark.parametrize("kind", NO_TWO_FACTOR)
def test_staff_who_neither_see_inquiries_nor_publish_do_not(make_staff, kind):
    assert not two_factor_required(make_staff(kind))


@pytest.mark.parametrize("kind", NEEDS_TWO_FACTOR)
def test_after_the_password_staff_without_an_app_are_sent_to_set_one_up(client, make_staff, kind):
    make_staff(kind)

    response = log_in_with_password(client, kind)
    admin_index = client.get(response["Location"])

    assert is_logged_in(client)
    assert admin_index.status_code == HTTPStatus.FOUND
    assert redirect_target(admin_index) == SET_UP_URL
    assert "Set up two-factor sign-in" in client.get(admin_index["Location"]).content.decode()


@pytest.mark.parametrize("kind", NEEDS_TWO_FACTOR)
def test_after_the_password_staff_with_an_app_are_asked_for_its_code(client, make_staff, kind):
    confirmed_device(make_staff(kind))

    log_in_with_password(client, kind)
    response = client.get(INQUIRIES_URL)

    assert redirect_target(response) == VERIFY_URL
    assert f"next={INQUIRIES_URL.replace('/', '%2F')}" in response["Location"]


@pytest.mark.parametrize("kind", NO_TWO_FACTOR)
def test_staff_who_need_no_code_go_straight_to_the_admin(client, make_staff, kind):
    make_staff(kind)

    log_in_with_password(client, kind)

    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        INQUIRIES_URL,
        reverse("admin:articles_article_changelist"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:password_change"),
        reverse("admin:otp_totp_totpdevice_changelist"),
        "/admin/no-such-page/",
    ],
)
def test_until_the_code_is_given_nothing_in_the_admin_opens(client, make_staff, url):
    confirmed_device(make_staff("superuser"))
    log_in_with_password(client, "superuser")

    get = client.get(url)
    post = client.post(url, {})

    assert redirect_target(get) == VERIFY_URL
    assert redirect_target(post) == VERIFY_URL


def test_until_the_code_is_given_logging_out_works(client, make_staff):
    confirmed_device(make_staff("superuser"))
    log_in_with_password(client, "superuser")

    response = client.post(reverse("admin:logout"))

    assert response.status_code == HTTPStatus.OK
    assert not is_logged_in(client)


def test_setting_up_with_the_key_shown_as_text_lets_the_user_in(client, make_staff):
    user = make_staff("front-desk")
    log_in_with_password(client, "front-desk")

    page = client.get(SET_UP_URL, {"next": INQUIRIES_URL})
    html = page.content.decode()
    shown_key = re.search(r"<code>([A-Z2-7 ]+)</code>", html).group(1).replace(" ", "")
    # The code an app makes from the key as typed by hand, not from our database.
    app = TOTP(b32decode(shown_key + "=" * (-len(shown_key) % 8)))
    response = client.post(SET_UP_URL, {"code": f"{app.token():06d}", "next": INQUIRIES_URL})

    assert page.status_code == HTTPStatus.OK
    assert "<svg" in html and 'role="img"' in html
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == INQUIRIES_URL
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get(INQUIRIES_URL).status_code == HTTPStatus.OK


def test_setting_up_with_the_qr_codes_key_lets_the_user_in(client, make_staff):
    user = make_staff("publisher")
    log_in_with_password(client, "publisher")
    client.get(SET_UP_URL)
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post(SET_UP_URL, {"code": current_code(device)})

    assert redirect_target(response) == reverse("admin:index")
    assert client.get(reverse("admin:articles_article_changelist")).status_code == HTTPStatus.OK


def test_the_set_up_page_keeps_its_key_when_reloaded(client, make_staff):
    make_staff("publisher")
    log_in_with_password(client, "publisher")

    first = client.get(SET_UP_URL).content.decode()
    second = client.get(SET_UP_URL).content.decode()

    key = re.compile(r"<code>([A-Z2-7 ]+)</code>")
    assert key.search(first).group(1) == key.search(second).group(1)
    assert TOTPDevice.objects.count() == 1


def test_a_wrong_code_while_setting_up_is_refused(client, make_staff):
    user = make_staff("publisher")
    log_in_with_password(client, "publisher")
    client.get(SET_UP_URL)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(SET_UP_URL, {"code": wrong_code(device)})

    assert response.status_code == HTTPStatus.OK
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.get(user=user).confirmed
    assert redirect_target(client.get(reverse("admin:index"))) == SET_UP_URL


def test_with_an_app_set_up_no_second_one_can_be_added_without_its_code(client, make_staff):
    device = confirmed_device(make_staff("superuser"))
    log_in_with_password(client, "superuser")

    response = client.get(SET_UP_URL)

    assert redirect_target(response) == VERIFY_URL
    assert list(TOTPDevice.objects.all()) == [device]


def test_the_right_code_lets_the_user_in_and_changes_the_session_key(client, make_staff):
    device = confirmed_device(make_staff("superuser"))
    log_in_with_password(client, "superuser")
    key_after_password = client.session.session_key

    response = client.post(VERIFY_URL, {"code": current_code(device), "next": INQUIRIES_URL})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == INQUIRIES_URL
    assert client.get(INQUIRIES_URL).status_code == HTTPStatus.OK
    assert client.session.session_key != key_after_password


def test_a_wrong_code_is_refused_with_a_clear_message(client, make_staff):
    device = confirmed_device(make_staff("superuser"))
    log_in_with_password(client, "superuser")

    response = client.post(VERIFY_URL, {"code": wrong_code(device)})

    assert response.status_code == HTTPStatus.OK
    assert "That code is not right" in text_of(response.content.decode())
    assert redirect_target(client.get(reverse("admin:index"))) == VERIFY_URL


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "１２３４５６"])
def test_a_code_of_the_wrong_shape_gets_a_plain_message(client, make_staff, code):
    device = confirmed_device(make_staff("superuser"))
    log_in_with_password(client, "superuser")

    response = client.post(VERIFY_URL, {"code": code})

    assert response.status_code == HTTPStatus.OK
    assert "6" in str(response.context["form"].errors["code"])
    # A malformed code is not a guess: it does not count towards the throttle.
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_code_with_spaces_is_accepted(client, make_staff):
    device = confirmed_device(make_staff("superuser"))
    log_in_with_password(client, "superuser")
    code = current_code(device)

    response = client.post(VERIFY_URL, {"code": f" {code[:3]} {code[3:]} "})

    assert response.status_code == HTTPStatus.FOUND


def test_after_a_wrong_code_even_the_right_one_waits(client, make_staff):
    device = confirmed_device(make_staff("superuser"))
    log_in_with_password(client, "superuser")
    client.post(VERIFY_URL, {"code": wrong_code(device)})

    too_soon = client.post(VERIFY_URL, {"code": current_code(device)})
    device.refresh_from_db()
    # As if the wait had passed: django-otp compares the last failure with the clock.
    device.throttling_failure_timestamp -= timedelta(seconds=2)
    device.save()
    after_the_wait = client.post(VERIFY_URL, {"code": current_code(device)})

    assert too_soon.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many wrong codes in a row" in too_soon.content.decode()
    assert after_the_wait.status_code == HTTPStatus.FOUND


def test_each_wrong_code_doubles_the_wait(client, make_staff):
    device = confirmed_device(make_staff("superuser"))
    log_in_with_password(client, "superuser")
    for _ in range(3):
        client.post(VERIFY_URL, {"code": wrong_code(device)})
        device.refresh_from_db()
        device.throttling_failure_timestamp -= timedelta(minutes=10)
        device.save()
    client.post(VERIFY_URL, {"code": wrong_code(device)})
    device.refresh_from_db()
    device.throttling_failure_timestamp -= timedelta(seconds=7)
    device.save()

    # After 4 wrong codes the wait is 8 seconds; 7 have passed.
    response = client.post(VERIFY_URL, {"code": current_code(device)})

    assert device.throttling_failure_count == 4
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_code_cannot_be_used_twice(client, make_staff):
    device = confirmed_device(make_staff("superuser"))
    log_in_with_password(client, "superuser")
    code = current_code(device)
    client.post(VERIFY_URL, {"code": code})
    client.post(reverse("admin:logout"))
    log_in_with_password(client, "superuser")

    replay = client.post(VERIFY_URL, {"code": code})

    assert replay.status_code == HTTPStatus.OK
    assert redirect_target(client.get(reverse("admin:index"))) == VERIFY_URL


def test_only_pages_on_this_site_are_followed_after_the_code(client, make_staff):
    device = confirmed_device(make_staff("superuser"))
    log_in_with_password(client, "superuser")

    response = client.post(
        VERIFY_URL, {"code": current_code(device), "next": "https://attacker.example/admin/"}
    )

    assert response["Location"] == reverse("admin:index")


def test_code_pages_need_a_login(client):
    response = client.get(VERIFY_URL)

    assert response.status_code == HTTPStatus.FOUND
    assert redirect_target(response) == reverse("admin:login")


@pytest.mark.parametrize("url", [SET_UP_URL, VERIFY_URL])
def test_code_pages_are_accessible_and_use_no_inline_code(client, make_staff, url):
    user = make_staff("superuser")
    if url == VERIFY_URL:
        confirmed_device(user)
    log_in_with_password(client, "superuser")

    response = client.get(url)
    html = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert inline_code(html) == []
    field = re.search(r"<input[^>]*name=\"code\"[^>]*>", html).group(0)
    assert 'autocomplete="one-time-code"' in field
    assert 'inputmode="numeric"' in field
    assert '<label for="id_code">6-digit code:</label>' in html
    assert 'action="/admin/logout/"' in html
    assert "no-cache" in response["Cache-Control"]


def test_the_set_up_page_names_the_clinic_in_the_app(client, make_staff):
    make_staff("superuser")
    log_in_with_password(client, "superuser")

    html = unescape(client.get(SET_UP_URL).content.decode())
    device = TOTPDevice.objects.get()

    assert "issuer=Riverside%20Acupuncture%20Clinic" in device.config_url
    assert "QR code to scan with your authenticator app" in html


def test_turned_off_for_a_demo_nobody_is_asked_for_a_code(client, make_staff, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    make_staff("superuser")

    log_in_with_password(client, "superuser")

    assert client.get(INQUIRIES_URL).status_code == HTTPStatus.OK


def test_the_test_helper_leaves_a_verified_session(client, make_staff):
    log_in_verified(client, make_staff("superuser"))

    assert client.get(INQUIRIES_URL).status_code == HTTPStatus.OK


def settings_import(**environment) -> subprocess.CompletedProcess:
    """Load the settings in a fresh process, as a server starting with this environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "STAFF_TWO_FACTOR_REQUIRED"}
    }
    env.update(environment, SECRET_KEY="a-key-for-this-test-only", DJANGO_SETTINGS_MODULE="")
    return subprocess.run(
        [sys.executable, "-c", "import clinic_site.settings"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_refuse_turning_two_factor_off_without_debug():
    result = settings_import(DEBUG="false", STAFF_TWO_FACTOR_REQUIRED="false")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "STAFF_TWO_FACTOR_REQUIRED=false is for a local demo only" in result.stderr


def test_settings_allow_turning_two_factor_off_for_a_local_demo():
    assert settings_import(DEBUG="true", STAFF_TWO_FACTOR_REQUIRED="false").returncode == 0
    assert settings_import(DEBUG="false").returncode == 0
