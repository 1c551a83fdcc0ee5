#!/usr/bin/env python3
"""
Send many booking inquiries at once to a real gunicorn server and check that none is lost.

Starts gunicorn (2 workers) on a free port on 127.0.0.1 against a database: by default a
fresh temporary SQLite file, migrated here; with --database-url, that database (migrated
too; the inquiries this run creates are deleted again afterwards unless --keep). Each
simulated visitor fetches the form (CSRF cookie and token, signed timestamp); then all of
them post at the same moment and open their thank-you page.

Exits 0 only if every visitor got the thank-you page with a reference code and there are
exactly COUNT new inquiries, each with its own reference code and its two emails recorded
as sent; otherwise prints what went wrong and exits 1. The rate limit and the minimum time
are turned off for the run, and emails go to Django's dummy mail backend.

Standard library only. Usage (from the project folder):

    .venv/bin/python scripts/concurrent_inquiries.py [--count 100]
    .venv/bin/python scripts/concurrent_inquiries.py --database-url postgres://postgres@127.0.0.1:5432/clinic_load
"""

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
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
# Production settings, except plain static files: no collectstatic needed for the run.
SETTINGS_MODULE = """\
from clinic_site.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""
COUNT_SCRIPT = """\
import json
from inquiries.models import Inquiry, InquiryNotification
codes = {codes!r}
found = Inquiry.objects.filter(reference_code__in=codes)
print(json.dumps({{
    "total": Inquiry.objects.count(),
    "found": found.count(),
    "distinct": found.values("reference_code").distinct().count(),
    "emails_sent": InquiryNotification.objects.filter(
        inquiry__in=found, state="sent"
    ).count(),
}}))
"""
DELETE_SCRIPT = """\
from inquiries.models import Inquiry
Inquiry.objects.filter(reference_code__in={codes!r}).delete()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {args[0]} failed:\n{result.stderr}")
    return result.stdout


def count_inquiries(env: dict, codes: list[str]) -> dict:
    output = manage(env, "shell", "-v", "0", "-c", COUNT_SCRIPT.format(codes=codes))
    return json.loads(output.strip().splitlines()[-1])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report redirects instead of following them: the POST must answer 302 itself."""

    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser: its own cookies, form tokens, and what happened to it."""

    def __init__(self, base_url: str, number: int):
        self.base_url = base_url
        self.number = number
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )
        self.form = {}
        self.reference_code = None
        self.error = None

    def get(self, path: str) -> str:
        with self.opener.open(self.base_url + path, timeout=60) as response:
            if response.status != 200:
                raise RuntimeError(f"GET {path} answered {response.status}")
            return response.read().decode()

    def open_form(self):
        page = self.get("/book/")
        self.form = {
            "csrfmiddlewaretoken": CSRF_TOKEN.search(page).group(1),
            "started": STARTED_TOKEN.search(page).group(1),
            "name": f"Load test visitor {self.number}",
            "email": f"visitor{self.number}@example.org",
            "phone": "01422 555 0142",
            "condition": "other",
            "practitioner": "",
            "preferred_times": "weekday_mornings",
            "new_patient": "yes",
            "message": f"Concurrent submission {self.number} ✓",
            "consent": "on",
            "website": "",
        }

    def send(self):
        body = urllib.parse.urlencode(self.form).encode()
        request = urllib.request.Request(self.base_url + "/book/", data=body, method="POST")
        try:
            with self.opener.open(request, timeout=60) as response:
                raise RuntimeError(f"POST /book/ answered {response.status}, not a redirect")
        except urllib.error.HTTPError as answer:
            if answer.code != 302 or answer.headers["Location"] != "/book/thanks/":
                raise RuntimeError(
                    f"POST /book/ answered {answer.code} {answer.headers.get('Location')}"
                ) from None
        match = REFERENCE_CODE.search(self.get("/book/thanks/"))
        if not match:
            raise RuntimeError("the thank-you page shows no reference code")
        self.reference_code = match.group(1)


