import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.core import mail, signing
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from inquiries.forms import STARTED_FIELD
from inquiries.models import Inquiry, InquiryNotification
from tests.factories import ConditionFactory, PractitionerFactory
from tests.inquiries.conftest import MESSAGE, started_token

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("inquiries:create")
THANKS_URL = reverse("inquiries:thanks")
PRIVACY_URL = reverse("inquiries:privacy")


def reference_on_page(response) -> str:
    match = re.search(r'id="reference-code">([A-Z0-9]+)<', response.content.decode())
    assert match, "the thank-you page shows no reference code"
    return match.group(1)


# The form page


def test_form_shows_every_field_with_the_names_the_clinic_asked_for(client, condition):
    response = client.get(CREATE_URL)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for name in [
        "name",
        "email",
        "phone",
        "condition",
        "practitioner",
        "preferred_times",
        "new_patient",
        "message",
        "consent",
        "website",
        STARTED_FIELD,
    ]:
        assert f'name="{name}"' in html
    assert condition.name in html
    assert "Something else" in html


def test_form_shows_the_emergency_note_from_the_settings(client, db, settings):
    settings.INQUIRY_EMERGENCY_NOTE = "Not for emergencies: ring the out-of-hours line."
    settings.INQUIRY_EMERGENCY_PHONE = "112"

    response = client.get(CREATE_URL)

    assert "Not for emergencies: ring the out-of-hours line." in response.content.decode()
    assert '<a href="tel:112">112</a>' in response.content.decode()


def test_form_links_to_the_privacy_notice_from_the_consent_checkbox(client, db):
    response = client.get(CREATE_URL)

    html = response.content.decode()
    assert 'aria-describedby="id_consent_helptext"' in html
    assert '<p class="field__hint" id="id_consent_helptext">How we look after it' in html
    assert f'href="{PRIVACY_URL}"' in html


def test_form_has_accessible_labels_autocomplete_and_grouped_choices(client, db):
    html = client.get(CREATE_URL).content.decode()

    assert '<label class="field__label" for="id_name">' in html
    assert 'autocomplete="name"' in html
    assert 'type="email" name="email" autocomplete="email"' in html
    assert 'type="tel" name="phone" autocomplete="tel" inputmode="tel"' in html
    assert html.count("<fieldset") == 3  # contact details, preferred times, new patient
    assert "<legend" in html
    assert 'aria-describedby="id_message_helptext"' in html
    assert "detailed medical history" in html


def test_form_page_has_no_inline_style_or_script(client, db):
    html = client.get(CREATE_URL).content.decode()

    assert "style=" not in html
    # Only JSON-LD data blocks (structured data, never executed) may be script elements.
    assert not re.search(r'<script(?! type="application/ld\+json">)', html)
    assert "<style" not in html


def test_honeypot_is_hidden_from_people_and_assistive_technology(client, db):
    html = client.get(CREATE_URL).content.decode()

    trap = re.search(r'<div class="booking-form__trap" aria-hidden="true">(.*?)</div>', html, re.S)
    assert trap
    assert 'name="website"' in trap.group(1)
    assert 'tabindex="-1"' in trap.group(1)
    assert 'autocomplete="off"' in trap.group(1)
    stylesheet = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert re.search(r"\.booking-form__trap \{[^}]*left: -10000px", stylesheet)


def test_form_preselects_the_condition_named_in_the_address(client, condition):
    response = client.get(CREATE_URL, {"condition": condition.slug})

    assert f'<option value="{condition.pk}" selected>' in response.content.decode()


def test_form_preselects_a_practitioner_taking_new_patients(client, practitioner):
    response = client.get(CREATE_URL, {"practitioner": practitioner.slug})

    assert f'<option value="{practitioner.pk}" selected>' in response.content.decode()


def test_form_lists_only_active_practitioners_taking_new_patients(client, practitioner):
    full = PractitionerFactory(name="Fully Booked", is_accepting_new_patients=False)
    retired = PractitionerFactory(name="Long Retired", inactive=True)

    response = client.get(CREATE_URL, {"practitioner": full.slug})

    html = response.content.decode()
    assert practitioner.name in html
    assert full.name not in html
    assert retired.name not in html
    assert '<option value="" selected>No preference</option>' in html


@pytest.mark.parametrize(
    "query",
    [
        {"condition": "no-such-condition"},
        {"practitioner": "no-such-person"},
        {"condition": "\x00"},
        {"practitioner": "bad\x00slug"},
        {"condition": "x" * 5000},
        {"condition": "'; DROP TABLE inquiries_inquiry; --"},
    ],
)
def test_form_ignores_unknown_or_malformed_preselection(client, condition, query):
    response = client.get(CREATE_URL, query)

    assert response.status_code == HTTPStatus.OK
    assert not re.search(r'<option value="\d+" selected>', response.content.decode())


