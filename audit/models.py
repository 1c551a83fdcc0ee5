from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

USERNAME_MAX_LENGTH = 150
TARGET_LABEL_MAX_LENGTH = 200


class AuditEvent(models.Model):
    """One thing a member of staff (or a scheduled command) did: who, what, when, from where.

    Written once by `audit.log.record()` and never changed. Nothing here may hold health
    data: an inquiry is named by its reference code, never by what the visitor wrote.
    """

    class Action(models.TextChoices):
        LOGIN = "login", "Logged in"
        LOGIN_FAILED = "login_failed", "Login failed"
        LOGOUT = "logout", "Logged out"
        ARTICLE_PUBLISHED = "article_published", "Article published"
        ARTICLE_SCHEDULED = "article_scheduled", "Article scheduled"
        ARTICLE_UNPUBLISHED = "article_unpublished", "Article unpublished"
        INQUIRY_VIEWED = "inquiry_viewed", "Inquiry viewed"
        INQUIRY_STATUS_CHANGED = "inquiry_status_changed", "Inquiry status changed"
        INQUIRIES_PURGED = "inquiries_purged", "Inquiries purged"
        AUDIT_EVENTS_PURGED = "audit_events_purged", "Audit events purged"

    occurred_at = models.DateTimeField(
        "when", default=timezone.now, help_text="Stored and shown in UTC."
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="staff member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
        help_text="Empty for failed logins, commands, and staff accounts deleted since.",
    )
    actor_username = models.CharField(
        "username",
        max_length=USERNAME_MAX_LENGTH,
        blank=True,
        help_text=(
            "Kept when the account is deleted. For a failed login, the username as typed, "
            "which may not be anyone's."
        ),
    )
    action = models.CharField(max_length=40, choices=Action)
    target_label = models.CharField(
        "target",
        max_length=TARGET_LABEL_MAX_LENGTH,
        blank=True,
        help_text="What was acted on, e.g. “Inquiry K7QM3XRT” or an article's title.",
    )
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(
        max_length=64, blank=True, help_text="The target's id; it may have been deleted since."
    )
    ip_address = models.GenericIPAddressField(
        "IP address",
        null=True,
        blank=True,
        help_text="The client's address, read through the trusted proxies in front of the site.",
    )
    details = models.JSONField(
        default=dict,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text="E.g. the old and new status, or how many rows a purge deleted.",
    )

    target = GenericForeignKey("target_type", "target_id")

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        get_latest_by = "occurred_at"
        indexes = [
            models.Index(fields=["occurred_at"], name="audit_event_occurred_at"),
            models.Index(fields=["action", "occurred_at"], name="audit_event_action"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor_username or 'nobody'}"

    def save(self, *args, **kwargs):
        # The admin offers no way to change an event; this stops code doing it by accident.
        if not self._state.adding:
            raise ValueError("An audit event is never changed once recorded.")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are only deleted by `manage.py purge_audit_events`.")
