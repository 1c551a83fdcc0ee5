from http import HTTPStatus

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Prefetch, Q

from audit.log import record
from audit.models import AuditEvent
from inquiries.models import Inquiry, InquiryNotification

# What the visitor sent: a record, so the front desk reads it but does not rewrite it.
VISITOR_FIELDS = [
    "reference_code",
    "created_at",
    "name",
    "email",
    "phone",
    "condition_or_something_else",
    "practitioner",
    "preferred_times_display",
    "is_new_patient",
    "message",
    "consented_at",
]


class EmailStateFilter(admin.SimpleListFilter):
    title = "emails"
    parameter_name = "emails"

    def lookups(self, request, model_admin):
        return [
            ("not-sent", "Not sent yet (pending or being retried)"),
            ("given-up", "Failed every retry"),
        ]

    def queryset(self, request, queryset):
        notifications = InquiryNotification.objects.all()
        if self.value() == "not-sent":
            notifications = notifications.exclude(state=InquiryNotification.State.SENT)
        elif self.value() == "given-up":
            notifications = notifications.given_up()
        else:
            return queryset
        return queryset.filter(pk__in=notifications.values("inquiry_id"))


class InquiryNotificationInline(admin.TabularInline):
    model = InquiryNotification
    fields = ["kind", "state", "attempts", "last_error", "sent_at", "next_attempt_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = "email"
    verbose_name_plural = "emails (no health details: the reference code and a link only)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = [
        "reference_code",
        "name",
        "created_at",
        "status",
        "condition_or_something_else",
        "practitioner",
        "is_new_patient",
        "assigned_to",
        "email_state",
    ]
    list_display_links = ["reference_code", "name"]
    list_filter = [
        "status",
        "condition",
        "practitioner",
        ("created_at", admin.DateFieldListFilter),
        "is_new_patient",
        ("assigned_to", admin.RelatedOnlyFieldListFilter),
        EmailStateFilter,
    ]
    list_select_related = ["condition", "practitioner", "assigned_to"]
    search_fields = ["reference_code", "name", "email", "phone"]
    # The search hint is shown by the changelist template: as search_help_text it would
    # describe a field whose only label is an icon, which axe reports.
    date_hierarchy = "created_at"
    readonly_fields = [*VISITOR_FIELDS, "updated_at"]
    fieldsets = [
        ("Front desk", {"fields": ["status", "assigned_to", "internal_notes"]}),
        ("What the visitor sent", {"fields": VISITOR_FIELDS}),
        ("History", {"fields": ["updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [InquiryNotificationInline]

    class Media:
        css = {"all": ["clinic_admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("notifications", queryset=InquiryNotification.objects.order_by("kind"))
            )
        )

    def has_add_permission(self, request):
        # Inquiries come from the website's form, with the visitor's consent recorded.
        return False

    # The staff audit log keeps who opened an inquiry and who changed its status: the
    # inquiry by its reference code and the status names only, never what the visitor wrote.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == HTTPStatus.OK:
            inquiry = response.context_data["original"]
            record(
                AuditEvent.Action.INQUIRY_VIEWED,
                actor=request.user,
                target=inquiry,
                request=request,
            )
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data:
            record(
                AuditEvent.Action.INQUIRY_STATUS_CHANGED,
                actor=request.user,
                target=obj,
                request=request,
                old_status=form.initial["status"],
                new_status=obj.status,
            )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            # Only people who may answer inquiries, not every member of staff.
            may_answer = Permission.objects.filter(
                content_type__app_label="inquiries", codename="change_inquiry"
            )
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_active=True, is_staff=True)
                .filter(
                    Q(is_superuser=True)
                    | Q(groups__permissions__in=may_answer)
                    | Q(user_permissions__in=may_answer)
                )
                .distinct()
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="condition", ordering="condition__name")
    def condition_or_something_else(self, inquiry: Inquiry) -> str:
        return inquiry.condition.name if inquiry.condition else "Something else"

    @admin.display(description="preferred times")
    def preferred_times_display(self, inquiry: Inquiry) -> str:
        return ", ".join(inquiry.preferred_time_labels) or "Any time"

    @admin.display(description="emails")
    def email_state(self, inquiry: Inquiry) -> str:
        notifications = inquiry.notifications.all()
        if not notifications:
            return "None" if inquiry.status == Inquiry.Status.SPAM else "Not recorded"
        return ", ".join(
            f"{notification.kind}: {notification.get_state_display().lower()}"
            for notification in notifications
        )
