"""What the article admin's forms post, for tests that act as an editor or publisher would."""

import html
import re
from html.parser import HTMLParser
from http import HTTPStatus

from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ConditionFactory, PractitionerFactory

ADD_URL = reverse("admin:articles_article_add")
CHANGELIST_URL = reverse("admin:articles_article_changelist")
CHECK_NEW_URL = reverse("admin:articles_article_check_new")
DISCLAIMER = "General information only, not medical advice. Talk to your doctor first."
META_DESCRIPTION = (
    "What sciatica is, what the research says about acupuncture, and when to see a GP."
)


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def check_url(article) -> str:
    return reverse("admin:articles_article_check", args=[article.pk])


def add_form_data(*, references=(), **fields) -> dict:
    """What the add form posts for a new article typed by an editor."""
    data = {
        "title": "Acupuncture and sciatica: what we know",
        "slug": "acupuncture-and-sciatica",
        "summary": "What sciatica is and what the research says about acupuncture for it.",
        "body": "## What is sciatica?\n\nPain along the sciatic nerve.",
        "conditions": [ConditionFactory().pk],
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "disclaimer": DISCLAIMER,
        "author": PractitionerFactory().pk,
        "meta_description": META_DESCRIPTION,
        **inline_data(references),
        "_save": "Save",
    }
    return data | fields


def change_form_data(article, *, references=None, **fields) -> dict:
    """What the change form posts for an existing article, with the editor's changes."""
    published_at = timezone.localtime(article.published_at) if article.published_at else None
    if references is None:
        references = [existing_reference_data(reference) for reference in article.references.all()]
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "conditions": [condition.pk for condition in article.conditions.all()],
        "status": article.status,
        "published_at_0": published_at.strftime("%Y-%m-%d") if published_at else "",
        "published_at_1": published_at.strftime("%H:%M:%S") if published_at else "",
        "disclaimer": article.disclaimer,
        "author": article.author_id or "",
        "meta_description": article.meta_description,
        **inline_data(references, initial=article.references.count()),
        "_save": "Save",
    }
    return data | fields


def existing_reference_data(reference, **changes) -> dict:
    return {
        "id": reference.pk,
        "article": reference.article_id,
        "position": reference.position,
        "citation": reference.citation,
        "url": reference.url,
        "doi": reference.doi,
        "pmid": reference.pmid,
        **changes,
    }


def inline_data(references, *, initial=0) -> dict:
    """The reference inline's management form and rows (the formset prefix is `references`)."""
    data = {
        "references-TOTAL_FORMS": str(len(references)),
        "references-INITIAL_FORMS": str(initial),
        "references-MIN_NUM_FORMS": "0",
        "references-MAX_NUM_FORMS": "1000",
    }
    for index, reference in enumerate(references):
        for name, value in reference.items():
            data[f"references-{index}-{name}"] = value
    return data


def shown_errors(response) -> str:
    """The text of every error list on an admin form page, as the editor reads it."""
    content = response.content.decode()
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', content, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", " ".join(lists)))


def assert_form_refused(response, error):
    assert response.status_code == HTTPStatus.OK
    assert "Please correct the error" in response.content.decode()
    assert error in shown_errors(response)


def assert_kept_typed_value(response, name, value):
    assert f'name="{name}" value="{html.escape(value)}"' in response.content.decode()


def page_text(response) -> str:
    """The page as a reader sees it: tags removed, entities decoded, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


class _FormReader(HTMLParser):
    """Collect what a browser would submit from one form: fields, values, the save button."""

    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._textarea_text: list[str] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and not self.data and self._is_wanted(attributes):
            self.in_form = True
        if not self.in_form:
            return
        name = attributes.get("name")
        if tag == "input" and name and "disabled" not in attributes:
            kind = attributes.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            self.data.append(
                (name, attributes.get("value") or ("on" if kind == "checkbox" else ""))
            )
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, []
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.data.append((self._select, attributes.get("value", "")))

    def _is_wanted(self, attributes) -> bool:
        if self.form_id is not None:
            return attributes.get("id") == self.form_id
        # The page's own form, not the logout button in the admin's header.
        return attributes.get("method") == "post" and attributes.get("id") != "logout-form"

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "textarea" and self._textarea:
            text = "".join(self._textarea_text)
            # A newline straight after <textarea> is not part of the value (HTML parsing rule).
            self.data.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea_text.append(data)


def rendered_form_data(response, form_id: str | None = "article_form") -> dict:
    """What submitting the rendered form unchanged would post (lists for repeated names).

    `form_id=None` reads the page's first form that posts, other than the admin's logout.
    """
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.data, f"no form {form_id or ''} on the page"
    data: dict = {}
    for name, value in reader.data:
        if name in data:
            data[name] = [*(data[name] if isinstance(data[name], list) else [data[name]]), value]
        else:
            data[name] = value
    if form_id == "article_form":
        data["_save"] = "Save"
    return data
