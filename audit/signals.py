"""
Receivers for Django's login signals, connected in `AuditConfig.ready()`.

Every login, logout and failed login sends one of these, whatever handled it: the admin's
login form, django-axes (whose refusals also arrive as `user_login_failed`), a test client.
"""

from django.contrib.auth import get_user_model

from audit.log import record
from audit.models import AuditEvent


def login_record(sender, request, user, **kwargs) -> None:
    record(AuditEvent.Action.LOGIN, actor=user, request=request)


def login_failure_record(sender, credentials, request=None, **kwargs) -> None:
    # Only the username: Django masks the password in `credentials`, but the other keys are
    # whatever the caller passed, so none of them is kept.
    typed = credentials.get(get_user_model().USERNAME_FIELD, "")
    record(
        AuditEvent.Action.LOGIN_FAILED,
        actor=None,
        request=request,
        actor_username=str(typed or ""),
    )


def logout_record(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(AuditEvent.Action.LOGOUT, actor=user, request=request)
