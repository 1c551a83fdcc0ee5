from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db


def test_practitioner_changelist_renders_with_every_practitioner(admin_client):
    active = PractitionerFactory(name="Helen Marsh")
    retired = PractitionerFactory(name="Margaret Ellis", inactive=True)

    response = admin_client.get(reverse("admin:practitioners_practitioner_changelist"))

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert active.name in content
    assert retired.name in content


def test_practitioner_add_form_renders(admin_client):
    response = admin_client.get(reverse("admin:practitioners_practitioner_add"))

    assert response.status_code == HTTPStatus.OK
    assert 'name="photo_alt_text"' in response.content.decode()


def test_practitioner_change_form_renders(admin_client):
    practitioner = PractitionerFactory(name="Helen Marsh")

    response = admin_client.get(
        reverse("admin:practitioners_practitioner_change", args=[practitioner.pk])
    )

    assert response.status_code == HTTPStatus.OK
    assert 'value="Helen Marsh"' in response.content.decode()


def test_practitioner_search_serves_the_article_reviewer_autocomplete(admin_client):
    PractitionerFactory(name="Helen Marsh")
    PractitionerFactory(name="Gareth Owen")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "reviewer",
            "term": "hel",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert [result["text"] for result in response.json()["results"]] == ["Helen Marsh"]
