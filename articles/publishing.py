"""
The publish rules: what an article must have before the public may read it.

`publish_problems()` is the one place the rules are written. Every path that can publish
calls it: the article's own validation (its row rules, through `article_problems()`), the
admin's reference formset (where the references being typed are visible), the publish
service behind the admin's actions, the command line and the importer.

Each problem has a code, a severity and a message that names the exact field, reference or
sentence. Blocking problems stop publishing (and submitting for review); claim sentences
need a publisher's sign-off for the current text before the article can be published.
"""

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from html.parser import HTMLParser

import markdown
from django.db import models

from articles.citations import (
    citation_text_problem,
    doi_problem,
    pmid_problem,
    reference_identity,
    url_problem,
)
from articles.claims import claim_sentences
from articles.models import Article, ClaimPhrase, Reference

META_DESCRIPTION_LENGTH = range(50, 161)


class Severity(models.TextChoices):
    BLOCKING = "blocking", "Blocking"
    NEEDS_SIGN_OFF = "needs_sign_off", "Needs a publisher's sign-off"


class Check(models.TextChoices):
    """The checklist an editor sees, in this order."""

    DISCLAIMER = "disclaimer", "Disclaimer"
    REFERENCES = "references", "Verifiable references"
    DESCRIPTION = "description", "Summary and meta description"
    REVIEW = "review", "Medical review"
    CLAIMS = "claims", "Claim language signed off"
    BODY = "body", "Images and links in the text"


@dataclass(frozen=True)
class Problem:
    code: str
    check: Check
    message: str
    severity: Severity = Severity.BLOCKING
    # The article's field the problem is in, when it is in one (a form shows it there).
    field: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {key: None if value is None else str(value) for key, value in asdict(self).items()}


@dataclass(frozen=True)
class CheckResult:
    check: Check
    problems: list[Problem]

    @property
    def passed(self) -> bool:
        return not self.problems


def claim_phrases() -> list[str]:
    """The claim phrases staff keep in the admin ("Claim phrases")."""
    return list(ClaimPhrase.objects.filter(is_active=True).values_list("phrase", flat=True))


def publish_problems(
    article: Article,
    references: Iterable[Reference],
    *,
    phrases: Sequence[str] | None = None,
) -> list[Problem]:
    """Every reason the article cannot be published yet; an empty list means it can be."""
    return article_problems(article, phrases=phrases) + reference_problems(references)


def article_problems(article: Article, *, phrases: Sequence[str] | None = None) -> list[Problem]:
    """Problems in the article's own fields."""
    return [
        *_disclaimer_problems(article),
        *_description_problems(article),
        *_review_problems(article),
        *_claim_problems(article, claim_phrases() if phrases is None else phrases),
        *_body_problems(article),
    ]


def reference_problems(references: Iterable[Reference]) -> list[Problem]:
    """Problems in the article's list of references."""
    references = list(references)
    if not references:
        return [
            Problem(
                "references_missing",
                Check.REFERENCES,
                "Add at least one reference with a link (URL, DOI or PMID) readers can check.",
            )
        ]
    problems = []
    seen: dict[str, int] = {}
    for number, reference in enumerate(references, start=1):
        name = f"Reference {number} (“{_shorten(reference.citation)}”)"
        if reason := citation_text_problem(reference.citation):
            problems.append(
                Problem("reference_placeholder", Check.REFERENCES, f"{name}: {reason}")
            )
        if not reference.has_link:
            problems.append(
                Problem(
                    "reference_without_link",
                    Check.REFERENCES,
                    f"{name} has no link: add its URL, DOI or PMID so readers can check it.",
                )
            )
        for code, reason in [
            ("reference_invalid_doi", doi_problem(reference.doi)),
            ("reference_invalid_pmid", pmid_problem(reference.pmid)),
            ("reference_invalid_url", url_problem(reference.url)),
        ]:
            if reason:
                problems.append(Problem(code, Check.REFERENCES, f"{name}: {reason}"))
        identity = reference_identity(
            citation=reference.citation, url=reference.url, doi=reference.doi, pmid=reference.pmid
        )
        if earlier := next((seen[key] for key in sorted(identity) if key in seen), None):
            problems.append(
                Problem(
                    "reference_duplicate",
                    Check.REFERENCES,
                    f"{name} repeats reference {earlier}: remove one of them.",
                )
            )
        for key in identity:
            seen.setdefault(key, number)
    return problems


def blocking_for(status: str, problems: list[Problem]) -> list[Problem]:
    """The problems that stop an article from taking `status`."""
    if status == Article.Status.PUBLISHED:
        return problems
    if status == Article.Status.IN_REVIEW:
        # The medical review and the claims sign-off happen while the article is in review.
        return [
            problem
            for problem in problems
            if problem.severity == Severity.BLOCKING and problem.check != Check.REVIEW
        ]
    return []


def checklist(problems: list[Problem]) -> list[CheckResult]:
    """Every check, passed or not, with its problems: what the editor's checklist shows."""
    return [
        CheckResult(check, [problem for problem in problems if problem.check == check])
        for check in Check
    ]


