"""
`manage.py check --deploy --fail-level WARNING` guards production: CI runs it, and it must fail
whenever one production variable is set unsafely. Also: no start without a real SECRET_KEY.

That the check passes with the documented production environment, and that the settings refuse
to load without SECRET_KEY, is tested in tests/clinic_site/test_settings.py; the helpers that
load the settings as production does live there too.
"""

import pytest

from tests.clinic_site.test_settings import (
    production_like_environment,
    random_secret_key,
    run_manage,
)

REAL_MAIL_SERVER = "smtp+tls://clinic:password@smtp.example.org:587"

# One unsafe production variable, and the deploy check that must catch it.
UNSAFE_VARIABLES = {
    "DEBUG on": ({"DEBUG": "true"}, "security.W018"),
    "short SECRET_KEY": ({"SECRET_KEY": "too-short-to-be-safe"}, "security.W009"),
    "no ALLOWED_HOSTS": ({"ALLOWED_HOSTS": ""}, "security.W020"),
    "no HTTPS redirect": ({"SECURE_SSL_REDIRECT": "false"}, "security.W008"),
    "no HSTS": ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
    "HSTS without subdomains": ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": "false"}, "security.W005"),
    "session cookie over HTTP": ({"SESSION_COOKIE_SECURE": "false"}, "security.W012"),
    "CSRF cookie over HTTP": ({"CSRF_COOKIE_SECURE": "false"}, "security.W016"),
}


def deploy_check(**variables):
    environment = production_like_environment(
        SECRET_KEY=random_secret_key(), EMAIL_URL=REAL_MAIL_SERVER
    )
    return run_manage("check", "--deploy", "--fail-level", "WARNING", env=environment | variables)


@pytest.mark.parametrize("case", UNSAFE_VARIABLES)
def test_deploy_check_fails_when_a_production_variable_is_unsafe(case):
    variables, check_id = UNSAFE_VARIABLES[case]

    result = deploy_check(**variables)

    assert result.returncode != 0
    assert check_id in result.stdout + result.stderr


@pytest.mark.parametrize("empty_value", ["", "   "])
def test_settings_refuse_to_load_with_an_empty_secret_key(empty_value):
    """SECRET_KEY= copied from .env.example must stop the server, not start it keyless."""
    result = run_manage("check", env=production_like_environment(SECRET_KEY=empty_value))

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "empty" in result.stderr
