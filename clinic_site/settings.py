"""
Settings for the clinic site, read from the environment (and an optional .env file).

Production differs from a developer's machine only by environment variables: see
.env.example and the README for each one.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-local-development-key-only-for-debug")
else:
    # No default: a production server must never start with a guessable key. An empty
    # value (SECRET_KEY= left as .env.example has it) is as missing as no value at all.
    SECRET_KEY = env.str("SECRET_KEY")
    if not SECRET_KEY.strip():
        raise ImproperlyConfigured("Set the SECRET_KEY environment variable: it is empty.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Full-text search on PostgreSQL (clinic_site/search.py); harmless on SQLite.
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    # Third party
    "reversion",
    "axes",
    "django_otp",
    # django-otp's TOTP devices, named "Two-factor sign-in" in the admin.
    "accounts.apps.AuthenticatorAppsConfig",
    # Ours
    "clinic_site",
    "conditions",
    "practitioners",
    "articles",
    "inquiries",
    "accounts",
    "audit",
]

MIDDLEWARE = [
    # The response headers come first: whitenoise answers static files itself, so only the
    # middleware above it add their headers to those responses.
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A forged Host header is refused here, before whitenoise serves anything.
    "clinic_site.middleware.AllowedHostMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stored public pages for anonymous readers (clinic_site/page_cache.py): after the headers
    # above, so a cached page gets them as a fresh one does; before sessions and users.
    "clinic_site.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks the user verified when the session holds a confirmed two-factor device; then
    # staff who need a code are kept out of the admin until they give one.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last: swaps the login page's response for the lockout page once a login is locked.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic_site.urls"
WSGI_APPLICATION = "clinic_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic_site.context_processors.clinic",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL names another (PostgreSQL in
# production and CI).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each connection keeps up to 32 MB of the database's pages (SQLite's default is 2 MB): a
    # search on a grown site touches more than 2 MB, and re-reading pages from the file on
    # every request made it grow with the site rather than with its matches.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "init_command", "PRAGMA cache_size = -32768"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Prepare a statement at its first run. Only the article page's compiled queries bind
    # their values on the server and so can be prepared (clinic_site/compiled_queries.py);
    # Django's own queries bind on the client and are never prepared. A connection pooler
    # between Django and PostgreSQL must support prepared statements (PgBouncer 1.21+ does).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the stored pages (PAGE_CACHE) and the booking form's rate-limit counts, so
# every gunicorn worker must see the same one: files in var/cache on one machine by default,
# Redis (CACHE_URL=redis://host:6379/1) with several machines. Not a per-process memory cache:
# one worker could not tell the others that a page changed.
CACHES = {
    "default": env.cache_url(
        "CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache'}?max_entries=10000"
    )
}
# Whole public pages for anonymous readers, invalidated by every change to what they show
# (clinic_site/page_cache.py). Off for the uncached benchmark and in tests but the cache's own;
# off by default with DEBUG, where templates change under a running server.
PAGE_CACHE = env.bool("PAGE_CACHE", default=not DEBUG)
# The longest a stored page is kept; changes and scheduled articles end it sooner.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600)

# EMAIL_URL (e.g. smtp+tls://user:password@mail.example.org:587) becomes Django 6.1's
# MAILERS setting; the older EMAIL_* settings that django-environ produces are deprecated.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
    "timeout": env.int("EMAIL_TIMEOUT", default=10),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (
            {name: value for name, value in _smtp_options.items() if value not in (None, "")}
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="clinic@localhost")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff accounts (accounts/, README "Staff accounts"). Failed logins: django-axes locks one
# username at one client address after 5 wrong passwords in a row, for 30 minutes. The
# address is read through the trusted proxies (INQUIRY_TRUSTED_PROXY_COUNT) by the same
# function as the inquiry limit.
AUTHENTICATION_BACKENDS = [
    # First, so that a locked login is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "clinic_site.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# The typed username cut to fit axes' column (an over-long one was a 500 on PostgreSQL).
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
# Thirty minutes from the fifth failure, not from the latest try: the lockout page can say
# exactly when to try again, and a user who keeps trying does not keep themselves out.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful login clears that username and address's failures.
AXES_RESET_ON_SUCCESS = True
# Axes keeps only the failures it counts; the audit app records who logged in.
AXES_DISABLE_ACCESS_LOG = True
# No start-up banner in every command's output.
AXES_VERBOSE = False

# Two-factor sign-in (TOTP, django-otp) for staff who see inquiries or publish
# (accounts/mfa.py). Only a local demo (DEBUG on) may turn it off.
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=True)
if not STAFF_TWO_FACTOR_REQUIRED and not DEBUG:
    raise ImproperlyConfigured(
        "STAFF_TWO_FACTOR_REQUIRED=false is for a local demo only and needs DEBUG=true: "
        "staff who see inquiries or publish must give a two-factor code in production."
    )
# The TOTP device admin never shows a key or its QR code again once the device exists.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Staff sessions (the site's only sessions) last a working day and end with the browser.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names served by whitenoise with far-future cache headers.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security. Every default is the safe one; DEBUG (local only) relaxes what needs HTTPS.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Where plain HTTP is sent (host[:port]); unset, the same host. Only needed when HTTPS is
# served on another port, as in `make observatory`.
SECURE_SSL_HOST = env.str("SECURE_SSL_HOST", default=None)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Lax, not Strict: a link to the admin in a staff email must still arrive signed in.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "clinic_site.views.csrf_failure"

# A strict policy: no inline script or style anywhere, so templates never use them.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Articles: how long a medical review holds before the article must be checked again.
ARTICLE_REVIEW_INTERVAL_MONTHS = env.int("ARTICLE_REVIEW_INTERVAL_MONTHS", default=12)

# The clinic's own details, shown on the contact page, in the footer and in the call to book.
CLINIC = {
    "name": env.str("CLINIC_NAME", default="Riverside Acupuncture Clinic"),
    "street_address": env.str("CLINIC_STREET_ADDRESS", default="14 Mill Lane"),
    "locality": env.str("CLINIC_LOCALITY", default="Hebden Bridge"),
    "postal_code": env.str("CLINIC_POSTAL_CODE", default="HX7 8AB"),
    "country": env.str("CLINIC_COUNTRY", default="United Kingdom"),
    "phone": env.str("CLINIC_PHONE", default="01422 555 0142"),
    "email": env.str("CLINIC_EMAIL", default="hello@riverside-acupuncture.example"),
    "opening_hours": env.list(
        "CLINIC_OPENING_HOURS",
        default=[
            "Monday to Friday: 9am to 7pm",
            "Saturday: 9am to 1pm",
            "Sunday and bank holidays: closed",
        ],
    ),
}
# The name authenticator apps show beside a staff member's codes.
OTP_TOTP_ISSUER = CLINIC["name"]

# Booking inquiries: the form at /book/, its emails and how long inquiries are kept.
# The site's public origin (scheme and host, no trailing slash): the one source of every
# absolute address the site gives out: links in emails, feeds, the sitemap, robots.txt,
# canonical and Open Graph links, structured data.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Where the "new inquiry" email goes; it holds no health details, only a link to the admin.
CLINIC_INBOX = env.str("CLINIC_INBOX", default=CLINIC["email"])
# Seconds between showing the form and sending it, below which it is taken for a robot.
INQUIRY_MIN_SECONDS = env.int("INQUIRY_MIN_SECONDS", default=3)
# Inquiries one client (IP address) may send per hour; 0 turns the limit off. Counted in
# CACHES["default"]: with several gunicorn workers use a shared cache (CACHE_URL=redis://...).
INQUIRY_RATE_LIMIT = env.int("INQUIRY_RATE_LIMIT", default=5)
# Proxies in front of gunicorn that append to X-Forwarded-For; the client's address is read
# from that header at this depth. 0: use the connection's address (no proxy).
INQUIRY_TRUSTED_PROXY_COUNT = env.int(
    "INQUIRY_TRUSTED_PROXY_COUNT",
    default=1 if env.bool("BEHIND_TLS_PROXY", default=False) else 0,
)
# Closed and spam inquiries older than this are deleted by `manage.py purge_inquiries`.
INQUIRY_RETENTION_DAYS = env.int("INQUIRY_RETENTION_DAYS", default=365)
# Audit events (staff logins, publishing, inquiry views) older than this are deleted by
# `manage.py purge_audit_events`: two years, long enough to look into a late-reported incident.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=730)
# Attempts per email before `send_inquiry_notifications` gives up (backing off 5 minutes,
# then 10, 20 ... up to 6 hours between attempts: about 10 hours for 8 attempts).
INQUIRY_NOTIFICATION_MAX_ATTEMPTS = env.int("INQUIRY_NOTIFICATION_MAX_ATTEMPTS", default=8)
# The "not for emergencies" note on the form and the About page, followed by "In an
# emergency, call <INQUIRY_EMERGENCY_PHONE>."
INQUIRY_EMERGENCY_NOTE = env.str(
    "INQUIRY_EMERGENCY_NOTE",
    default=(
        "We read booking inquiries during opening hours, so they are not for emergencies. If "
        "you are in severe pain, have new numbness or weakness, or think you need urgent help, "
        "do not wait for our reply: for urgent advice, call NHS 111."
    ),
)
INQUIRY_EMERGENCY_PHONE = env.str("INQUIRY_EMERGENCY_PHONE", default="999")
# Largest request body (form fields, not uploaded files) Django reads; bigger ones get a 400.
# The booking form needs a few kilobytes; a long article in the admin, well under this.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)
