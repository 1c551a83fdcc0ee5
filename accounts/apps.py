from django.apps import AppConfig
from django_otp.plugins.otp_totp import apps as otp_totp_apps


class AccountsConfig(AppConfig):
    """Staff sign-in: the login lockout's page, two-factor codes and who must give one."""

    name = "accounts"
    verbose_name = "Staff accounts"


class AuthenticatorAppsConfig(otp_totp_apps.DefaultConfig):
    """django-otp's TOTP devices, under a name staff recognise in the admin's menu."""

    # Named in INSTALLED_APPS in place of django-otp's own; not this app's configuration.
    default = False
    verbose_name = "Two-factor sign-in"
