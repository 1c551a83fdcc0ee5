import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from inquiries.validators import (
    validate_multiline_text,
    validate_phone_number,
    validate_single_line_text,
)

# No 0/O, 1/I/L: easy to read aloud over the phone and to type back. 31**8 (about 8.5e11)
# codes, so guessing one is hopeless and a collision on insert is rare enough to retry.
REFERENCE_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_CODE_LENGTH = 8
REFERENCE_CODE_ATTEMPTS = 5

NAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254
PHONE_MAX_LENGTH = 40
MESSAGE_MAX_LENGTH = 2000


def reference_code_generate() -> str:
    """A new random reference code, e.g. "K7QM3XRT"."""
    return "".join(secrets.choice(REFERENCE_CODE_ALPHABET) for _ in range(REFERENCE_CODE_LENGTH))


class Inquiry(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        BOOKED = "booked", "Booked"
        CLOSED = "closed", "Closed"
        SPAM = "spam", "Spam"

    class PreferredTime(models.TextChoices):
        WEEKDAY_MORNINGS = "weekday_mornings", "Weekday mornings"
        WEEKDAY_AFTERNOONS = "weekday_afternoons", "Weekday afternoons"
        WEEKDAY_EVENINGS = "weekday_evenings", "Weekday evenings"
        SATURDAYS = "saturdays", "Saturdays"

    reference_code = models.CharField(
        max_length=REFERENCE_CODE_LENGTH,
        unique=True,
        default=reference_code_generate,
        editable=False,
        help_text="Shown to the visitor and in the emails; they may quote it when they call.",
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH, validators=[validate_single_line_text])
    email = models.EmailField(
        max_length=EMAIL_MAX_LENGTH, blank=True, validators=[validate_single_line_text]
    )
    phone = models.CharField(
        max_length=PHONE_MAX_LENGTH,
        blank=True,
        validators=[validate_single_line_text, validate_phone_number],
    )
    condition = models.ForeignKey(
        "conditions.Condition",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
        help_text="Empty when the visitor chose “Something else”.",
    )
    practitioner = models.ForeignKey(
        "practitioners.Practitioner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
        help_text="Empty when the visitor had no preference.",
    )
    preferred_times = models.JSONField(
        default=list,
        blank=True,
        help_text="The times the visitor ticked; empty when any time suits them.",
    )
    is_new_patient = models.BooleanField("new patient")
    message = models.TextField(
        max_length=MESSAGE_MAX_LENGTH, blank=True, validators=[validate_multiline_text]
    )
    consented_at = models.DateTimeField(
        "consent given at",
        help_text=(
            "When the visitor agreed to the clinic using this information, including health "
            "information, to answer the inquiry."
        ),
    )
    status = models.CharField(
        max_length=20,
        choices=Status,
        default=Status.NEW,
        help_text=(
            "Close an inquiry when it is done with: closed and spam inquiries are deleted by "
            "the regular clean-up once they are older than the retention period (a year)."
        ),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="assigned staff member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_inquiries",
        limit_choices_to={"is_staff": True, "is_active": True},
        help_text="Who at the front desk is answering this inquiry.",
    )
    internal_notes = models.TextField(
        blank=True,
        help_text=(
            "Seen only by staff, never by the visitor. Note what is needed to answer the "
            "inquiry; keep health details for the patient record."
        ),
    )
    created_at = models.DateTimeField("received", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "inquiries"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="", phone=""),
                name="inquiry_has_email_or_phone",
                violation_error_message="An inquiry needs an email address or a phone number.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["new", "contacted", "booked", "closed", "spam"]),
                name="inquiry_status_valid",
            ),
        ]

    def __str__(self) -> str:
        # Only the code: this text is kept in the admin's history, which must not hold names.
        return f"Inquiry {self.reference_code}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            return super().save(*args, **kwargs)
        for attempt in range(1, REFERENCE_CODE_ATTEMPTS + 1):
            try:
                with transaction.atomic(using=kwargs.get("using")):
                    return super().save(*args, **kwargs)
            except IntegrityError:
                # Draw another code rather than lose the visitor's inquiry.
                code_taken = Inquiry.objects.filter(reference_code=self.reference_code).exists()
                if not code_taken or attempt == REFERENCE_CODE_ATTEMPTS:
                    raise
                self.reference_code = reference_code_generate()

    def get_admin_url(self) -> str:
        return reverse("admin:inquiries_inquiry_change", args=[self.pk])

    def clean(self):
        # "An email address or a phone number" is the constraint above: model validation
        # reports it, and the booking form ties it to the email field itself, which it can do
        # without repeating it under an email address that is merely mistyped.
        times = self.preferred_times
        known = set(self.PreferredTime.values)
        if not isinstance(times, list) or not {str(time) for time in times} <= known:
            raise ValidationError({"preferred_times": "Choose from the times listed."})

    @property
    def preferred_time_labels(self) -> list[str]:
        labels = dict(self.PreferredTime.choices)
        return [labels[value] for value in self.preferred_times if value in labels]


class InquiryNotificationQuerySet(models.QuerySet):
    def due(self, *, now=None, retry_now: bool = False):
        """Notifications to (re)try now: not sent, not being sent, not given up on.

        With `retry_now`, failed ones are due before their back-off ends: for a person who
        knows the mail server is working again.
        """
        now = now or timezone.now()
        unsent = self.filter(
            state__in=[InquiryNotification.State.PENDING, InquiryNotification.State.FAILED],
            attempts__lt=settings.INQUIRY_NOTIFICATION_MAX_ATTEMPTS,
        )
        if retry_now:
            return unsent
        return unsent.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))

    def given_up(self):
        """Failed as many times as allowed: only a person can help now."""
        return self.filter(
            state=InquiryNotification.State.FAILED,
            attempts__gte=settings.INQUIRY_NOTIFICATION_MAX_ATTEMPTS,
        )


class InquiryNotification(models.Model):
    """One email about an inquiry, and whether it has gone out."""

    class Kind(models.TextChoices):
        STAFF = "staff", "Staff notification"
        VISITOR = "visitor", "Visitor confirmation"

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind)
    state = models.CharField(max_length=20, choices=State, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(
        max_length=200,
        blank=True,
        help_text="The kind of error the mail server gave last time (never personal details).",
    )
    claimed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the latest attempt to send began."
    )
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="After a failure: the earliest time of the next try."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InquiryNotificationQuerySet.as_manager()

    class Meta:
        ordering = ["inquiry", "kind"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "kind"], name="inquiry_notification_one_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sending", "sent", "failed"]),
                name="inquiry_notification_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display().lower()})"
