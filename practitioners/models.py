from django.core.exceptions import ValidationError
from django.db import models

from clinic_site.rendering import RendersMarkdown
from clinic_site.route_paths import route_path
from clinic_site.search_index import (
    StoredSearchVectorField,
    practitioner_search_vector_update,
)
from practitioners import photos


class PractitionerQuerySet(models.QuerySet):
    def active(self):
        """Practitioners shown on the public site."""
        return self.filter(is_active=True)


class Practitioner(RendersMarkdown, models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=140, unique=True, help_text="The last part of the profile's web address."
    )
    title = models.CharField(
        max_length=120, help_text="The role shown under the name, e.g. “Senior acupuncturist”."
    )
    credentials = models.CharField(
        max_length=200,
        blank=True,
        help_text="Qualifications and memberships, e.g. “BSc (Hons) Acupuncture, MBAcC”.",
    )
    registration_number = models.CharField(
        max_length=60,
        blank=True,
        help_text="Professional registration or licence number, shown on the profile.",
    )
    is_physician = models.BooleanField(
        "registered medical doctor",
        default=False,
        help_text=(
            "Tick only for a doctor on the medical register (in the UK, the GMC's): search "
            "engines are then told this practitioner is a physician. Leave it unticked for "
            "acupuncturists, nurses and physiotherapists who are not also doctors."
        ),
    )
    biography = models.TextField(blank=True, help_text="In Markdown.")
    biography_html = models.TextField(blank=True, editable=False)
    photo = models.ImageField(
        upload_to=photos.photo_upload_to,
        blank=True,
        validators=[photos.validate_photo],
        help_text=(
            "A JPEG, PNG or WebP photo of at most 5 MB. It is stored turned upright, at most "
            "1,600 pixels wide or high, without its camera details or location."
        ),
    )
    photo_alt_text = models.CharField(
        max_length=200,
        blank=True,
        help_text="Describe the photo for people who cannot see it. Required with a photo.",
    )
    conditions_treated = models.ManyToManyField(
        "conditions.Condition", blank=True, related_name="practitioners"
    )
    is_accepting_new_patients = models.BooleanField("accepting new patients", default=True)
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Untick to hide the profile from the public site without deleting it.",
    )
    # The site search's index on PostgreSQL (clinic_site/search_index.py), kept by save().
    search_vector = StoredSearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PractitionerQuerySet.as_manager()

    markdown_fields = {"biography": "biography_html"}

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # A file not yet committed to storage is a new upload: store only its re-encoded pixels.
        if self.photo and not self.photo._committed:
            self.photo = photos.reencode_photo(self.photo)
        super().save(*args, **kwargs)
        practitioner_search_vector_update(self, update_fields=kwargs.get("update_fields"))

    def get_absolute_url(self) -> str:
        # reverse(), worked out once per process: pages link to many of these.
        return route_path("practitioners:detail", slug=self.slug)

    def clean(self):
        if self.photo and not self.photo_alt_text.strip():
            raise ValidationError(
                {"photo_alt_text": "Describe the photo so that people who cannot see it know."}
            )

    @property
    def name_with_credentials(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name
