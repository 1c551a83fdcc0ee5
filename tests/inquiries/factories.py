import factory
from django.utils import timezone

from inquiries.models import Inquiry, InquiryNotification


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    name = factory.Sequence(lambda n: f"Visitor {n}")
    email = factory.Sequence(lambda n: f"visitor{n}@example.org")
    phone = "01422 555 0199"
    is_new_patient = True
    consented_at = factory.LazyFunction(timezone.now)


class InquiryNotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InquiryNotification

    inquiry = factory.SubFactory(InquiryFactory)
    kind = InquiryNotification.Kind.STAFF
