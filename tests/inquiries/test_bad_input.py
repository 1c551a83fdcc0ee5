"""Bad input is a form error, never a 500; good input in any script is kept exactly."""

import re
from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from inquiries.models import Inquiry
from tests.inquiries.conftest import started_token

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("inquiries:create")


def field_error(response, field: str) -> str:
    match = re.search(
        rf'<p class="field__error" id="id_{field}_error">(.*?)</p>', response.content.decode()
    )
    return match.group(1) if match else ""


@pytest.mark.parametrize("field", ["name", "email", "phone", "message"])
@pytest.mark.parametrize(
    "bad",
    ["\x00", "\x07", "\x1b[31m", "\x7f", "\x9b"],
    ids=["NUL", "bell", "escape", "delete", "C1-control"],
)
def test_control_characters_are_a_form_error(client, form_data, field, bad):
    value = {"name": "Jane", "email": "jane@example.org", "phone": "01422 555 0199"}.get(
        field, "Hello"
    )

    response = client.post(CREATE_URL, {**form_data, field: value + bad + value})

    assert response.status_code == HTTPStatus.OK
    assert "control characters" in field_error(response, field) or "one line" in field_error(
        response, field
    )
    assert Inquiry.objects.count() == 0


@pytest.mark.parametrize("field", ["name", "message"])
def test_right_to_left_override_is_a_form_error(client, form_data, field):
    response = client.post(CREATE_URL, {**form_data, field: "Jane \u202egnp.exe"})

    assert response.status_code == HTTPStatus.OK
    assert "text-direction characters" in field_error(response, field)
    assert Inquiry.objects.count() == 0


@pytest.mark.parametrize(
    "email",
    [
        "a@b.com\nBcc: x@y.com",
        "a@b.com\r\nBcc: x@y.com",
        "a@b.com\rCc: x@y.com",
        "a@b.com%0ABcc:x@y.com",
        "a@b.com\u2028Bcc: x@y.com",
    ],
)
def test_header_injection_in_email_is_a_form_error_and_sends_nothing(client, form_data, email):
    response = client.post(CREATE_URL, {**form_data, "email": email})

    assert response.status_code == HTTPStatus.OK
    assert field_error(response, "email")
    assert Inquiry.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "name", ["Jane\nBcc: x@y.com", "Jane\r\nSubject: free pills", "Jane\rX-Header: 1"]
)
def test_header_injection_in_name_is_a_form_error(client, form_data, name):
    response = client.post(CREATE_URL, {**form_data, "name": name})

    assert response.status_code == HTTPStatus.OK
    assert "Enter this on one line." in field_error(response, "name")
    assert Inquiry.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Zoë 🌿 Ng", "My feet burn at night 🔥😣, and the tingling is worse in winter ❄️."),
        ("محمد عبد الله", "أعاني من ألم في الظهر منذ شهرين."),
        ("שרה לוי", "כאב בגב התחתון\nכבר חודשיים"),
        ("李小龍", "晚上腳痛。"),
        ("👩‍⚕️ Dr Family‍👨‍👩‍👧", "Right-to-left mark \u200f and left-to-right mark \u200e stay."),
    ],
)
def test_emoji_and_right_to_left_text_are_kept_exactly(client, form_data, name, message):
    response = client.post(CREATE_URL, {**form_data, "name": name, "message": message})

    assert response.status_code == HTTPStatus.FOUND
    inquiry = Inquiry.objects.get()
    inquiry.refresh_from_db()
    assert inquiry.name == name
    assert inquiry.message == message


@pytest.mark.parametrize(
    ("field", "length"),
    [("name", 10_000), ("email", 10_000), ("phone", 10_000), ("message", 100_000)],
)
def test_very_long_values_are_a_form_error(client, form_data, field, length):
    response = client.post(CREATE_URL, {**form_data, field: "9" * length})

    assert response.status_code == HTTPStatus.OK
    assert field_error(response, field)
    assert Inquiry.objects.count() == 0


