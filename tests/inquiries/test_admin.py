from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from inquiries.models import Inquiry, InquiryNotification
from tests.inquiries.factories import InquiryFactory, InquiryNotificationFactory

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:inquiries_inquiry_changelist")
ADMIN_INDEX_URL = reverse("admin:index")


def change_url(inquiry: Inquiry) -> str:
    return reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])


def test_front_desk_group_has_exactly_the_inquiry_permissions():
    group = Group.objects.get(name="Front desk")

    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        ("inquiries", "view_inquiry"),
        ("inquiries", "change_inquiry"),
        ("inquiries", "view_inquirynotification"),
    }


def test_no_other_group_can_see_inquiries():
    other_groups = Group.objects.exclude(name="Front desk")

    assert not other_groups.filter(permissions__content_type__app_label="inquiries").exists()


def test_front_desk_sees_the_inquiry_list(front_desk_client):
    InquiryFactory(name="Jane Doe")

    response = front_desk_client.get(CHANGELIST_URL)

    assert response.status_code == HTTPStatus.OK
    assert "Jane Doe" in response.content.decode()


def test_article_staff_cannot_see_inquiries(article_staff_client):
    inquiry = InquiryFactory(name="Jane Doe")

    assert article_staff_client.get(CHANGELIST_URL).status_code == HTTPStatus.FORBIDDEN
    assert article_staff_client.get(change_url(inquiry)).status_code == HTTPStatus.FORBIDDEN
    index = article_staff_client.get(ADMIN_INDEX_URL).content.decode()
    assert "Booking inquiries" not in index
    assert "new booking inquir" not in index


