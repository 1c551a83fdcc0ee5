from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Staff audit log"

    def ready(self):
        # Django's own login signals are the one place every login passes, whichever form or
        # backend (django-axes included) handled it; dispatch_uid keeps each receiver single.
        from django.contrib.auth import signals as auth_signals

        from audit import signals

        auth_signals.user_logged_in.connect(signals.login_record, dispatch_uid="audit.login")
        auth_signals.user_login_failed.connect(
            signals.login_failure_record, dispatch_uid="audit.login_failed"
        )
        auth_signals.user_logged_out.connect(signals.logout_record, dispatch_uid="audit.logout")
