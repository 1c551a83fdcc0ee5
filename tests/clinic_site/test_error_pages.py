from http import HTTPStatus

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_expired_form_gets_a_friendly_page_with_the_clinic_phone(settings):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/book/", {"name": "Ada"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    page = response.content.decode()
    assert "Please send the form again" in page
    assert settings.CLINIC["phone"] in page


def test_request_too_large_gets_a_friendly_400_page_with_the_clinic_name(client, settings):
    body = "message=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = client.post("/book/", data=body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    assert "we could not read that request" in page
    assert settings.CLINIC["name"] in page


def test_favicon_address_redirects_to_the_site_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"].endswith("favicon.svg")