def test_repeated_and_unexpected_fields_are_harmless(client, form_data):
    data = {**form_data, "status": "booked", "internal_notes": "hacked", "reference_code": "AAAA"}
    data["name"] = ["Jane Doe", "Mallory"]
    data["preferred_times"] = ["saturdays"] * 50

    response = client.post(CREATE_URL, data)

    assert response.status_code == HTTPStatus.FOUND
    inquiry = Inquiry.objects.get()
    assert inquiry.status == Inquiry.Status.NEW
    assert inquiry.internal_notes == ""
    assert inquiry.reference_code != "AAAA"


def test_body_that_is_not_form_data_is_a_form_error(client, db):
    response = client.post(CREATE_URL, data=b"\xff\xfe\x00garbage", content_type="text/plain")

    assert response.status_code == HTTPStatus.OK
    assert Inquiry.objects.count() == 0


def test_invalid_utf8_in_form_data_is_not_a_server_error(client, form_data):
    body = b"name=J%FF%FEane&email=jane%40example.org&consent=on&new_patient=yes"

    response = client.post(CREATE_URL, data=body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == HTTPStatus.OK
    assert Inquiry.objects.count() == 0


# Property-based: anything a browser can send is stored exactly or refused politely.
any_text = st.text(max_size=300)


def post_as_browser(client, data):
    """Post the way a browser sends this form: URL-encoded, as UTF-8."""
    body = urlencode(data, doseq=True)
    return client.post(CREATE_URL, body, content_type="application/x-www-form-urlencoded")


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=any_text,
    # Valid values often enough that the "stored exactly" half is exercised too.
    email=st.one_of(st.just(""), st.emails(), any_text),
    phone=st.one_of(st.just("+44 1422 555 0142"), any_text),
    message=st.text(max_size=2500),
)
def test_any_text_in_any_field_is_stored_exactly_or_refused_politely(
    settings, form_data, name, email, phone, message
):
    settings.INQUIRY_RATE_LIMIT = 0
    Inquiry.objects.all().delete()
    data = {**form_data, "name": name, "email": email, "phone": phone, "message": message}
    data["started"] = started_token(seconds_ago=60)

    response = post_as_browser(Client(), data)

    event(f"status {response.status_code}")  # --hypothesis-show-statistics: both happen
    assert response.status_code in {HTTPStatus.FOUND, HTTPStatus.OK}
    if response.status_code == HTTPStatus.FOUND:
        inquiry = Inquiry.objects.get()
        inquiry.refresh_from_db()
        assert inquiry.name == name.strip()
        assert inquiry.email == email.strip()
        assert inquiry.phone == phone.strip()
        assert inquiry.message == message.strip()
    else:
        assert 'role="alert"' in response.content.decode()
        assert Inquiry.objects.count() == 0


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    condition=st.text(max_size=50),
    practitioner=st.text(max_size=50),
    new_patient=st.text(max_size=10),
    times=st.lists(st.text(max_size=30), max_size=5),
    query=st.text(max_size=80),
)
def test_any_value_in_the_choice_fields_or_address_is_never_a_server_error(
    settings, db, condition, practitioner, new_patient, times, query
):
    settings.INQUIRY_RATE_LIMIT = 0
    client = Client()

    shown = client.get(CREATE_URL, {"condition": query, "practitioner": query})
    sent = post_as_browser(
        client,
        {
            "name": "Jane",
            "phone": "01422 555 0199",
            "condition": condition,
            "practitioner": practitioner,
            "new_patient": new_patient,
            "preferred_times": times,
            "consent": "on",
            "started": started_token(seconds_ago=60),
        },
    )

    assert shown.status_code == HTTPStatus.OK
    # Almost always a form error; "other", "yes", "" and no times would be a valid inquiry.
    assert sent.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}
