"""
Fuzzing: whatever raw text a client sends to a public form or address, the site answers with
a page (2xx), a redirect (3xx), or a clear refusal (400, 403, 404, 429): never a 500.

Runs on SQLite and on PostgreSQL (CI runs the suite on both). PostgreSQL refuses NUL bytes in
text, so a NUL that reached a query would be a 500 there and not on SQLite.

What is sent, and how:
- Text mixes Hypothesis' `st.text()` (any code point but lone surrogates) with explicit
  nasty samples: NUL, other control characters, U+202E, 10,000-character strings, markup,
  SQL, header injection, huge numbers, and lone surrogates drawn on purpose.
- Every value is sent the way a raw client can send it: percent-encoded UTF-8, with lone
  surrogates encoded by "surrogatepass". That gives byte sequences that are not valid UTF-8
  (ED A0 80 for U+D800), which Django must decode without failing. (A browser would turn a
  lone surrogate into U+FFFD, ordinary text that `st.text()` already covers; a hand-made
  request is the harsher case.)
- The client is built with `raise_request_exception=False`, so a view's exception comes back
  as the 500 a visitor would see, and the assertion names the status.

`derandomize` is on when CI is set (CI=true in .ci/run's environment): a red CI run is then a
regression that replays byte for byte, never a new example found by chance in code the
commit did not touch. On a developer's machine each run draws new examples (and Hypothesis'
example database replays any failure it finds), so the search keeps widening over time.
"""

import os
from http import HTTPStatus
from urllib.parse import quote, quote_plus

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from conditions.models import Condition
from inquiries.forms import STARTED_FIELD, form_started_token
from inquiries.models import Inquiry
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    PractitionerFactory,
    ReferenceFactory,
)

pytestmark = pytest.mark.django_db

# A refusal the site may give: bad request, forbidden (CSRF, a django-axes lockout), not
# found, too many requests (the booking rate limit, a django-axes lockout).
ALLOWED_REFUSALS = {
    HTTPStatus.BAD_REQUEST,
    HTTPStatus.FORBIDDEN,
    HTTPStatus.NOT_FOUND,
    HTTPStatus.TOO_MANY_REQUESTS,
}

NASTY_SAMPLES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 64,
    "\x1f",
    "\x07\x08\x1b[31m\x7f",
    "\x9b",  # a C1 control
    "\u202e",
    "Jane \u202egnp.exe",
    "\u2066\u2069\u200f",
    "\ufeff",
    "\ud800",  # lone surrogates: only a hand-made request can carry them
    "x\udfffy",
    "x" * 10_000,
    "é" * 10_000,
    "\x00" * 10_000,
    "0",
    "-1",
    "1.5",
    "99999999999999999999999999",
    "NaN",
    "last",
    "'; DROP TABLE inquiries_inquiry; --",
    "' OR '1'='1",
    "<script>alert(1)</script>",
    "{{ settings.SECRET_KEY }}",
    "%00",
    "%ZZ",
    "../../etc/passwd",
    "a@b.com\r\nBcc: x@y.com",
    "line\nbreak",
    "🌿" * 500,
    "Zoë محمد 李小龍 שרה",
]

NASTY_TEXT = st.one_of(
    st.sampled_from(NASTY_SAMPLES),
    st.text(max_size=300),
    # Any code point at all, lone surrogates and controls included.
    st.text(alphabet=st.characters(exclude_categories=()), max_size=100),
)

