from http import HTTPStatus

import pytest
from django.urls import reverse

from conditions.models import Condition
from tests.factories import ArticleFactory, ConditionFactory

pytestmark = pytest.mark.django_db


def test_condition_changelist_shows_how_many_articles_each_has(admin_client):
    condition = ConditionFactory(name="Neuralgia")
    ArticleFactory.create_batch(3, conditions=[condition])

    response = admin_client.get(reverse("admin:conditions_condition_changelist"))

    assert response.status_code == HTTPStatus.OK
    assert '<td class="field-article_count">3</td>' in response.content.decode()


def test_condition_add_form_renders(admin_client):
    response = admin_client.get(reverse("admin:conditions_condition_add"))

    assert response.status_code == HTTPStatus.OK
    assert 'name="synonyms"' in response.content.decode()


def test_condition_change_form_renders(admin_client):
    condition = ConditionFactory(name="Neuralgia")

    response = admin_client.get(reverse("admin:conditions_condition_change", args=[condition.pk]))

    assert response.status_code == HTTPStatus.OK
    assert 'value="Neuralgia"' in response.content.decode()


def test_condition_can_be_added_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:conditions_condition_add"),
        {
            "name": "Sciatica",
            "slug": "sciatica",
            "synonyms": "",
            "summary": "Pain along the sciatic nerve.",
            "body": "## Causes",
            "meta_description": "",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    condition = Condition.objects.get(slug="sciatica")
    assert condition.body_html.strip() == "<h2>Causes</h2>"
