import html
import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from inquiries.models import Inquiry
from tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("inquiries:create")


def errors_for(response, field_id: str) -> str:
    """The text of the error message tied to the field with this id."""
    page = response.content.decode()
    match = re.search(rf'<p class="field__error" id="{field_id}_error">(.*?)</p>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""


def post_invalid(client, data):
    response = client.post(CREATE_URL, data)
    assert response.status_code == HTTPStatus.OK, "the form should be shown again"
    assert Inquiry.objects.count() == 0
    return response


# Name


@pytest.mark.parametrize("name", ["", "   "])
def test_name_is_required(client, form_data, name):
    response = post_invalid(client, {**form_data, "name": name})

    assert errors_for(response, "id_name") == "Error: Enter your name."


def test_name_longer_than_120_characters_is_refused(client, form_data):
    response = post_invalid(client, {**form_data, "name": "A" * 121})

    assert "at most 120 characters" in errors_for(response, "id_name")


def test_name_of_120_characters_is_accepted(client, form_data):
    client.post(CREATE_URL, {**form_data, "name": "A" * 120})

    assert Inquiry.objects.get().name == "A" * 120


# Email and phone


def test_email_or_phone_is_required(client, form_data):
    response = post_invalid(client, {**form_data, "email": "", "phone": " "})

    assert "Give an email address or a phone number" in errors_for(response, "id_email")


@pytest.mark.parametrize("email", ["jane", "jane@", "@example.org", "jane@example", "a b@c.org"])
def test_malformed_email_is_refused_with_one_message(client, form_data, email):
    response = post_invalid(client, {**form_data, "email": email, "phone": ""})

    assert (
        errors_for(response, "id_email") == "Error: Enter an email address like name@example.com."
    )


def test_email_longer_than_254_characters_is_refused(client, form_data):
    response = post_invalid(client, {**form_data, "email": "a" * 250 + "@example.org"})

    assert "at most 254 characters" in errors_for(response, "id_email")


@pytest.mark.parametrize(
    "phone",
    [
        "01422 555 0142",
        "01422555014",
        "+44 1422 555 0142",
        "+44 (0)1422 555 0142",
        "0044 1422 555 0142",
        "+1-555-123-4567",
        "(555) 123.4567",
        "07700 900123",
        "+33 1 23 45 67 89",
    ],
)
def test_usual_national_and_international_phone_formats_are_accepted(client, form_data, phone):
    response = client.post(CREATE_URL, {**form_data, "email": "", "phone": phone})

    assert response.status_code == HTTPStatus.FOUND
    assert Inquiry.objects.get().phone == phone


@pytest.mark.parametrize(
    "phone",
    ["call me", "12345", "+44 1422 555 0142 ext 12", "01422++5550142", "1" * 17, "٠١٤٢٢٥٥٥٠١٤٢"],
)
def test_phone_that_is_not_a_phone_number_is_refused(client, form_data, phone):
    response = post_invalid(client, {**form_data, "email": "", "phone": phone})

    assert "Enter a phone number" in errors_for(response, "id_phone")


def test_phone_longer_than_40_characters_is_refused(client, form_data):
    response = post_invalid(client, {**form_data, "phone": "0" + " " * 40 + "1422 555 0142"})

    assert "at most 40 characters" in errors_for(response, "id_phone")


# Condition and practitioner


def test_condition_is_required(client, form_data):
    response = post_invalid(client, {**form_data, "condition": ""})

    assert "Choose what you would like help with" in errors_for(response, "id_condition")


@pytest.mark.parametrize("value", ["999999", "neuralgia", "-1", "9" * 40])
def test_condition_not_in_the_list_is_refused(client, form_data, value):
    response = post_invalid(client, {**form_data, "condition": value})

    assert "Choose one of the options" in errors_for(response, "id_condition")


@pytest.mark.parametrize("value", ["999999", "abc", "9" * 40, "1.5"])
def test_practitioner_not_in_the_list_is_refused(client, form_data, value):
    response = post_invalid(client, {**form_data, "practitioner": value})

    assert "Choose one of the practitioners" in errors_for(response, "id_practitioner")


@pytest.mark.parametrize(
    "practitioner_kwargs", [{"is_accepting_new_patients": False}, {"inactive": True}]
)
def test_practitioner_not_taking_new_patients_cannot_be_chosen(
    client, form_data, practitioner_kwargs
):
    unavailable = PractitionerFactory(**practitioner_kwargs)

    response = post_invalid(client, {**form_data, "practitioner": str(unavailable.pk)})

    assert "Choose one of the practitioners" in errors_for(response, "id_practitioner")


# Preferred times, new patient, message, consent


def test_unknown_preferred_time_is_refused(client, form_data):
    response = post_invalid(client, {**form_data, "preferred_times": ["sundays"]})

    assert "Choose from the times listed." in errors_for(response, "id_preferred_times")


def test_new_patient_answer_is_required(client, form_data):
    data = {key: value for key, value in form_data.items() if key != "new_patient"}

    response = post_invalid(client, data)

    assert "whether you have been to the clinic before" in errors_for(response, "id_new_patient")


def test_new_patient_answer_must_be_yes_or_no(client, form_data):
    response = post_invalid(client, {**form_data, "new_patient": "maybe"})

    assert "Choose one of the two answers." in errors_for(response, "id_new_patient")


def test_message_is_optional(client, form_data):
    client.post(CREATE_URL, {**form_data, "message": ""})

    assert Inquiry.objects.get().message == ""


def test_message_longer_than_2000_characters_is_refused(client, form_data):
    response = post_invalid(client, {**form_data, "message": "x" * 2001})

    assert "at most 2000 characters" in errors_for(response, "id_message")


def test_message_keeps_its_line_breaks(client, form_data):
    client.post(CREATE_URL, {**form_data, "message": "First line\r\nSecond line\n\tIndented"})

    assert Inquiry.objects.get().message == "First line\r\nSecond line\n\tIndented"


def test_consent_is_required(client, form_data):
    data = {key: value for key, value in form_data.items() if key != "consent"}

    response = post_invalid(client, data)

    assert "Tick the box to agree" in errors_for(response, "id_consent")


# How errors are shown


def test_errors_are_summarised_at_the_top_with_links_to_each_field(client, form_data):
    data = {**form_data, "name": "", "email": "nope", "condition": ""}
    del data["new_patient"]
    del data["consent"]

    response = post_invalid(client, data)

    page = response.content.decode()
    summary = re.search(r'<div class="error-summary" role="alert"(.*?)</div>', page, re.S)
    assert summary, "no error summary"
    assert page.index("error-summary") < page.index('<form class="booking-form"')
    assert 'tabindex="-1" autofocus' in summary.group(0)
    assert "There is a problem" in summary.group(1)
    for target in ["id_name", "id_email", "id_condition", "id_new_patient_0", "id_consent"]:
        assert f'href="#{target}"' in summary.group(1)
        assert f'id="{target}"' in page  # the link lands on a real element
    assert response.context["form"].errors.keys() == {
        "name",
        "email",
        "condition",
        "new_patient",
        "consent",
    }
    assert "<title>Error: " in page


def test_each_error_is_tied_to_its_field(client, form_data):
    response = post_invalid(client, {**form_data, "name": "", "email": "nope"})

    page = response.content.decode()
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*aria-describedby="id_name_error"', page)
    assert re.search(
        r'<input[^>]*aria-invalid="true"[^>]*aria-describedby="id_email_helptext id_email_error"',
        page,
    )
    assert 'id="id_name_error"' in page
    assert 'id="id_email_error"' in page
    # Fields without errors are not marked invalid.
    assert not re.search(r'name="phone"[^>]*aria-invalid', page)


def test_error_on_a_radio_group_is_tied_to_its_fieldset(client, form_data):
    data = {key: value for key, value in form_data.items() if key != "new_patient"}

    response = post_invalid(client, data)

    assert '<fieldset class="field__group" aria-describedby="id_new_patient_error">' in (
        response.content.decode()
    )


def test_everything_typed_is_kept_after_an_error(client, form_data, condition, practitioner):
    data = {**form_data, "phone": "not a phone"}

    response = post_invalid(client, data)

    page = response.content.decode()
    assert 'value="Jane Doe"' in page
    assert 'value="jane@example.org"' in page
    assert 'value="not a phone"' in page
    assert f'<option value="{condition.pk}" selected>' in page
    assert f'<option value="{practitioner.pk}" selected>' in page
    assert re.search(r'value="weekday_mornings"[^>]*checked', page)
    assert re.search(r'value="saturdays"[^>]*checked', page)
    assert not re.search(r'value="weekday_evenings"[^>]*checked', page)
    assert re.search(r'value="yes"[^>]*checked', page)
    assert form_data["message"] in page
    assert re.search(r'name="consent"[^>]*checked', page)
