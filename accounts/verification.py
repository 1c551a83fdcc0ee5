"""Checking a one-time code, with django-otp's throttling, and marking the session verified."""

from dataclasses import dataclass
from datetime import datetime

import django_otp
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice


@dataclass(frozen=True)
class CodeCheck:
    is_accepted: bool
    # Set when wrong codes came too fast: no code, right or wrong, is checked before then.
    retry_at: datetime | None = None


def code_check(*, device: TOTPDevice, code: str) -> CodeCheck:
    """Check `code` against `device`; each wrong code doubles the wait before the next try.

    The row is locked so that two requests cannot both spend the same code or both slip
    past the throttle.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        is_allowed, details = device.verify_is_allowed()
        if not is_allowed:
            return CodeCheck(is_accepted=False, retry_at=details.get("locked_until"))
        return CodeCheck(is_accepted=device.verify_token(code))


def device_confirm(*, device: TOTPDevice) -> None:
    """Make a newly set up device the one the user signs in with from now on."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])


def session_verify(*, request: HttpRequest, device: TOTPDevice) -> None:
    """Record in the session that this user has given a code from `device`.

    The session key changes too: a session that gained access to patients' data should not
    keep an identifier that existed before.
    """
    request.session.cycle_key()
    django_otp.login(request, device)