def run_visitors(base_url: str, count: int) -> list[Visitor]:
    visitors = [Visitor(base_url, number) for number in range(count)]
    all_ready = threading.Barrier(count)

    def visit(visitor: Visitor):
        try:
            visitor.open_form()
        except Exception as error:
            visitor.error = f"opening the form: {error!r}"
        try:
            all_ready.wait(timeout=120)  # everyone posts at the same moment
        except threading.BrokenBarrierError:
            visitor.error = visitor.error or "never got to post: another visitor failed"
            return
        if visitor.error:
            return
        try:
            visitor.send()
        except Exception as error:
            visitor.error = f"sending: {error!r}"

    threads = [threading.Thread(target=visit, args=(visitor,)) for visitor in visitors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return visitors


def wait_until_serving(base_url: str, server: subprocess.Popen, seconds: float = 30):
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--count", type=int, default=100, help="submissions (default 100)")
    parser.add_argument(
        "--database-url",
        help="database to use (default: a fresh temporary SQLite file); it is migrated",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--keep", action="store_true", help="keep this run's inquiries in --database-url"
    )
    options = parser.parse_args()
    if options.count < 1:
        parser.error("--count must be at least 1")

    workdir = Path(tempfile.mkdtemp(prefix="concurrent-inquiries-"))
    (workdir / "load_test_settings.py").write_text(SETTINGS_MODULE)
    # SQLite has one writer at a time: wait for the lock instead of failing, and take it at
    # the start of each transaction so that no reader has to upgrade (which cannot wait).
    database_url = options.database_url or (
        f"sqlite:///{workdir / 'db.sqlite3'}?timeout=30&transaction_mode=IMMEDIATE"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(workdir), os.environ.get("PYTHONPATH")])),
        "DJANGO_SETTINGS_MODULE": "load_test_settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CACHE_URL": "locmemcache://",
        "EMAIL_URL": "dummymail://",
        "INQUIRY_RATE_LIMIT": "0",
        "INQUIRY_MIN_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        # Whitenoise warns that collectstatic never ran: this run serves no static files.
        "PYTHONWARNINGS": "ignore:No directory at",
    }
    server = None
    codes: list[str] = []
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        before = count_inquiries(env, [])["total"]

        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        gunicorn = shutil.which("gunicorn", path=str(BIN)) or "gunicorn"
        server = subprocess.Popen(
            [
                gunicorn,
                "clinic_site.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(options.workers),
                "--backlog",
                str(max(2048, options.count * 2)),
                "--timeout",
                "60",
                "--log-level",
                "warning",
                "--no-control-socket",  # its default path is shared with any other gunicorn
            ],
            cwd=PROJECT,
            env=env,
        )
        wait_until_serving(base_url, server)

        started = time.monotonic()
        visitors = run_visitors(base_url, options.count)
        elapsed = time.monotonic() - started

        errors = [f"visitor {v.number}: {v.error}" for v in visitors if v.error]
        codes = [v.reference_code for v in visitors if v.reference_code]
        counts = count_inquiries(env, codes)
        problems = list(errors)
        new_rows = counts["total"] - before
        if new_rows != options.count:
            problems.append(f"{new_rows} new inquiries in the database, not {options.count}")
        if len(set(codes)) != options.count or counts["distinct"] != options.count:
            problems.append(
                f"{len(set(codes))} reference codes on thank-you pages and "
                f"{counts['distinct']} in the database, not {options.count} distinct ones"
            )
        if counts["emails_sent"] != 2 * options.count:
            problems.append(f"{counts['emails_sent']} emails sent, not {2 * options.count}")

        print(
            f"{options.count} concurrent inquiries in {elapsed:.1f} s: {new_rows} new rows, "
            f"{counts['distinct']} distinct reference codes, {counts['emails_sent']} emails "
            f"sent, {len(errors)} errors ({database_url.split(':', 1)[0]}, "
            f"{options.workers} gunicorn workers)."
        )
        for problem in problems[:20]:
            print(f"PROBLEM: {problem}", file=sys.stderr)
        return 1 if problems else 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        if options.database_url and codes and not options.keep:
            manage(env, "shell", "-v", "0", "-c", DELETE_SCRIPT.format(codes=codes))
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
