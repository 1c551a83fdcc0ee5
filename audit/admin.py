import json
from datetime import UTC

from django.contrib import admin

from audit.models import AuditEvent
from clinic_site.record_admin import RecordAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(RecordAdmin):
    """The staff audit log: superusers read it; nobody, superusers included, can alter it."""

    list_display = ["when", "who", "action", "target_label", "ip_address"]
    list_display_links = ["when"]
    list_filter = ["action", ("occurred_at", admin.DateFieldListFilter)]
    search_fields = ["actor_username", "target_label"]
    search_help_text = "Search by username (as typed, for failed logins) or target."
    date_hierarchy = "occurred_at"
    fields = [
        "when",
        "who",
        "actor",
        "action",
        "target_label",
        "target_type",
        "target_id",
        "ip_address",
        "details_text",
    ]
    readonly_fields = fields
    list_select_related = ["actor"]

    # Only superusers see the log, even if someone was given its view permission; its
    # content (who logged in from where) is about the staff themselves.

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    @admin.display(description="when (UTC)", ordering="occurred_at")
    def when(self, event: AuditEvent) -> str:
        return event.occurred_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

    @admin.display(description="who", ordering="actor_username")
    def who(self, event: AuditEvent) -> str:
        if event.actor_username:
            return event.actor_username
        if command := event.details.get("command"):
            return f"command {command}"
        return "nobody"

    @admin.display(description="details")
    def details_text(self, event: AuditEvent) -> str:
        return json.dumps(event.details, indent=2, sort_keys=True, ensure_ascii=False)
