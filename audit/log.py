"""
Record an audit event: the one function every audited path calls.

Callers pass only what the log may keep. For an inquiry that is the inquiry itself as the
target (its label is the reference code) and status names; never its message, name, email
or phone. For a failed login, the username as typed; never the password.
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from audit.models import TARGET_LABEL_MAX_LENGTH, USERNAME_MAX_LENGTH, AuditEvent
from clinic_site.client_address import client_address


def record(
    action: str,
    *,
    actor: AbstractBaseUser | None = None,
    target: models.Model | str | None = None,
    request: HttpRequest | None = None,
    actor_username: str = "",
    **details: Any,
) -> AuditEvent:
    """Store one audit event now, in the caller's transaction.

    `actor` is who acted (an anonymous user counts as nobody); `actor_username` names them
    when there is no account (a failed login). `target` is a model instance or a short text.
    `request`, when there is one, gives the client's IP address.
    """
    action = AuditEvent.Action(action)  # an unknown action is a programming error
    if actor is not None and not actor.is_authenticated:
        actor = None
    event = AuditEvent(
        action=action,
        actor=actor,
        actor_username=(actor.get_username() if actor else str(actor_username))[
            :USERNAME_MAX_LENGTH
        ],
        ip_address=client_address(request) if request is not None else None,
        details=details,
    )
    if isinstance(target, models.Model):
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
        event.target_label = str(target)[:TARGET_LABEL_MAX_LENGTH]
    elif target is not None:
        event.target_label = str(target)[:TARGET_LABEL_MAX_LENGTH]
    event.save()
    return event
