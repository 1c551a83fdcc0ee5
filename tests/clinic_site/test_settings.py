import json
import os
import re
import secrets
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROJECT_ROOT = Path(django_settings.BASE_DIR)
TEMPLATES_DIR = PROJECT_ROOT / "templates"
TEMPLATE_FILES = sorted(path for path in TEMPLATES_DIR.rglob("*") if path.is_file())

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)

# What the README and .env.example say a production server must set.
PRODUCTION_ENVIRONMENT = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "clinic.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://clinic.example.org",
}
# Settings a developer's shell may carry that would change what production looks like.
LOCAL_OVERRIDES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "EMAIL_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    # The browser tests set it for themselves; production never has it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_like_environment(**variables) -> dict[str, str]:
    environment = {
        name: value for name, value in os.environ.items() if name not in LOCAL_OVERRIDES
    }
    return environment | PRODUCTION_ENVIRONMENT | variables


def random_secret_key() -> str:
    return secrets.token_urlsafe(50)


def run_manage(*arguments, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_in_subprocess(env, *names) -> dict:
    """Load the settings module in a fresh process and report the named settings."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env | {"DJANGO_SETTINGS_MODULE": "clinic_site.settings"},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# Response headers with DEBUG off.


@pytest.mark.parametrize("url_name", ["home", "about", "articles:list", "conditions:list"])
def test_pages_carry_a_strict_content_security_policy(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == HTTPStatus.OK
    policy = response["Content-Security-Policy"]
    directives = {
        name: sources
        for name, *sources in (part.split() for part in policy.split(";") if part.strip())
    }
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_article_page_carries_the_content_security_policy(client, published_article):
    response = client.get(published_article.get_absolute_url())

    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_pages_cannot_be_framed_or_sniffed(client):
    response = client.get(reverse("home"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_https_responses_ask_browsers_to_use_https_for_a_year(client):
    response = client.get(reverse("home"), secure=True)

    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_plain_http_is_redirected_to_https_when_debug_is_off(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(reverse("home"))

    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"].startswith("https://")


# Templates the strict policy can serve.


def test_templates_are_found():
    assert len(TEMPLATE_FILES) > 10
    assert TEMPLATES_DIR / "base.html" in TEMPLATE_FILES


@pytest.mark.parametrize(
    "template", TEMPLATE_FILES, ids=[str(p.relative_to(TEMPLATES_DIR)) for p in TEMPLATE_FILES]
)
def test_template_has_no_inline_script_or_style(template):
    text = template.read_text()

    assert not INLINE_SCRIPT.search(text), "inline <script> is blocked by the CSP"
    assert not STYLE_ELEMENT.search(text), "<style> is blocked by the CSP"
    assert not STYLE_ATTRIBUTE.search(text), "style= attributes are blocked by the CSP"


@pytest.mark.parametrize(
    ("markup", "is_inline"),
    [
        ("<script>alert(1)</script>", True),
        ('<script type="module">x()</script>', True),
        ('<script src="/static/site.js"></script>', False),
        ('<script defer src="/static/site.js"></script>', False),
    ],
)
def test_inline_script_pattern_tells_inline_from_external_scripts(markup, is_inline):
    assert bool(INLINE_SCRIPT.search(markup)) is is_inline


# The settings module, loaded as production loads it.


def test_deploy_checks_pass_with_the_documented_production_environment():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_like_environment(
            SECRET_KEY=random_secret_key(),
            EMAIL_URL="smtp+tls://clinic:password@smtp.example.org:587",
        ),
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "ERROR" not in output


def test_deploy_checks_refuse_the_console_mailer_left_as_the_default():
    """The console default is for development; production must name a real mail server."""
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_like_environment(SECRET_KEY=random_secret_key()),
    )

    assert result.returncode != 0
    assert "mail.E001" in result.stdout + result.stderr


def test_settings_refuse_to_load_without_secret_key_when_debug_is_off():
    if (PROJECT_ROOT / ".env").exists() and "SECRET_KEY=" in (PROJECT_ROOT / ".env").read_text():
        pytest.skip("this machine's .env sets SECRET_KEY")

    result = run_manage("check", env=production_like_environment())

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_settings_load_without_secret_key_when_debug_is_on():
    loaded = settings_in_subprocess(production_like_environment(DEBUG="true"), "DEBUG")

    assert loaded == {"DEBUG": True}


def test_debug_is_off_unless_asked_for():
    environment = production_like_environment(SECRET_KEY=random_secret_key())
    del environment["DEBUG"]

    assert settings_in_subprocess(environment, "DEBUG") == {"DEBUG": False}


def test_production_serves_compressed_hashed_static_files_over_https_only():
    loaded = settings_in_subprocess(
        production_like_environment(SECRET_KEY=random_secret_key()),
        "STORAGES",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "MIDDLEWARE",
    )

    assert loaded["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["CSRF_COOKIE_SECURE"] is True
    middleware = loaded["MIDDLEWARE"]
    assert middleware[0] == "django.middleware.security.SecurityMiddleware"
    # Whitenoise answers static files before anything reads the session or the user; only
    # header-setting middleware and the Host check come before it (tests/security/).
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