def test_book_links_preselect_the_condition_practitioner_or_article_condition(
    client, condition, practitioner, published_article
):
    published_article.conditions.add(condition)

    condition_page = client.get(condition.get_absolute_url()).content.decode()
    practitioner_page = client.get(practitioner.get_absolute_url()).content.decode()
    article_page = client.get(published_article.get_absolute_url()).content.decode()

    assert f'href="{CREATE_URL}?condition={condition.slug}"' in condition_page
    assert f'href="{CREATE_URL}?practitioner={practitioner.slug}"' in practitioner_page
    assert f'href="{CREATE_URL}?condition={condition.slug}"' in article_page


def test_article_without_conditions_links_to_the_plain_form(client, published_article):
    article_page = client.get(published_article.get_absolute_url()).content.decode()

    assert f'class="button" href="{CREATE_URL}">Ask for an appointment' in article_page


def test_header_home_and_about_pages_link_to_the_form(client, db):
    for url in [reverse("home"), reverse("about"), reverse("conditions:list")]:
        html = client.get(url).content.decode()
        assert f'class="site-nav__book" href="{CREATE_URL}"' in html
    assert f'href="{CREATE_URL}"' in client.get(reverse("home")).content.decode()
    assert f'href="{CREATE_URL}"' in client.get(reverse("about")).content.decode()


# The whole happy path


