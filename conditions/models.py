import re

from django.db import models

from clinic_site.rendering import RendersMarkdown
from clinic_site.route_paths import route_path
from clinic_site.search_index import StoredSearchVectorField, condition_search_vector_update


class Condition(RendersMarkdown, models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(
        max_length=140, unique=True, help_text="The last part of the page's web address."
    )
    summary = models.TextField(
        max_length=500, help_text="One or two plain sentences shown in lists and at the top."
    )
    body = models.TextField(
        blank=True, help_text="The full description, in Markdown (## for a heading, - for a list)."
    )
    body_html = models.TextField(blank=True, editable=False)
    meta_description = models.CharField(
        max_length=300,
        blank=True,
        help_text="What search engines show under the title: 50 to 160 characters.",
    )
    synonyms = models.TextField(
        blank=True,
        help_text=(
            "Other names people use for this condition, one per line or separated by commas "
            "(for Neuropathy: nerve pain, neuropathic pain). Search finds the condition by them."
        ),
    )
    # The site search's index on PostgreSQL (clinic_site/search_index.py), kept by save().
    search_vector = StoredSearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    markdown_fields = {"body": "body_html"}

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        condition_search_vector_update(self, update_fields=kwargs.get("update_fields"))

    def get_absolute_url(self) -> str:
        # reverse(), worked out once per process: pages link to many of these.
        return route_path("conditions:detail", slug=self.slug)

    @property
    def synonym_list(self) -> list[str]:
        """The synonyms as a clean list, in the order staff typed them."""
        names = (name.strip() for name in re.split(r"[,\n;]", self.synonyms))
        return [name for name in names if name]

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.synonym_list]
