import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from clinic_site.rendering import RendersMarkdown

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
    def published(self):
        """Articles the public may see: published, and their publication time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())


class Article(RendersMarkdown, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
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
        null=True, blank=True, help_text="The day the medical reviewer last checked the article."
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()
    markdown_fields = {"body": "body_html"}

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "published_at"])]
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
        if (update_fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = {*update_fields, "disclaimer"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        from articles.publishing import article_problems

        if self.status == self.Status.PUBLISHED:
            if self.published_at is None:
                self.published_at = timezone.now()
            # Rules about this row only; the references are checked where they are visible
            # (the admin's reference formset and the publish service).
            errors = {}
            for problem in article_problems(self):
                errors.setdefault(problem.field, []).append(problem.message)
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
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )


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
