"""Checks on what visitors type into the booking form: plain text only, and phone numbers."""

import re
import unicodedata

from django.core.exceptions import ValidationError

# Line breaks a mail header or a one-line field must never carry (header injection).
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# Explicit text-direction controls (U+202A-U+202E, U+2066-U+2069) can make a name read
# differently in the admin than it was typed ("Trojan Source"). Right-to-left writing needs
# none of them; the invisible marks U+200E and U+200F stay allowed.
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
MULTILINE_ALLOWED_CONTROLS = frozenset("\n\r\t")

PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()./-]+")
PHONE_MIN_DIGITS = 7
# E.164: at most 15 digits, plus one for a national trunk prefix written as "(0)".
PHONE_MAX_DIGITS = 16


def _check_text(value: str, *, is_multiline: bool) -> None:
    if not is_multiline and any(character in LINE_BREAKS for character in value):
        raise ValidationError("Enter this on one line.", code="line_break")
    if any(character in DIRECTION_CONTROLS for character in value):
        raise ValidationError(
            "Remove the hidden text-direction characters (such as U+202E). Writing from right "
            "to left is fine.",
            code="direction_control",
        )
    allowed = MULTILINE_ALLOWED_CONTROLS if is_multiline else frozenset()
    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in value):
        raise ValidationError(
            "Remove the hidden control characters (they can come from copying and pasting).",
            code="control_character",
        )


def validate_single_line_text(value: str) -> None:
    """Refuse line breaks, control characters and text-direction overrides."""
    _check_text(value, is_multiline=False)


def validate_multiline_text(value: str) -> None:
    """Refuse control characters (other than line breaks and tabs) and direction overrides."""
    _check_text(value, is_multiline=True)


def validate_phone_number(value: str) -> None:
    """Accept the usual ways of writing national and international numbers."""
    digits = sum(character.isascii() and character.isdigit() for character in value)
    if not PHONE_CHARACTERS.fullmatch(value) or not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
        raise ValidationError(
            "Enter a phone number using digits, spaces and + ( ) - only, such as "
            "01422 555 0142 or +44 1422 555 0142.",
            code="invalid_phone",
        )