FUZZ_SETTINGS = hypothesis_settings(
    max_examples=60,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def encode(value: str) -> str:
    """Percent-encode as UTF-8, lone surrogates included ("surrogatepass", as a raw client)."""
    return quote_plus(value.encode("utf-8", "surrogatepass"))


def query_string(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{encode(name)}={encode(value)}" for name, value in pairs)


def fuzz_client() -> Client:
    return Client(raise_request_exception=False)


def assert_not_server_error(response, what: str) -> None:
    status = response.status_code
    error = response.exc_info[1] if response.exc_info else None
    assert status < HTTPStatus.BAD_REQUEST or status in ALLOWED_REFUSALS, (
        f"{what} answered {status}: {error!r}"
    )


@pytest.fixture
def site(db, settings):
    """A little public content to aim at: a condition with an article, a bookable practitioner."""
    settings.INQUIRY_RATE_LIMIT = 0  # Every post comes from one address; 429 is tested apart.
    settings.INQUIRY_MIN_SECONDS = 0
    condition = ConditionFactory(name="Neuropathy", slug="neuropathy")
    article = ArticleFactory(published=True, conditions=[condition])
    ReferenceFactory(article=article)
    practitioner = PractitionerFactory(name="Helen Marsh", slug="helen-marsh")
    return {"condition": condition, "practitioner": practitioner}


# --- The booking form ----------------------------------------------------------------------


@FUZZ_SETTINGS
@given(data=st.data())
def test_booking_form_post_with_any_text_in_any_field_is_never_a_server_error(site, data):
    condition_ids = [str(pk) for pk in Condition.objects.values_list("pk", flat=True)]
    practitioner_id = str(site["practitioner"].pk)

    def either(*good: str) -> str:
        return data.draw(st.one_of(st.sampled_from(good), NASTY_TEXT))

    pairs = [
        ("csrfmiddlewaretoken", either("not-checked-by-the-test-client")),
        ("name", either("Jane Doe")),
        ("email", either("jane@example.org", "")),
        ("phone", either("01422 555 0199", "")),
        ("condition", either(*condition_ids, "other", "")),
        ("practitioner", either(practitioner_id, "")),
        ("new_patient", either("yes", "no")),
        ("message", either("Sharp pain along my jaw since March.", "")),
        ("consent", either("on", "")),
        ("website", either("")),  # the honeypot
        (STARTED_FIELD, either(form_started_token())),  # the signed timing token
    ]
    pairs += [
        ("preferred_times", value)
        for value in data.draw(
            st.lists(
                st.one_of(st.sampled_from(Inquiry.PreferredTime.values), NASTY_TEXT), max_size=4
            )
        )
    ]

    response = fuzz_client().post(
        reverse("inquiries:create"),
        query_string(pairs),
        content_type="application/x-www-form-urlencoded",
    )

    assert_not_server_error(response, "POST /book/")


# --- Every query parameter the public views read --------------------------------------------

# (URL name, the parameters its view reads): the search reads ?q= and ?page=, the article
# list ?condition=, ?before= and ?after= (articles/paging.py), the booking form ?condition=
# and ?practitioner= to pre-select them, and the admin login ?next=. The other lists get
# ?page=, which none of them reads.
QUERY_TARGETS = [
    ("search", ["q", "page"]),
    ("articles:list", ["condition", "before", "after"]),
    ("inquiries:create", ["condition", "practitioner"]),
    ("conditions:list", ["page"]),
    ("practitioners:list", ["page"]),
    ("home", ["q", "page"]),
    ("admin:login", ["next"]),
]


@pytest.mark.parametrize(
    ("url_name", "parameters"), QUERY_TARGETS, ids=[name for name, _ in QUERY_TARGETS]
)
@FUZZ_SETTINGS
@given(data=st.data())
def test_any_text_in_a_public_query_parameter_is_never_a_server_error(
    site, url_name, parameters, data
):
    good = {
        "q": ["needle", "nerve pain"],
        "condition": ["neuropathy", "no-such-condition"],
        "practitioner": ["helen-marsh"],
        "page": ["1", "2"],
        # A position, the latest time with the largest id, and a time after the year 9999.
        "before": ["1700000000000000-1", "253402214400000000-999999999999999999"],
        "after": ["1700000000000000-1", "999999999999999999-1"],
        "next": ["/admin/"],
    }
    pairs = [
        (name, data.draw(st.one_of(st.sampled_from(good[name]), NASTY_TEXT)))
        for name in parameters
    ]
    url = f"{reverse(url_name)}?{query_string(pairs)}"

    response = fuzz_client().get(url)

    assert_not_server_error(response, f"GET {url[:200]}")


# --- Path segments ---------------------------------------------------------------------------

PATH_PREFIXES = ["/articles/", "/conditions/", "/practitioners/", "/feeds/conditions/"]


@pytest.mark.parametrize("prefix", PATH_PREFIXES)
@FUZZ_SETTINGS
@given(segment=NASTY_TEXT)
def test_any_text_in_a_slug_is_never_a_server_error(site, prefix, segment):
    suffix = "rss/" if prefix == "/feeds/conditions/" else ""
    path = f"{prefix}{quote(segment.encode('utf-8', 'surrogatepass'), safe='')}/{suffix}"

    response = fuzz_client().get(path)

    assert_not_server_error(response, f"GET {path[:200]}")


# --- The admin login -------------------------------------------------------------------------


@FUZZ_SETTINGS
@given(username=NASTY_TEXT, password=NASTY_TEXT)
def test_admin_login_with_any_text_is_never_a_server_error(site, username, password):
    response = fuzz_client().post(
        reverse("admin:login"),
        query_string([("username", username), ("password", password), ("next", "/admin/")]),
        content_type="application/x-www-form-urlencoded",
    )

    assert_not_server_error(response, "POST /admin/login/")
