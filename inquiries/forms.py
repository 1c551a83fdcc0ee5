import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from conditions.models import Condition
from inquiries.models import (
    EMAIL_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    Inquiry,
)
from inquiries.validators import (
    validate_multiline_text,
    validate_phone_number,
    validate_single_line_text,
)
from practitioners.models import Practitioner

SOMETHING_ELSE = "other"
# The hidden input carrying form_started_token(). Not a form field: a form shown again after
# an error must carry a fresh token, not the one it was sent with.
STARTED_FIELD = "started"
STARTED_SALT = "inquiries.form-started"
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,140}")


def form_started_token() -> str:
    """A signed record of when the form was shown, for the form to carry back."""
    return signing.dumps(time.time(), salt=STARTED_SALT)


def form_started_age(token: str) -> float | None:
    """Seconds since the form carrying `token` was shown; None if the token is not ours."""
    try:
        started = signing.loads(token, salt=STARTED_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(started, int | float):
        return None
    return time.time() - started


def bookable_practitioners():
    """The practitioners a visitor may ask for: on the site and taking new patients."""
    return Practitioner.objects.active().filter(is_accepting_new_patients=True)


class PlainTextMixin:
    """Refuse hidden control characters before any other check, with a message saying so."""

    is_multiline = False

    def to_python(self, value):
        value = super().to_python(value)
        if self.is_multiline:
            validate_multiline_text(value)
        else:
            validate_single_line_text(value)
        return value


class PlainCharField(PlainTextMixin, forms.CharField):
    pass


class PlainEmailField(PlainTextMixin, forms.EmailField):
    pass


class PlainTextareaField(PlainTextMixin, forms.CharField):
    is_multiline = True


class InquiryForm(forms.ModelForm):
    name = PlainCharField(
        label="Your name",
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": "Enter your name."},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = PlainEmailField(
        label="Email address",
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        help_text="We will send a short confirmation here, without any health details.",
        error_messages={"invalid": "Enter an email address like name@example.com."},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = PlainCharField(
        label="Phone number",
        required=False,
        max_length=PHONE_MAX_LENGTH,
        validators=[validate_phone_number],
        help_text="UK or international, e.g. 01422 555 0142 or +44 1422 555 0142.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    condition = forms.ChoiceField(
        label="What would you like help with?",
        help_text="Choose the nearest, or “Something else”.",
        error_messages={
            "required": "Choose what you would like help with, or “Something else”.",
            "invalid_choice": "Choose one of the options in the list.",
        },
    )
    practitioner = forms.ModelChoiceField(
        label="Practitioner you would like to see",
        queryset=Practitioner.objects.none(),
        required=False,
        empty_label="No preference",
        help_text="Only practitioners taking new patients are listed.",
        error_messages={"invalid_choice": "Choose one of the practitioners in the list."},
    )
    preferred_times = forms.MultipleChoiceField(
        label="When could you come?",
        choices=Inquiry.PreferredTime.choices,
        required=False,
        help_text="Tick all that suit you, or none if any time does.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the times listed."},
    )
    new_patient = forms.TypedChoiceField(
        label="Are you a new patient?",
        choices=[("yes", "Yes, this would be my first visit"), ("no", "No, I have been before")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Tell us whether you have been to the clinic before.",
            "invalid_choice": "Choose one of the two answers.",
        },
    )
    message = PlainTextareaField(
        label="Anything else we should know?",
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        help_text=(
            f"Up to {MESSAGE_MAX_LENGTH} characters. A few words are enough: please "
            "do not include detailed medical history. We will ask what we need when we talk."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent = forms.BooleanField(
        error_messages={
            "required": (
                "Tick the box to agree, so that we can answer your inquiry. If you would "
                "rather not, please call us instead."
            )
        },
    )
    # The honeypot: hidden from people and assistive technology, so only robots fill it in.
    # A plain Field, which never reports an error: a robot learns nothing from it.
    website = forms.Field(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Inquiry
        fields = [
            "name",
            "email",
            "phone",
            "condition",
            "practitioner",
            "preferred_times",
            "message",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_spam = False
        self.conditions = {str(condition.pk): condition for condition in Condition.objects.all()}
        self.fields["condition"].choices = [
            ("", "Choose one"),
            *((pk, condition.name) for pk, condition in self.conditions.items()),
            (SOMETHING_ELSE, "Something else"),
        ]
        self.fields["practitioner"].queryset = bookable_practitioners()
        clinic = settings.CLINIC["name"]
        self.fields["consent"].label = (
            f"I agree to {clinic} using the information in this form, including anything "
            "about my health, to answer my inquiry."
        )
        self.fields["consent"].help_text = format_html(
            'How we look after it and how long we keep it: <a href="{}">our privacy notice</a>.',
            reverse("inquiries:privacy"),
        )

    @classmethod
    def initial_from_query(cls, query) -> dict:
        """Pre-select the condition or practitioner named in the address (?condition=slug)."""
        initial = {}
        condition_slug = query.get("condition", "")
        if SLUG.fullmatch(condition_slug):
            condition = Condition.objects.filter(slug=condition_slug).first()
            if condition is not None:
                initial["condition"] = str(condition.pk)
        practitioner_slug = query.get("practitioner", "")
        if SLUG.fullmatch(practitioner_slug):
            practitioner = bookable_practitioners().filter(slug=practitioner_slug).first()
            if practitioner is not None:
                initial["practitioner"] = practitioner.pk
        return initial

    def clean_condition(self) -> Condition | None:
        # "Something else" is stored as no condition.
        return self.conditions.get(self.cleaned_data["condition"])

    def clean_website(self) -> str:
        value = self.cleaned_data.get("website")
        self.is_spam = isinstance(value, str) and bool(value.strip())
        return ""

    def clean(self):
        cleaned_data = super().clean()
        # Only when neither was typed: a mistyped one already has its own message.
        if not self.data.get("email", "").strip() and not self.data.get("phone", "").strip():
            self.add_error(
                "email", "Give an email address or a phone number (or both) so that we can reply."
            )
        if self.is_spam:
            # Accepted without a word, then stored as spam: a robot must not learn to adapt.
            return cleaned_data
        age = form_started_age(self.data.get(STARTED_FIELD, ""))
        # With other errors the form comes back anyway, with a fresh timestamp that will be
        # old enough by the time they are put right: say nothing more.
        if (age is None or age < settings.INQUIRY_MIN_SECONDS) and not self.errors:
            self.add_error(
                None,
                "Sorry, we could not send that yet: to keep out automated spam, we need a "
                "moment between showing the form and sending it. Please check your details and "
                "press “Send inquiry” again.",
            )
        return cleaned_data

    def save(self, commit: bool = True) -> Inquiry:
        inquiry = super().save(commit=False)
        inquiry.is_new_patient = self.cleaned_data["new_patient"]
        inquiry.consented_at = timezone.now()
        if self.is_spam:
            inquiry.status = Inquiry.Status.SPAM
        if commit:
            inquiry.save()
        return inquiry
