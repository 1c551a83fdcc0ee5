import hashlib
import re
from datetime import date

import reversion
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clinic_site.rendering import RendersMarkdown
from clinic_site.route_paths import route_path
from clinic_site.search_index import StoredSearchVectorField, article_search_vector_update

DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
PMID_PREFIX = re.compile(r"^pmid:?\s*", re.IGNORECASE)

validate_doi = RegexValidator(
    r"^(?:(?:https?://(?:dx\.)?doi\.org/|doi:\s*))?10\.\d{4,9}/\S+$",
    message="A DOI looks like 10.1016/j.jpain.2017.11.005: “10.”, digits, “/” and the rest.",
    flags=re.IGNORECASE,
)
validate_pmid = RegexValidator(
    r"^(?:pmid:?\s*)?\d{1,9}$",
    message="A PubMed ID (PMID) is a number of up to nine digits, such as 29198932.",
    flags=re.IGNORECASE,
)


class ArticleQuerySet(models.QuerySet):
    def published(self, *, at=None):
        """Articles the public may see: published, and their publication time has come (by
        `at`, default now)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=at or timezone.now())


# The search vector is derived from the text: history keeps the text, save() rebuilds the rest.
def _workflow_user() -> models.ForeignKey:
    """Who moved an article on in the workflow; stamped by the services, never typed."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@reversion.register(follow=["references"], exclude=["search_vector"])
