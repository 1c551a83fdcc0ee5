"""No stored text becomes live markup on a public page.

Each payload in tests/security/xss_payloads.py is saved through the real models into every field
a visitor sees (article, references, condition, practitioner), the article is published, and
every public page that shows them is fetched and parsed. The page may hold only the site's own
active content: its JSON-LD blocks (which must still be valid JSON), its own links and forms.
"""

import json
import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Article, Reference
from conditions.models import Condition
from practitioners.models import Practitioner
from tests.factories import ArticleFactory, ConditionFactory, PractitionerFactory, ReferenceFactory
from tests.security.xss_payloads import XSS_PAYLOADS

pytestmark = pytest.mark.django_db

ALLOWED_SCHEMES = {"http", "https", "mailto"}
# Elements that run, load or restyle something, or change where the page's links go.
FORBIDDEN_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "base",
    "svg", "math", "template", "noscript", "isindex", "portal",
}  # fmt: skip
# Attributes that hold an address a browser may load or navigate to.
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "poster", "data", "background",
    "cite", "ping", "codebase", "longdesc", "lowsrc", "dynsrc", "manifest", "icon", "srcset",
}  # fmt: skip
# The one other scheme the site itself uses: links to the clinic's and the emergency number.
SITE_PHONE_LINKS = {
    "tel:" + phone.replace(" ", "")
    for phone in [settings.CLINIC["phone"], settings.INQUIRY_EMERGENCY_PHONE]
}
# A URL scheme as browsers read it (the WHATWG URL standard), after the whitespace rules below.
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in an attribute value (entities already decoded)."""
    # Browsers drop leading and trailing C0 controls and spaces, and every tab and newline.
    value = value.strip("".join(map(chr, range(0x21))))
    value = re.sub(r"[\t\n\r]", "", value)
    match = SCHEME.match(value)
    return match.group(1).lower() if match else None


class UnsafeMarkupFinder(HTMLParser):
    """Collects every element or attribute in a page that is not inert, as readable strings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_body = False
        self._json_ld: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script" and self._json_ld is not None:
            text = "".join(self._json_ld)
            self._json_ld = None
            try:
                json.loads(text)
            except ValueError:
                self.problems.append(f"a JSON-LD block that is not JSON: {text[:120]!r}")

    def handle_data(self, data):
        if self._json_ld is not None:
            self._json_ld.append(data)

    def _check(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "body":
            self.in_body = True
        if (
            tag == "script"
            and attributes.get("type") == "application/ld+json"
            and not (set(attributes) - {"type"})
        ):
            self._json_ld = []  # the site's structured data: data, not script
        elif tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"a <{tag}> element: {attrs}")
        if tag == "meta" and "http-equiv" in attributes:
            self.problems.append(f"a <meta http-equiv> element: {attrs}")
        if tag == "link" and self.in_body:
            self.problems.append(f"a <link> element in the body: {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"an event handler {name}={value!r} on <{tag}>")
            elif name in {"style", "srcdoc"}:
                self.problems.append(f"a {name} attribute {value!r} on <{tag}>")
            elif name in URL_ATTRIBUTES and value:
                self._check_url(tag, name, value)

    def _check_url(self, tag, name, value):
        if name == "srcset":  # "address width, address width, ..."
            addresses = [part.split()[0] for part in value.split(",") if part.split()]
        else:
            addresses = [value]
        for address in addresses:
            scheme = url_scheme(address)
            if scheme is None or scheme in ALLOWED_SCHEMES:
                continue
            if tag == "a" and name == "href" and address in SITE_PHONE_LINKS:
                continue
            self.problems.append(f"a {scheme}: address in {name}={value!r} on <{tag}>")


def unsafe_markup(html: str) -> list[str]:
    finder = UnsafeMarkupFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def fitted(model, field: str, text: str) -> str:
    """`text` cut to the field's length, so a long payload still fits a short field."""
    max_length = model._meta.get_field(field).max_length
    return text[:max_length] if max_length else text


def payload_id(payload: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", payload).strip("-")[:48] or "blank"


@pytest.fixture(autouse=True)
def _no_cached_pages():
    """Pages cached by another test would hide what this one stored."""
    for cache in caches.all():
        cache.clear()


def store_everywhere(payload: str) -> tuple[Article, Condition, Practitioner]:
    """Save `payload` in every field the public pages show, and publish the article."""
    condition = ConditionFactory(
        name=fitted(Condition, "name", f"Nerve pain {payload}"),
        summary=payload,
        body=payload,
        synonyms=payload,
        meta_description=fitted(Condition, "meta_description", payload),
    )
    practitioner = PractitionerFactory(
        name=fitted(Practitioner, "name", f"Helen {payload}"),
        title=fitted(Practitioner, "title", payload),
        credentials=fitted(Practitioner, "credentials", payload),
        registration_number=fitted(Practitioner, "registration_number", payload),
        biography=payload,
        conditions_treated=[condition],
    )
    article = ArticleFactory(
        published=True,
        title=fitted(Article, "title", f"Nerve pain {payload}"),
        summary=payload,
        meta_description=fitted(Article, "meta_description", payload),
        body=payload,
        disclaimer=payload,
        author=practitioner,
        reviewer=practitioner,
        conditions=[condition],
    )
    ReferenceFactory(article=article, citation=payload)
    return article, condition, practitioner


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=payload_id)
def test_stored_payload_is_inert_on_every_public_page(client, payload):
    article, condition, practitioner = store_everywhere(payload)
    pages = [
        article.get_absolute_url(),
        reverse("articles:list"),
        f"{reverse('articles:list')}?condition={condition.slug}",
        condition.get_absolute_url(),
        reverse("conditions:list"),
        practitioner.get_absolute_url(),
        reverse("practitioners:list"),
        reverse("home"),
        f"{reverse('search')}?q=nerve",
        f"{reverse('inquiries:create')}?practitioner={practitioner.slug}"
        f"&condition={condition.slug}",
    ]

    problems = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        if found := unsafe_markup(response.content.decode()):
            problems[url] = found

    assert problems == {}, f"payload {payload!r} is live markup"


def test_the_article_page_shows_the_stored_text_it_was_given(client):
    """The pages checked above really carry the stored fields (else the test proves nothing)."""
    article, condition, practitioner = store_everywhere("<b>Marker</b> text")

    for url, fields in [
        (article.get_absolute_url(), 4),  # summary, disclaimer, body, reference citation
        (condition.get_absolute_url(), 2),  # summary, body
        (practitioner.get_absolute_url(), 1),  # biography
    ]:
        content = client.get(url).content.decode()
        assert content.count("Marker") >= fields, url


def test_markdown_links_and_images_keep_safe_addresses(client):
    """The sanitiser keeps what articles need: web, email, relative and #fragment addresses."""
    article, _, _ = store_everywhere(
        "[web](https://example.org/a) [mail](mailto:clinic@example.org) [page](/conditions/) "
        "[section](#what-may-help) ![a diagram](/media/diagram.png)"
    )

    content = client.get(article.get_absolute_url()).content.decode()

    assert unsafe_markup(content) == []
    for address in [
        'href="https://example.org/a"',
        'href="mailto:clinic@example.org"',
        'href="/conditions/"',
        'href="#what-may-help"',
        'src="/media/diagram.png"',
    ]:
        assert address in content


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<p onclick="x()">a</p>',
        '<p style="color: red">a</p>',
        '<a href="java&#10;script:alert(1)">a</a>',
        '<a href=" JAVASCRIPT:alert(1)">a</a>',
        '<img src="data:image/png;base64,AA">',
        '<img srcset="/a.png 1x, data:image/png;base64,AA 2x">',
        '<button formaction="vbscript:x">a</button>',
        '<meta http-equiv="refresh" content="0;url=/">',
        '<base href="https://evil.example/">',
        '<script type="application/ld+json">{"a": 1}</script><script>alert(1)</script>',
        '<script type="application/ld+json">{"a": "</script>',
        '<a href="tel:+440000">a</a>',
    ],
)
def test_the_checker_finds_live_markup(html):
    assert unsafe_markup(f"<!doctype html><html><body>{html}</body></html>")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        " javascript:alert(1)",
    ],
)
def test_a_reference_address_must_be_a_web_address(url):
    """The one field shown as a link as typed: refused unless http(s), before it is stored."""
    reference = Reference(article=ArticleFactory(), citation="A citation.", url=url)

    with pytest.raises(ValidationError) as refused:
        reference.full_clean()

    assert "url" in refused.value.message_dict
