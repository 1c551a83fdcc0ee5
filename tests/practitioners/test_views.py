from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ConditionFactory, PractitionerFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("practitioners:list")
# Anonymous visitors: the practitioner, conditions treated, articles reviewed, articles written.
DETAIL_QUERIES = 4


def test_practitioner_list_shows_active_practitioners_only(client):
    active = PractitionerFactory(name="Helen Marsh")
    retired = PractitionerFactory(name="Margaret Ellis", inactive=True)

    response = client.get(LIST_URL)

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert f'<a href="{active.get_absolute_url()}">Helen Marsh</a>' in content
    assert retired.name not in content
    assert retired.get_absolute_url() not in content


def test_inactive_practitioner_is_404(client):
    retired = PractitionerFactory(inactive=True)

    response = client.get(retired.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Sorry, we cannot find that page" in response.content.decode()


def test_inactive_practitioner_is_404_even_for_staff(admin_client):
    retired = PractitionerFactory(inactive=True)

    response = admin_client.get(retired.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_practitioner_page_shows_profile_and_conditions_treated(client):
    neuralgia = ConditionFactory(name="Neuralgia")
    practitioner = PractitionerFactory(
        name="Anjali Rao",
        title="Senior acupuncturist",
        credentials="MSc Acupuncture, MBAcC",
        registration_number="BAcC 12345",
        biography="# Training\n\nTrained in Leeds.",
        is_accepting_new_patients=False,
        conditions_treated=[neuralgia],
    )

    response = client.get(practitioner.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "<h1>Anjali Rao</h1>" in content
    assert "MSc Acupuncture, MBAcC" in content
    assert "BAcC 12345" in content
    assert "<h2>Training</h2>" in content
    assert "Not taking new patients at present" in content
    assert f'<a href="{neuralgia.get_absolute_url()}">Neuralgia</a>' in content


def test_practitioner_page_lists_only_published_articles_they_wrote_or_reviewed(client):
    practitioner = PractitionerFactory()
    written = ArticleFactory(published=True, author=practitioner, title="Written and public")
    reviewed = ArticleFactory(published=True, reviewer=practitioner, title="Reviewed and public")
    draft = ArticleFactory(author=practitioner, reviewer=practitioner, title="Draft by them")
    scheduled = ArticleFactory(
        scheduled=True, author=practitioner, reviewer=practitioner, title="Scheduled by them"
    )

    response = client.get(practitioner.get_absolute_url())

    content = response.content.decode()
    assert f'<a href="{written.get_absolute_url()}">Written and public</a> (written)' in content
    assert (
        f'<a href="{reviewed.get_absolute_url()}">Reviewed and public</a> (medically reviewed)'
        in content
    )
    assert draft.title not in content
    assert draft.get_absolute_url() not in content
    assert scheduled.title not in content
    assert scheduled.get_absolute_url() not in content


@pytest.mark.parametrize("count", [1, 8])
def test_practitioner_page_query_count_does_not_grow_with_articles_or_conditions(
    client, django_assert_num_queries, count
):
    practitioner = PractitionerFactory(conditions_treated=ConditionFactory.create_batch(count))
    ArticleFactory.create_batch(count, published=True, author=practitioner)
    ArticleFactory.create_batch(count, published=True, reviewer=practitioner)

    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(practitioner.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count("(medically reviewed)") == count
    assert response.content.decode().count("(written)") == count


@pytest.mark.parametrize("count", [1, 8])
def test_practitioner_list_query_count_does_not_grow_with_practitioners(
    client, django_assert_num_queries, count
):
    conditions = ConditionFactory.create_batch(3)
    PractitionerFactory.create_batch(count, conditions_treated=conditions)

    with django_assert_num_queries(2):
        response = client.get(LIST_URL)

    assert len(response.context["practitioner_list"]) == count
