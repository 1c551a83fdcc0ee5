import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.core.cache import cache
from django.test import Client

from inquiries.forms import STARTED_FIELD, STARTED_SALT
from tests.factories import ConditionFactory, PractitionerFactory
from tests.staff import log_in_verified

CONDITION_NAME = "Trigeminal neuralgia"
PRACTITIONER_NAME = "Helen Marsh"
MESSAGE = "Sharp pain along my jaw since March, worse when I chew."


def started_token(*, seconds_ago: float) -> str:
    """The form's signed timestamp, as if the form had been shown `seconds_ago`."""
    return signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT)


@pytest.fixture(autouse=True)
def _inquiry_settings(settings):
    """Known settings for every inquiry test, and a fresh rate-limit count (kept in the cache)."""
    settings.INQUIRY_MIN_SECONDS = 3
    settings.INQUIRY_RATE_LIMIT = 5
    settings.INQUIRY_RETENTION_DAYS = 365
    settings.INQUIRY_NOTIFICATION_MAX_ATTEMPTS = 8
    settings.INQUIRY_TRUSTED_PROXY_COUNT = 0
    settings.CLINIC_INBOX = "frontdesk@riverside-acupuncture.example"
    settings.SITE_URL = "https://www.riverside-acupuncture.example"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def condition(db):
    return ConditionFactory(name=CONDITION_NAME, slug="trigeminal-neuralgia")


@pytest.fixture
def practitioner(db):
    return PractitionerFactory(name=PRACTITIONER_NAME, slug="helen-marsh")


@pytest.fixture
def form_data(condition, practitioner):
    """What a visitor's browser posts for a complete, valid inquiry."""
    return {
        "name": "Jane Doe",
        "email": "jane@example.org",
        "phone": "01422 555 0199",
        "condition": str(condition.pk),
        "practitioner": str(practitioner.pk),
        "preferred_times": ["weekday_mornings", "saturdays"],
        "new_patient": "yes",
        "message": MESSAGE,
        "consent": "on",
        "website": "",
        STARTED_FIELD: started_token(seconds_ago=60),
    }


@pytest.fixture
def front_desk_user(db, django_user_model):
    """A staff member in the "Front desk" group made by the data migration."""
    user = django_user_model.objects.create_user(
        username="frontdesk", password="not-used-in-tests", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Front desk"))
    return user


@pytest.fixture
def front_desk_client(front_desk_user):
    return log_in_verified(Client(), front_desk_user)


@pytest.fixture
def article_staff_client(db, django_user_model):
    """Staff who write and publish articles: every article permission, nothing else."""
    user = django_user_model.objects.create_user(
        username="writer", password="not-used-in-tests", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    return log_in_verified(Client(), user)


@pytest.fixture
def failing_mail_server(settings):
    """Every email fails as an unreachable SMTP server would."""
    settings.MAILERS = {"default": {"BACKEND": "tests.inquiries.mailers.RefusingEmailBackend"}}


@pytest.fixture
def working_mail_server(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
