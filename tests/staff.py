"""Logging staff in for tests as a real login with its two-factor code would leave them."""

import django_otp
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_device(user) -> TOTPDevice:
    """The user's authenticator app, set up and confirmed (made if they have none)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the device's authenticator app shows now, from its key as the app has it."""
    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A 6-digit code the device accepts at no time step within its tolerance now."""
    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    accepted = set()
    for drift in range(-device.tolerance - 1, device.tolerance + 2):
        totp.drift = drift
        accepted.add(f"{totp.token():0{device.digits}d}")
    return next(code for n in range(10**6) if (code := f"{n:06d}") not in accepted)


def log_in_verified(client: Client, user) -> Client:
    """Log `user` in with a verified second factor, as the code page would leave the session.

    For tests about something else than signing in: the sign-in itself is tested through the
    real login and code pages in tests/accounts/.
    """
    client.force_login(user)
    session = client.session
    session[django_otp.DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
    session.save()
    return client
