#!/usr/bin/env python3
"""
Grade the site with Mozilla's HTTP Observatory scanner, run here against a real gunicorn.

    .venv/bin/python scripts/observatory.py [--path /book/ ...] [--database-url URL]

1. Installs the scanner (PyPI `httpobs`, pinned) into its own venv, .venv/observatory: with
   --no-deps, because httpobs pins 2018 releases of a dozen packages (Flask, nose, flake8...)
   that its scanner does not use, plus the four it imports (requests, beautifulsoup4,
   publicsuffixlist, celery for two exception classes).
2. Makes a self-signed certificate for 127.0.0.1 (SAN IP:127.0.0.1) with openssl, in a
   temporary folder deleted afterwards; the scanner trusts it through REQUESTS_CA_BUNDLE, so
   certificate checks are real, not switched off.
3. Migrates a temporary SQLite database (or --database-url) and collects the static files into
   a temporary STATIC_ROOT, with the production settings and a production-like environment.
4. Starts gunicorn serving HTTPS with the certificate, and a second gunicorn serving plain HTTP
   whose only job is the site's own redirect to HTTPS (SECURE_SSL_HOST names the HTTPS port).
5. Scans each path (a page, the booking form with its CSRF cookie, the admin login, /healthz, a
   static file, a 404), prints grade, score and every test's result, and writes
   reports/observatory.json.

Exits 0 only if every path is graded A+ and no test has a negative score modifier.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SCANNER_VENV = PROJECT / ".venv" / "observatory"
SCANNER_PACKAGE = "httpobs==0.9.3"
# What httpobs's scanner imports, at releases that run on Python 3.12+.
SCANNER_DEPENDENCIES = [
    "requests>=2.31,<3",
    "beautifulsoup4>=4.12,<5",
    "publicsuffixlist>=1.0,<2",
    "celery>=5.3,<6",
]
DEFAULT_PATHS = [
    "/",
    "/book/",
    "/admin/login/",
    "/healthz",
    "/static/css/site.css",
    "/no-such-page/",
]
REPORT = PROJECT / "reports" / "observatory.json"
# Production settings; only STATIC_ROOT moves, so the run leaves the project folder alone.
SETTINGS_MODULE = """\
from clinic_site.settings import *  # noqa: F403

STATIC_ROOT = {static_root!r}
"""
# Variables a developer's shell may carry that would make the run less than production.
LOCAL_OVERRIDES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "BEHIND_TLS_PROXY",
    "SECURE_SSL_REDIRECT",
    "SECURE_SSL_HOST",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "DJANGO_SETTINGS_MODULE",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command[:3]))} failed:\n{result.stderr}")
    return result


def install_scanner() -> Path:
    """The scanner's Python, installing it first when the pinned packages changed."""
    python = SCANNER_VENV / "bin" / "python"
    stamp = SCANNER_VENV / ".installed"
    wanted = "\n".join([SCANNER_PACKAGE, *SCANNER_DEPENDENCIES])
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    print(f"Installing {SCANNER_PACKAGE} into {SCANNER_VENV.relative_to(PROJECT)}")
    run([sys.executable, "-m", "venv", "--clear", SCANNER_VENV])
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run([*pip, *SCANNER_DEPENDENCIES])
    run([*pip, "--no-deps", SCANNER_PACKAGE])
    stamp.write_text(wanted)
    return python


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A one-day self-signed certificate for 127.0.0.1; never kept, never committed."""
    certificate, key = folder / "certificate.pem", folder / "key.pem"
    run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", key, "-out", certificate,
        ]
    )  # fmt: skip
    key.chmod(0o600)
    return certificate, key


def start_gunicorn(port: int, env: dict, log: Path, *tls: str) -> subprocess.Popen:
    """gunicorn with its output in `log`: the scanner's 404s (contribute.json...) are noise."""
    gunicorn = shutil.which("gunicorn", path=str(BIN)) or "gunicorn"
    command = [
        gunicorn, "clinic_site.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
        "--log-level", "warning",
        "--no-control-socket",  # its default path is shared with any other gunicorn
        *tls,
    ]  # fmt: skip
    with log.open("w") as output:
        return subprocess.Popen(
            command, cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT
        )


def wait_until_serving(url: str, certificate: Path, servers: list, seconds: float = 60):
    context = ssl.create_default_context(cafile=str(certificate))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for server in servers:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped with exit code {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} seconds")


def scan(python: Path, path: str, http_port: int, https_port: int, certificate: Path) -> dict:
    """httpobs's own local-scan command, trusting our certificate and nothing less."""
    command = [
        python, SCANNER_VENV / "bin" / "httpobs-local-scan",
        "--http-port", str(http_port), "--https-port", str(https_port),
        "--path", path, "--format", "json", "127.0.0.1",
    ]  # fmt: skip
    env = {**os.environ, "REQUESTS_CA_BUNDLE": str(certificate)}
    return json.loads(run(command, env=env).stdout)


