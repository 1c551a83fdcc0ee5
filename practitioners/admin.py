from django import forms
from django.contrib import admin
from django.db import models

from practitioners.models import Practitioner
from practitioners.photos import PhotoField


@admin.register(Practitioner)
class PractitionerAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "title",
        "registration_number",
        "is_accepting_new_patients",
        "is_active",
    ]
    list_filter = ["is_active", "is_accepting_new_patients", "conditions_treated"]
    list_editable = ["is_accepting_new_patients"]
    search_fields = ["name", "title", "credentials", "registration_number"]
    prepopulated_fields = {"slug": ["name"]}
    # Plain checkboxes: clearer for staff than a multiple select, and accessible (axe).
    formfield_overrides = {
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
        # The photo rules' own field: plain messages, and the upload's name is dropped.
        models.ImageField: {"form_class": PhotoField},
    }
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "title",
                    "credentials",
                    "registration_number",
                    "is_physician",
                ]
            },
        ),
        ("Profile", {"fields": ["biography", "photo", "photo_alt_text", "conditions_treated"]}),
        ("On the website", {"fields": ["is_active", "is_accepting_new_patients"]}),
    ]