def _disclaimer_problems(article: Article) -> list[Problem]:
    if article.disclaimer.strip():
        return []
    return [
        Problem(
            "disclaimer_missing",
            Check.DISCLAIMER,
            "Add a disclaimer: every published article must show one.",
            field="disclaimer",
        )
    ]


def _description_problems(article: Article) -> list[Problem]:
    problems = []
    if not article.summary.strip():
        problems.append(
            Problem(
                "summary_missing",
                Check.DESCRIPTION,
                "Add a summary of two or three sentences.",
                field="summary",
            )
        )
    meta_description = article.meta_description.strip()
    if not meta_description:
        problems.append(
            Problem(
                "meta_description_missing",
                Check.DESCRIPTION,
                "Add a meta description (50 to 160 characters) for search engines.",
                field="meta_description",
            )
        )
    elif len(meta_description) not in META_DESCRIPTION_LENGTH:
        problems.append(
            Problem(
                "meta_description_length",
                Check.DESCRIPTION,
                f"The meta description is {len(meta_description)} characters long: "
                "make it 50 to 160.",
                field="meta_description",
            )
        )
    return problems


def _review_problems(article: Article) -> list[Problem]:
    problems = []
    reviewer = article.reviewer
    if reviewer is None:
        problems.append(
            Problem(
                "reviewer_missing",
                Check.REVIEW,
                "No medical review is recorded: once the article is saved, a reviewer uses "
                "“Record a medical review”.",
            )
        )
    elif not reviewer.is_active:
        problems.append(
            Problem(
                "reviewer_inactive",
                Check.REVIEW,
                f"The medical reviewer, {reviewer.name}, is no longer an active practitioner: "
                "record a new review.",
            )
        )
    today = date.today()
    if article.last_reviewed_on is None:
        if reviewer is not None:
            problems.append(
                Problem(
                    "review_date_missing",
                    Check.REVIEW,
                    "Record the date of the medical review.",
                )
            )
    elif article.last_reviewed_on > today:
        problems.append(
            Problem(
                "review_date_in_future",
                Check.REVIEW,
                f"The last-reviewed date ({article.last_reviewed_on:%d %B %Y}) is in the future.",
            )
        )
    if article.last_reviewed_on is not None and article.next_review_due_on is None:
        problems.append(
            Problem(
                "review_due_date_missing",
                Check.REVIEW,
                "The review has no next-review date: record the review again to set one.",
            )
        )
    if article.next_review_due_on is not None and article.next_review_due_on < today:
        problems.append(
            Problem(
                "review_overdue",
                Check.REVIEW,
                f"The review was due on {article.next_review_due_on:%d %B %Y}: "
                "a reviewer must check the whole article again.",
            )
        )
    return problems


def _claim_problems(article: Article, phrases: Sequence[str]) -> list[Problem]:
    signed_off = (
        set(article.claims_signed_off_sentences) if article.claims_sign_off_is_current else set()
    )
    problems = []
    for field, label in [
        ("title", "title"),
        ("summary", "summary"),
        ("meta_description", "meta description"),
        ("body", "text"),
    ]:
        for sentence, phrase in claim_sentences(getattr(article, field), phrases):
            if sentence in signed_off:
                continue
            problems.append(
                Problem(
                    "claim_language",
                    Check.CLAIMS,
                    f"In the {label}: “{sentence}” uses “{phrase}”, a claim a publisher must "
                    "sign off (or reword it).",
                    Severity.NEEDS_SIGN_OFF,
                    field=field,
                )
            )
    return problems


def claim_findings(article: Article, phrases: Sequence[str] | None = None) -> list[str]:
    """The claim sentences in the article's current text, for a publisher to sign off."""
    phrases = claim_phrases() if phrases is None else phrases
    fields = [article.title, article.summary, article.meta_description, article.body]
    return [sentence for text in fields for sentence, _ in claim_sentences(text, phrases)]


class _LinkAndImageCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "href" in attributes:
            self.hrefs.append(attributes["href"] or "")
        elif tag == "img":
            self.images.append(attributes)


def _body_problems(article: Article) -> list[Problem]:
    collector = _LinkAndImageCollector()
    collector.feed(markdown.markdown(article.body or "", extensions=["extra"]))
    problems = []
    for image in collector.images:
        if not (image.get("alt") or "").strip():
            problems.append(
                Problem(
                    "image_without_alt",
                    Check.BODY,
                    f"The image “{image.get('src') or '(no address)'}” has no description "
                    "(alt text): write ![what the picture shows](address).",
                    field="body",
                )
            )
    for href in collector.hrefs:
        if not _is_allowed_link(href):
            problems.append(
                Problem(
                    "link_not_allowed",
                    Check.BODY,
                    f"The link “{_shorten(href)}” must start with https://, http:// or / "
                    "(a page of this site).",
                    field="body",
                )
            )
    return problems


def _is_allowed_link(href: str) -> bool:
    href = href.strip()
    lowered = href.lower()
    if lowered.startswith(("https://", "http://")):
        return len(href.split("://", 1)[1]) > 0
    # "//host" and "/\\host" (which browsers read as "//host") lead to other sites.
    return href.startswith(("/", "#")) and not href.startswith(("//", "/\\"))


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
