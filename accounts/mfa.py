"""Who must sign in to the admin with a one-time code as well as a password.

Staff who can read patients' booking inquiries or publish health information carry the
most risk if a password leaks, so they need a second factor; an editor who only drafts
articles does not.
"""

from django.conf import settings
from django_otp import user_has_device

# Either permission alone makes an account sensitive (superusers hold every permission).
SENSITIVE_PERMISSIONS = ("inquiries.view_inquiry", "articles.publish_article")


def two_factor_required(user) -> bool:
    """Whether this user must confirm a one-time code before using the admin."""
    if not settings.STAFF_TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or any(user.has_perm(perm) for perm in SENSITIVE_PERMISSIONS)


def has_authenticator(user) -> bool:
    """Whether the user has finished setting up an authenticator app (a confirmed device)."""
    return user_has_device(user, confirmed=True)