class Article(RendersMarkdown, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=220, unique=True, help_text="The last part of the article's web address."
    )
    summary = models.TextField(
        max_length=600,
        help_text="Two or three plain sentences shown under the title and in lists.",
    )
    meta_description = models.CharField(
        max_length=300,
        blank=True,
        help_text="What search engines show under the title: 50 to 160 characters.",
    )
    body = models.TextField(
        help_text="In Markdown: ## starts a heading, - a bullet point, 1. a numbered list."
    )
    body_html = models.TextField(blank=True, editable=False)
    conditions = models.ManyToManyField(
        "conditions.Condition", blank=True, related_name="articles"
    )
    author = models.ForeignKey(
        "practitioners.Practitioner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_articles",
    )
    reviewer = models.ForeignKey(
        "practitioners.Practitioner",
        verbose_name="medical reviewer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
        help_text="The practitioner who checked the article's medical content.",
    )
    last_reviewed_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the medical reviewer last checked the whole article.",
    )
    next_review_due_on = models.DateField(
        "next review due",
        null=True,
        blank=True,
        help_text="When the article must be checked again; shown to readers.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text=(
            "When the article goes public. Leave empty to publish now; a future time schedules "
            "it, and it appears by itself at that time."
        ),
    )
    disclaimer = models.TextField(
        blank=True,
        help_text=(
            "Shown prominently on the article, e.g. “This article is general information, not "
            "medical advice. Talk to your doctor before changing any treatment.” "
            "Required to publish."
        ),
    )
    submitted_for_review_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_for_review_by = _workflow_user()
    published_by = _workflow_user()
    # A publisher's sign-off of the claim sentences holds only for the text it was given for:
    # the fingerprint of the signed-off text must match the current one.
    claims_signed_off_by = _workflow_user()
    claims_signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    claims_signed_off_sentences = models.JSONField(default=list, blank=True, editable=False)
    claims_signed_off_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # Set by the plain-text importer (articles/importing.py): importing the same file again
    # updates this draft, and an unchanged file (same checksum) leaves it alone.
    source_filename = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        help_text="The plain-text file this article was imported from.",
    )
    source_checksum = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="SHA-256 of the imported text, to tell an unchanged file from a changed one.",
    )
    # The site search's index on PostgreSQL (clinic_site/search_index.py), kept by save().
    search_vector = StoredSearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()
    markdown_fields = {"body": "body_html"}
    # Where the article stands in the workflow, as opposed to what it says: restoring an old
    # version brings back what it said and leaves these as they are.
    workflow_fields = [
        "status",
        "published_at",
        "published_by",
        "submitted_for_review_at",
        "submitted_for_review_by",
        "reviewer",
        "last_reviewed_on",
        "next_review_due_on",
        "claims_signed_off_by",
        "claims_signed_off_at",
        "claims_signed_off_sentences",
        "claims_signed_off_fingerprint",
    ]

    class Meta:
        # Newest first; two published at the same instant, the later-made first. The list's
        # pages (articles/paging.py) step through this order by position.
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_article", "Can publish and unpublish articles and sign off claims"),
            ("record_review", "Can record a medical review of an article"),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"]),
            # The public order straight from the index: a list page, even far down, starts at
            # its position and reads its ten rows, not every article (10,000 and more).
            models.Index(fields=["status", "published_at", "id"], name="article_public_order"),
            # A practitioner's page lists the articles they wrote and reviewed, in that order.
            models.Index(
                fields=["author", "status", "published_at", "id"],
                name="article_author_public_order",
            ),
            models.Index(
                fields=["reviewer", "status", "published_at", "id"],
                name="article_reviewer_public_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published")
                | (Q(published_at__isnull=False) & ~Q(disclaimer="")),
                name="article_published_has_time_and_disclaimer",
                violation_error_message=(
                    "A published article needs a publication time and a disclaimer."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.disclaimer = self.disclaimer.strip()
        extra_fields = {"disclaimer"}
        if self.claims_signed_off_fingerprint and not self.claims_sign_off_is_current:
            # The text changed since the sign-off: it no longer holds.
            self.claims_signed_off_by = None
            self.claims_signed_off_at = None
            self.claims_signed_off_sentences = []
            self.claims_signed_off_fingerprint = ""
            extra_fields |= {
                "claims_signed_off_by",
                "claims_signed_off_at",
                "claims_signed_off_sentences",
                "claims_signed_off_fingerprint",
            }
        if (update_fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = {*update_fields, *extra_fields}
        super().save(*args, **kwargs)
        article_search_vector_update(self, update_fields=update_fields)

    def get_absolute_url(self) -> str:
        # reverse(), worked out once per process: pages link to many of these.
        return route_path("articles:detail", slug=self.slug)

    def clean(self):
        from articles.publishing import article_problems, blocking_for

        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        # Rules about this row only; the references are checked where they are visible
        # (the admin's reference formset and the publish service). Problems without a field
        # (the review, set only through a recorded review) are reported for the whole form.
        errors: dict[str, list[str]] = {}
        for problem in blocking_for(self.status, article_problems(self)):
            errors.setdefault(problem.field or NON_FIELD_ERRORS, []).append(problem.message)
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def review_is_overdue(self) -> bool:
        return self.next_review_due_on is not None and self.next_review_due_on < date.today()

    @property
    def claim_text_fingerprint(self) -> str:
        """A digest of every text a reader sees, to tie a claims sign-off to this revision."""
        # Browsers send line breaks as CR LF: the same text must give the same digest.
        texts = [self.title, self.summary, self.meta_description, self.body]
        text = "\x1f".join("\n".join(text.strip().splitlines()) for text in texts)
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def claims_sign_off_is_current(self) -> bool:
        return self.claims_signed_off_fingerprint == self.claim_text_fingerprint

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )


@reversion.register()
class Reference(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="References are numbered in this order, smallest first."
    )
    citation = models.TextField(
        help_text="Authors, year, title, journal: e.g. “Vickers AJ, et al. (2018). Acupuncture "
        "for chronic pain. The Journal of Pain, 19(5), 455–474.”"
    )
    url = models.URLField(
        "URL",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="A web address where readers can check the source.",
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text="e.g. 10.1016/j.jpain.2017.11.005",
    )
    pmid = models.CharField(
        "PMID",
        max_length=20,
        blank=True,
        validators=[validate_pmid],
        help_text="PubMed ID, e.g. 29198932",
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.citation[:80]

    def clean(self):
        self.citation = self.citation.strip()
        self.doi = DOI_PREFIX.sub("", self.doi.strip())
        self.pmid = PMID_PREFIX.sub("", self.pmid.strip())

    @property
    def has_link(self) -> bool:
        return bool(self.url or self.doi or self.pmid)

    @property
    def link(self) -> str:
        """The best address for a reader to check the source: URL, else DOI, else PubMed."""
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return ""


class ClaimPhrase(models.Model):
    """A word or phrase that makes a sentence an efficacy claim needing a publisher's sign-off."""

    phrase = models.CharField(
        max_length=100,
        unique=True,
        help_text="Matched as whole words, ignoring capitals, e.g. “cure” or “no side effects”.",
    )
    is_active = models.BooleanField("checked", default=True)
    note = models.CharField(
        max_length=200, blank=True, help_text="Why this phrase needs a second look."
    )

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class ArticleEvent(models.Model):
    """The audit trail: who moved an article through the workflow, when, what the checks said."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        UNPUBLISHED = "unpublished", "Unpublished"
        CLAIMS_SIGNED_OFF = "claims_signed_off", "Claims signed off"
        REVIEWED = "reviewed", "Medical review recorded"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    check_results = models.JSONField(
        default=list, blank=True, help_text="The publish checks' findings at that moment."
    )
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.article}"