def test_article_staff_cannot_change_an_inquiry_by_direct_post(article_staff_client):
    inquiry = InquiryFactory()

    response = article_staff_client.post(
        change_url(inquiry), {"status": "closed", "internal_notes": "", "assigned_to": ""}
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.NEW


def test_staff_without_any_permission_cannot_see_inquiries(staff_client_without_permissions):
    assert staff_client_without_permissions.get(CHANGELIST_URL).status_code == (
        HTTPStatus.FORBIDDEN
    )


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(CHANGELIST_URL)

    assert response.status_code == HTTPStatus.FOUND
    assert reverse("admin:login") in response["Location"]


def test_front_desk_updates_status_assignment_and_notes(front_desk_client, front_desk_user):
    inquiry = InquiryFactory(name="Jane Doe", message="Back pain")

    response = front_desk_client.post(
        change_url(inquiry),
        {
            "status": "contacted",
            "assigned_to": str(front_desk_user.pk),
            "internal_notes": "Called back, left a message.",
            # What the visitor sent is read-only: these must be ignored.
            "name": "Changed",
            "message": "Changed",
            "notifications-TOTAL_FORMS": "0",
            "notifications-INITIAL_FORMS": "0",
            "notifications-MIN_NUM_FORMS": "0",
            "notifications-MAX_NUM_FORMS": "0",
        },
    )

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CONTACTED
    assert inquiry.assigned_to == front_desk_user
    assert inquiry.internal_notes == "Called back, left a message."
    assert inquiry.name == "Jane Doe"
    assert inquiry.message == "Back pain"


def test_front_desk_cannot_add_or_delete_inquiries(front_desk_client):
    inquiry = InquiryFactory()

    assert front_desk_client.get(reverse("admin:inquiries_inquiry_add")).status_code == (
        HTTPStatus.FORBIDDEN
    )
    delete_url = reverse("admin:inquiries_inquiry_delete", args=[inquiry.pk])
    assert front_desk_client.post(delete_url, {"post": "yes"}).status_code == (
        HTTPStatus.FORBIDDEN
    )
    assert Inquiry.objects.filter(pk=inquiry.pk).exists()


def test_change_page_shows_the_inquiry_and_its_emails_read_only(front_desk_client):
    inquiry = InquiryFactory(name="Jane Doe", preferred_times=["weekday_evenings", "saturdays"])
    InquiryNotificationFactory(
        inquiry=inquiry, state=InquiryNotification.State.FAILED, attempts=2, last_error="Boom"
    )

    response = front_desk_client.get(change_url(inquiry))

    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert inquiry.reference_code in page
    assert "Weekday evenings, Saturdays" in page
    assert "Something else" in page  # no condition chosen
    assert "Boom" in page
    assert 'name="name"' not in page  # read-only, not an input
    assert 'name="status"' in page
    assert 'name="internal_notes"' in page
    assert 'name="notifications-0-state"' not in page


@pytest.mark.parametrize("search", ["field", "FIELD", "jane.field@example", "555 0142"])
def test_search_by_reference_name_email_and_phone(front_desk_client, search):
    wanted = InquiryFactory(
        name="Jane Field", email="jane.field@example.org", phone="01422 555 0142"
    )
    InquiryFactory(name="Somebody Else", email="else@example.org", phone="020 7946 0000")

    response = front_desk_client.get(CHANGELIST_URL, {"q": search})

    assert list(response.context["cl"].result_list) == [wanted]


def test_search_by_reference_code(front_desk_client):
    wanted, _ = InquiryFactory(), InquiryFactory()

    response = front_desk_client.get(CHANGELIST_URL, {"q": wanted.reference_code.lower()})

    assert list(response.context["cl"].result_list) == [wanted]


def test_filters_by_status_condition_practitioner_and_date(
    front_desk_client, condition, practitioner
):
    wanted = InquiryFactory(
        status=Inquiry.Status.BOOKED, condition=condition, practitioner=practitioner
    )
    InquiryFactory(status=Inquiry.Status.BOOKED)
    InquiryFactory(condition=condition, practitioner=practitioner)

    received_on = timezone.localdate(wanted.created_at)
    InquiryFactory(status=Inquiry.Status.BOOKED, condition=condition, practitioner=practitioner)
    Inquiry.objects.exclude(pk=wanted.pk).filter(condition=condition, status="booked").update(
        created_at=wanted.created_at - timedelta(days=40)
    )

    response = front_desk_client.get(
        CHANGELIST_URL,
        {
            "status__exact": "booked",
            "condition__id__exact": condition.pk,
            "practitioner__id__exact": practitioner.pk,
            "created_at__year": received_on.year,
            "created_at__month": received_on.month,
            "created_at__day": received_on.day,
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert list(response.context["cl"].result_list) == [wanted]


def test_filter_finds_inquiries_whose_emails_failed_every_retry(front_desk_client, settings):
    settings.INQUIRY_NOTIFICATION_MAX_ATTEMPTS = 2
    stuck = InquiryNotificationFactory(state="failed", attempts=2).inquiry
    InquiryNotificationFactory(state="sent", attempts=1)

    response = front_desk_client.get(CHANGELIST_URL, {"emails": "given-up"})

    assert list(response.context["cl"].result_list) == [stuck]


def test_admin_index_counts_new_inquiries_for_the_front_desk(front_desk_client):
    InquiryFactory.create_batch(3)
    InquiryFactory(status=Inquiry.Status.CONTACTED)
    InquiryFactory(status=Inquiry.Status.SPAM)

    page = front_desk_client.get(ADMIN_INDEX_URL).content.decode()

    assert "3 new booking inquiries" in page
    assert f"{CHANGELIST_URL}?status__exact=new" in page
    assert "style=" not in page.split('class="messagelist inquiries-summary"')[1][:1000]


def test_admin_index_warns_about_emails_that_failed_every_retry(front_desk_client, settings):
    settings.INQUIRY_NOTIFICATION_MAX_ATTEMPTS = 2
    InquiryNotificationFactory(state="failed", attempts=2)

    page = front_desk_client.get(ADMIN_INDEX_URL).content.decode()

    assert "1 email about inquiries could not be sent" in page


def test_admin_history_names_inquiries_by_reference_not_by_person():
    inquiry = InquiryFactory(name="Jane Doe")

    assert str(inquiry) == f"Inquiry {inquiry.reference_code}"


def test_inquiries_can_be_assigned_only_to_staff_who_may_answer_them(
    front_desk_client, front_desk_user, django_user_model
):
    writer = django_user_model.objects.create_user(username="article-writer", is_staff=True)
    inquiry = InquiryFactory()

    form = front_desk_client.get(change_url(inquiry)).context["adminform"].form

    choices = set(form.fields["assigned_to"].queryset)
    assert front_desk_user in choices
    assert writer not in choices
