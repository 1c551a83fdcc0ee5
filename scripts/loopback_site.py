"""
The real site on 127.0.0.1 for the load scripts: gunicorn with production settings, and
visitors who book the way a browser does.

Shared by scripts/concurrent_inquiries.py (many inquiries at the same moment) and
scripts/load_and_faults.py (readers and inquiries together, then a mail server outage).
Standard library only; both scripts import it from their own folder.
"""

import http.cookiejar
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED_TOKEN = re.compile(r'name="started" value="([^"]+)"')
REFERENCE_CODE = re.compile(r'id="reference-code">([A-Z0-9]+)<')
# Production settings, except plain static files: no collectstatic needed for a run.
SETTINGS_MODULE_NAME = "loopback_site_settings"
SETTINGS_MODULE = """\
from clinic_site.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(workdir: Path, *, database_url: str, email_url: str) -> dict:
    """Production settings for a plain-HTTP run on loopback, with what that run must relax.

    DEBUG off and a random SECRET_KEY as in production; HTTPS redirects, HSTS and secure
    cookies off because nothing here speaks TLS; the booking form's minimum time and the
    per-address rate limit off, because every simulated visitor posts at once from 127.0.0.1.
    """
    (workdir / f"{SETTINGS_MODULE_NAME}.py").write_text(SETTINGS_MODULE)
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(workdir), os.environ.get("PYTHONPATH")])),
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE_NAME,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CACHE_URL": "locmemcache://",
        "EMAIL_URL": email_url,
        "INQUIRY_RATE_LIMIT": "0",
        "INQUIRY_MIN_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        # Whitenoise warns that collectstatic never ran: these runs serve no static files.
        "PYTHONWARNINGS": "ignore:No directory at",
    }


def manage(env: dict, *args: str, timeout: float = 120, check: bool = True):
    """Run manage.py with `env`; stop the script with its error output if it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise SystemExit(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result


def gunicorn_start(
    env: dict,
    port: int,
    *,
    workers: int = 2,
    backlog: int = 2048,
    access_log: Path | None = None,
    output_log: Path | None = None,
) -> subprocess.Popen:
    """Start gunicorn on 127.0.0.1:`port`.

    With `access_log`, it logs one "STATUS METHOD PATH" line per request there; with
    `output_log`, its own and the site's log messages go there instead of this terminal.
    """
    gunicorn = shutil.which("gunicorn", path=str(BIN)) or "gunicorn"
    command = [
        gunicorn,
        "clinic_site.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--backlog",
        str(backlog),
        "--timeout",
        "60",
        "--log-level",
        "warning",
        "--no-control-socket",  # its default path is shared with any other gunicorn
    ]
    if access_log:
        command += ["--access-logfile", str(access_log), "--access-logformat", "%(s)s %(m)s %(U)s"]
    if output_log is None:
        return subprocess.Popen(command, cwd=PROJECT, env=env)
    with output_log.open("ab") as output:
        return subprocess.Popen(
            command, cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT
        )


def wait_until_serving(base_url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped with exit code {server.returncode}")
        try:
            with urllib.request.urlopen(base_url + "/book/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within {seconds} seconds")


def gunicorn_stop(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=5)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report redirects instead of following them: the POST must answer 302 itself."""

    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser: its own cookies, form tokens, and what happened to it."""

    def __init__(self, base_url: str, number: int, *, label: str = "Load test visitor"):
        self.base_url = base_url
        self.number = number
        self.label = label
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )
        self.form = {}
        self.reference_code = None
        self.error = None
        # Every answer this visitor had, by status code (a 5xx is an HTTPError here).
        self.statuses: list[int] = []

    def get(self, path: str) -> str:
        try:
            with self.opener.open(self.base_url + path, timeout=60) as response:
                self.statuses.append(response.status)
                if response.status != 200:
                    raise RuntimeError(f"GET {path} answered {response.status}")
                return response.read().decode()
        except urllib.error.HTTPError as answer:
            self.statuses.append(answer.code)
            raise RuntimeError(f"GET {path} answered {answer.code}") from None

    def open_form(self) -> None:
        """GET the form, keeping the CSRF cookie, its token and the signed timestamp."""
        page = self.get("/book/")
        self.form = {
            "csrfmiddlewaretoken": CSRF_TOKEN.search(page).group(1),
            "started": STARTED_TOKEN.search(page).group(1),
            "name": f"{self.label} {self.number}",
            "email": f"visitor{self.number}@example.org",
            "phone": "01422 555 0142",
            "condition": "other",
            "practitioner": "",
            "preferred_times": "weekday_mornings",
            "new_patient": "yes",
            "message": f"Submission {self.number} ✓",
            "consent": "on",
            "website": "",
        }

    def send(self) -> None:
        """POST the form, expect the redirect, and read the reference on the thank-you page."""
        body = urllib.parse.urlencode(self.form).encode()
        request = urllib.request.Request(self.base_url + "/book/", data=body, method="POST")
        try:
            with self.opener.open(request, timeout=60) as response:
                self.statuses.append(response.status)
                raise RuntimeError(f"POST /book/ answered {response.status}, not a redirect")
        except urllib.error.HTTPError as answer:
            self.statuses.append(answer.code)
            if answer.code != 302 or answer.headers["Location"] != "/book/thanks/":
                raise RuntimeError(
                    f"POST /book/ answered {answer.code} {answer.headers.get('Location')}"
                ) from None
        match = REFERENCE_CODE.search(self.get("/book/thanks/"))
        if not match:
            raise RuntimeError("the thank-you page shows no reference code")
        self.reference_code = match.group(1)

    def book(self) -> None:
        """The whole visit, recording rather than raising what went wrong."""
        try:
            self.open_form()
            self.send()
        except Exception as error:
            self.error = repr(error)