def test_valid_inquiry_is_stored_then_redirects_to_thanks_with_its_reference(
    client, form_data, condition, practitioner
):
    response = client.post(CREATE_URL, form_data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == THANKS_URL
    inquiry = Inquiry.objects.get()
    assert inquiry.name == "Jane Doe"
    assert inquiry.email == "jane@example.org"
    assert inquiry.phone == "01422 555 0199"
    assert inquiry.condition == condition
    assert inquiry.practitioner == practitioner
    assert inquiry.preferred_times == ["weekday_mornings", "saturdays"]
    assert inquiry.is_new_patient is True
    assert inquiry.message == form_data["message"]
    assert inquiry.consented_at is not None
    assert inquiry.status == Inquiry.Status.NEW

    thanks = client.get(THANKS_URL)
    assert thanks.status_code == HTTPStatus.OK
    assert reference_on_page(thanks) == inquiry.reference_code
    assert "What happens next" in thanks.content.decode()


def test_valid_inquiry_sends_staff_and_visitor_emails_without_health_details(
    client, form_data, condition, practitioner
):
    client.post(CREATE_URL, form_data)

    inquiry = Inquiry.objects.get()
    assert len(mail.outbox) == 2
    staff, visitor = sorted(mail.outbox, key=lambda email: email.to != [settings.CLINIC_INBOX])
    assert staff.to == ["frontdesk@riverside-acupuncture.example"]
    assert visitor.to == ["jane@example.org"]
    admin_url = "https://www.riverside-acupuncture.example" + reverse(
        "admin:inquiries_inquiry_change", args=[inquiry.pk]
    )
    assert admin_url in staff.body
    for email in (staff, visitor):
        assert inquiry.reference_code in email.subject
        assert inquiry.reference_code in email.body
        whole_email = email.message().as_string()
        for health_detail in [condition.name, "neuralgia", practitioner.name, "jaw", "chew"]:
            assert health_detail.lower() not in whole_email.lower()
    assert "Jane" not in staff.message().as_string()
    assert "01422 555 0199" not in staff.message().as_string()
    assert set(inquiry.notifications.values_list("kind", "state")) == {
        ("staff", "sent"),
        ("visitor", "sent"),
    }


def test_inquiry_by_phone_only_sends_only_the_staff_email(client, form_data):
    client.post(CREATE_URL, {**form_data, "email": ""})

    assert Inquiry.objects.get().email == ""
    assert [email.to for email in mail.outbox] == [[settings.CLINIC_INBOX]]
    assert list(InquiryNotification.objects.values_list("kind", flat=True)) == ["staff"]


def test_something_else_and_no_preference_are_stored_as_empty(client, form_data):
    client.post(CREATE_URL, {**form_data, "condition": "other", "practitioner": ""})

    inquiry = Inquiry.objects.get()
    assert inquiry.condition is None
    assert inquiry.practitioner is None


def test_returning_patient_with_no_preferred_times_is_stored(client, form_data):
    data = {**form_data, "new_patient": "no"}
    del data["preferred_times"]

    client.post(CREATE_URL, data)

    inquiry = Inquiry.objects.get()
    assert inquiry.is_new_patient is False
    assert inquiry.preferred_times == []


def test_thanks_page_without_an_inquiry_in_the_session_goes_to_the_form(client, db):
    response = client.get(THANKS_URL)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == CREATE_URL


def test_thanks_page_shows_another_visitor_nothing(client, form_data):
    client.post(CREATE_URL, form_data)
    code = Inquiry.objects.get().reference_code

    stranger = Client()
    response = stranger.get(THANKS_URL, {"reference": code, "code": code}, follow=True)

    assert code not in response.content.decode()


def test_thanks_and_form_pages_are_never_cached(client, form_data):
    assert "no-store" in client.get(CREATE_URL)["Cache-Control"]
    client.post(CREATE_URL, form_data)
    assert "no-store" in client.get(THANKS_URL)["Cache-Control"]


def test_privacy_notice_explains_retention_and_rights(client, db, settings):
    settings.INQUIRY_RETENTION_DAYS = 400

    response = client.get(PRIVACY_URL)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<h1>Privacy notice</h1>" in html
    assert "400 days" in html
    assert "Information Commissioner" in html


# Methods, CSRF and the size of the request


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_form_refuses_methods_other_than_get_and_post(client, db, method):
    response = getattr(client, method)(CREATE_URL)

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert Inquiry.objects.count() == 0


@pytest.mark.parametrize("url", [THANKS_URL, PRIVACY_URL])
def test_thanks_and_privacy_pages_refuse_post(client, db, url):
    assert client.post(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_post_without_csrf_token_is_refused(form_data):
    browser = Client(enforce_csrf_checks=True)
    browser.get(CREATE_URL)

    response = browser.post(CREATE_URL, form_data)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Inquiry.objects.count() == 0
    assert mail.outbox == []


def test_post_with_tampered_csrf_token_is_refused(form_data):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(CREATE_URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    tampered = ("B" if token[0] != "B" else "C") + token[1:]

    response = browser.post(CREATE_URL, {**form_data, "csrfmiddlewaretoken": tampered})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Inquiry.objects.count() == 0


def test_post_with_the_real_csrf_token_is_accepted(form_data):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(CREATE_URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = browser.post(CREATE_URL, {**form_data, "csrfmiddlewaretoken": token})

    assert response.status_code == HTTPStatus.FOUND
    assert Inquiry.objects.count() == 1


def test_request_body_over_the_size_limit_is_a_bad_request_not_an_error(client, form_data):
    too_big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = client.post(CREATE_URL, {**form_data, "message": too_big})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert Inquiry.objects.count() == 0


def test_request_body_limit_is_modest(db):
    assert 64 * 1024 <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440


# Spam: honeypot and timing


def test_filled_honeypot_is_stored_as_spam_silently_without_emails(client, form_data):
    response = client.post(CREATE_URL, {**form_data, "website": "https://cheap-pills.example"})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == THANKS_URL
    assert Inquiry.objects.get().status == Inquiry.Status.SPAM
    assert mail.outbox == []
    assert InquiryNotification.objects.count() == 0


def test_filled_honeypot_is_discarded_even_when_sent_at_once(client, form_data):
    data = {**form_data, "website": "spam", STARTED_FIELD: started_token(seconds_ago=0)}

    response = client.post(CREATE_URL, data)

    assert response.status_code == HTTPStatus.FOUND
    assert Inquiry.objects.get().status == Inquiry.Status.SPAM
    assert mail.outbox == []


@pytest.mark.parametrize("seconds_ago", [0, 1, 2.5])
def test_inquiry_sent_sooner_than_the_minimum_time_is_not_stored(client, form_data, seconds_ago):
    data = {**form_data, STARTED_FIELD: started_token(seconds_ago=seconds_ago)}

    response = client.post(CREATE_URL, data)

    assert response.status_code == HTTPStatus.OK
    assert Inquiry.objects.count() == 0
    html = response.content.decode()
    assert "we need a moment between showing the form and sending it" in html
    # Everything typed is kept, with a fresh timestamp, so pressing Send again works.
    assert 'value="Jane Doe"' in html
    assert MESSAGE in html


def test_form_sent_too_soon_with_other_errors_shows_only_those(client, form_data):
    data = {**form_data, "name": "", STARTED_FIELD: started_token(seconds_ago=0)}

    response = client.post(CREATE_URL, data)

    assert response.status_code == HTTPStatus.OK
    assert Inquiry.objects.count() == 0
    assert list(response.context["form"].errors) == ["name"]


def test_minimum_time_comes_from_the_setting(client, form_data, settings):
    settings.INQUIRY_MIN_SECONDS = 120

    client.post(CREATE_URL, form_data)  # shown 60 seconds ago
    assert Inquiry.objects.count() == 0

    settings.INQUIRY_MIN_SECONDS = 0
    client.post(CREATE_URL, {**form_data, STARTED_FIELD: started_token(seconds_ago=0)})
    assert Inquiry.objects.count() == 1


@pytest.mark.parametrize(
    "token",
    ["", "not-a-token", "MTc5NTI0MDAyNi44:1xUdwI:forgedsignature", "x" * 3000],
)
def test_missing_or_forged_timestamp_is_not_stored(client, form_data, token):
    response = client.post(CREATE_URL, {**form_data, STARTED_FIELD: token})

    assert response.status_code == HTTPStatus.OK
    assert Inquiry.objects.count() == 0


def test_timestamp_signed_for_another_purpose_is_not_accepted(client, form_data):
    forged = signing.dumps(0, salt="something-else")

    client.post(CREATE_URL, {**form_data, STARTED_FIELD: forged})

    assert Inquiry.objects.count() == 0


# Rate limit


def test_sixth_inquiry_in_an_hour_gets_a_friendly_429(client, form_data):
    for _ in range(5):
        assert client.post(CREATE_URL, form_data).status_code == HTTPStatus.FOUND

    response = client.post(CREATE_URL, form_data)

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Please try again later" in response.content.decode()
    assert settings.CLINIC["phone"] in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 3601
    assert Inquiry.objects.count() == 5


def test_rate_limit_counts_each_client_address_separately(client, form_data, settings):
    settings.INQUIRY_RATE_LIMIT = 1

    first = client.post(CREATE_URL, form_data, REMOTE_ADDR="192.0.2.1")
    second = client.post(CREATE_URL, form_data, REMOTE_ADDR="192.0.2.2")
    again = client.post(CREATE_URL, form_data, REMOTE_ADDR="192.0.2.1")

    assert first.status_code == HTTPStatus.FOUND
    assert second.status_code == HTTPStatus.FOUND
    assert again.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_rate_limit_behind_a_proxy_reads_the_address_the_proxy_saw(client, form_data, settings):
    settings.INQUIRY_RATE_LIMIT = 1
    settings.INQUIRY_TRUSTED_PROXY_COUNT = 1

    def post(forwarded_for):
        return client.post(
            CREATE_URL, form_data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for
        )

    assert post("192.0.2.1").status_code == HTTPStatus.FOUND
    assert post("192.0.2.2").status_code == HTTPStatus.FOUND
    # A client cannot dodge the limit by writing its own X-Forwarded-For entries.
    assert post("198.51.100.7, 192.0.2.1").status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_rate_limit_zero_turns_it_off(client, form_data, settings):
    settings.INQUIRY_RATE_LIMIT = 0

    for _ in range(8):
        assert client.post(CREATE_URL, form_data).status_code == HTTPStatus.FOUND
    assert Inquiry.objects.count() == 8


def test_invalid_submissions_do_not_use_up_the_rate_limit(client, form_data, settings):
    settings.INQUIRY_RATE_LIMIT = 1

    for _ in range(3):
        client.post(CREATE_URL, {**form_data, "name": ""})

    assert client.post(CREATE_URL, form_data).status_code == HTTPStatus.FOUND


def test_honeypot_spam_counts_towards_the_rate_limit(client, form_data, settings):
    settings.INQUIRY_RATE_LIMIT = 2

    for _ in range(2):
        client.post(CREATE_URL, {**form_data, "website": "spam"})
    response = client.post(CREATE_URL, {**form_data, "website": "spam"})

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert Inquiry.objects.count() == 2


def test_rate_limit_keeps_no_ip_address_in_the_cache(client, form_data, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "inquiries-rate-limit-test",
        }
    }

    client.post(CREATE_URL, form_data, REMOTE_ADDR="203.0.113.99")

    keys = list(caches["default"]._cache)  # the local-memory cache's own store
    assert keys
    assert not any("203.0.113.99" in key for key in keys)


def test_new_condition_appears_in_the_form_without_a_restart(client, condition):
    ConditionFactory(name="Carpal tunnel syndrome")

    assert "Carpal tunnel syndrome" in client.get(CREATE_URL).content.decode()
