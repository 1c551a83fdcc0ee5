"""Admin pages for records that are written by the code, never by hand (audit trails)."""

from django.contrib import admin


class RecordAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included: a trail that can be edited proves nothing."""

    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
