import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inquiries.models import REFERENCE_CODE_ALPHABET, Inquiry, reference_code_generate
from tests.inquiries.factories import InquiryFactory

pytestmark = pytest.mark.django_db


def test_reference_code_is_eight_unambiguous_characters():
    codes = {reference_code_generate() for _ in range(2000)}

    assert len(codes) == 2000
    assert all(re.fullmatch(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}", code) for code in codes)
    assert not set("01OIL") & set(REFERENCE_CODE_ALPHABET)


def test_each_inquiry_gets_its_own_reference_code():
    inquiries = InquiryFactory.create_batch(20)

    assert len({inquiry.reference_code for inquiry in inquiries}) == 20


def test_reference_code_collision_draws_a_new_code_instead_of_failing():
    existing = InquiryFactory()

    newcomer = InquiryFactory(reference_code=existing.reference_code)

    assert newcomer.pk is not None
    assert newcomer.reference_code != existing.reference_code


def test_database_refuses_an_inquiry_without_email_or_phone():
    with pytest.raises(IntegrityError), transaction.atomic():
        InquiryFactory(email="", phone="")


def test_validation_refuses_an_inquiry_without_email_or_phone():
    inquiry = InquiryFactory.build(email="", phone="")

    with pytest.raises(ValidationError, match="email address or a phone number"):
        inquiry.full_clean()


def test_validation_refuses_unknown_preferred_times():
    inquiry = InquiryFactory.build(preferred_times=["sundays"])

    with pytest.raises(ValidationError) as error:
        inquiry.full_clean()

    assert "preferred_times" in error.value.message_dict


def test_database_refuses_an_unknown_status():
    with pytest.raises(IntegrityError), transaction.atomic():
        InquiryFactory(status="lost")


def test_preferred_time_labels_read_as_the_visitor_chose_them():
    inquiry = InquiryFactory.build(preferred_times=["weekday_mornings", "saturdays"])

    assert inquiry.preferred_time_labels == ["Weekday mornings", "Saturdays"]


def test_saving_an_existing_inquiry_keeps_its_reference_code():
    inquiry = InquiryFactory()
    code = inquiry.reference_code

    inquiry.status = Inquiry.Status.CONTACTED
    inquiry.save()

    inquiry.refresh_from_db()
    assert inquiry.reference_code == code