def problems_of(result: dict) -> list[str]:
    if "error" in result:
        return [f"scan failed: {result['error']}"]
    problems = []
    if result["scan"]["grade"] != "A+":
        problems.append(f"grade {result['scan']['grade']}, not A+")
    for name, test in result["tests"].items():
        if test["score_modifier"] < 0:
            problems.append(f"{name}: {test['result']} ({test['score_modifier']})")
    # Not graded by the Observatory, but promised: no response names a software version.
    headers = result["scan"]["response_headers"]
    revealing = {name: headers[name] for name in ("Server", "X-Powered-By") if name in headers}
    if "X-Powered-By" in revealing or any(char.isdigit() for char in revealing.get("Server", "")):
        problems.append(f"a header names the software's version: {revealing}")
    return problems


def print_result(url: str, result: dict) -> None:
    if "error" in result:
        print(f"\n{url}: scan failed ({result['error']})")
        return
    summary = result["scan"]
    print(
        f"\n{url}: grade {summary['grade']}, score {summary['score']} "
        f"({summary['tests_passed']} of {summary['tests_quantity']} tests passed)"
    )
    for name, test in sorted(result["tests"].items()):
        modifier = test["score_modifier"]
        print(
            f"  {name:<32} {modifier:>+4}  {'pass' if test['pass'] else 'FAIL'}  {test['result']}"
        )


def production_environment(workdir: Path, database_url: str, https_port: int) -> dict:
    origin = f"https://127.0.0.1:{https_port}"
    inherited = {name: value for name, value in os.environ.items() if name not in LOCAL_OVERRIDES}
    return inherited | {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(workdir), os.environ.get("PYTHONPATH")])),
        "DJANGO_SETTINGS_MODULE": "observatory_settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": origin,
        "SITE_URL": origin,
        "SECURE_SSL_HOST": f"127.0.0.1:{https_port}",
        "DATABASE_URL": database_url,
        "CACHE_URL": "locmemcache://",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument(
        "--path", action="append", dest="paths", help=f"path to scan (default: {DEFAULT_PATHS})"
    )
    parser.add_argument("--https-port", type=int, help="default: a free port")
    parser.add_argument("--http-port", type=int, help="default: a free port")
    parser.add_argument("--database-url", help="default: a fresh temporary SQLite file")
    parser.add_argument("--report", type=Path, default=REPORT, help=f"default: {REPORT}")
    options = parser.parse_args()
    paths = options.paths or DEFAULT_PATHS
    if shutil.which("openssl") is None:
        raise SystemExit("openssl not found: install it (Debian: apt-get install openssl).")

    scanner = install_scanner()
    https_port = options.https_port or free_port()
    http_port = options.http_port or free_port()
    workdir = Path(tempfile.mkdtemp(prefix="observatory-"))
    servers, logs = [], []
    results, problems = {}, {}
    try:
        certificate, key = make_certificate(workdir)
        (workdir / "observatory_settings.py").write_text(
            SETTINGS_MODULE.format(static_root=str(workdir / "static"))
        )
        database_url = options.database_url or f"sqlite:///{workdir / 'db.sqlite3'}"
        env = production_environment(workdir, database_url, https_port)
        manage = [sys.executable, "manage.py"]
        run([*manage, "migrate", "--noinput", "-v", "0"], cwd=PROJECT, env=env)
        run([*manage, "collectstatic", "--noinput", "-v", "0"], cwd=PROJECT, env=env)

        logs = [workdir / "gunicorn-https.log", workdir / "gunicorn-http.log"]
        tls = ["--certfile", certificate, "--keyfile", key]
        servers.append(start_gunicorn(https_port, env, logs[0], *tls))
        servers.append(start_gunicorn(http_port, env, logs[1]))
        origin = f"https://127.0.0.1:{https_port}"
        wait_until_serving(f"{origin}/healthz", certificate, servers)

        for path in paths:
            results[path] = scan(scanner, path, http_port, https_port, certificate)
            print_result(origin + path, results[path])
            if found := problems_of(results[path]):
                problems[path] = found
    finally:
        for server in servers:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        if servers and (problems or sys.exc_info()[0] is not None):
            for log in logs:
                print(f"\n--- {log.name}\n{log.read_text()[-5000:]}", file=sys.stderr)
        shutil.rmtree(workdir, ignore_errors=True)

    options.report.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "scanner": SCANNER_PACKAGE,
        "scanned_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "target": origin,
        "passed": not problems,
        "problems": problems,
        "results": results,
    }
    options.report.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    print(f"\nReport: {options.report}")
    if problems:
        for path, found in problems.items():
            for problem in found:
                print(f"PROBLEM {path}: {problem}", file=sys.stderr)
        return 1
    print(f"All {len(paths)} paths graded A+ with no negative modifier.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
