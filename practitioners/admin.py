from django.contrib import admin

from practitioners.models import Practitioner


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
    filter_horizontal = ["conditions_treated"]
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
