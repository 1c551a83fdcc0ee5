#!/usr/bin/env python3
"""
Load and faults: readers and bookings together on gunicorn and PostgreSQL, then a mail outage.

A bounded run on 127.0.0.1 only (`make loadtest`):

1. Creates a fresh PostgreSQL database (dropped again at the end, whatever happens),
   migrates it and loads the demo content (`manage.py load_demo`).
2. Starts a real SMTP server on loopback in a thread of this script (aiosmtpd): the
   "outside mail server" at the edge of the system, counting every message it receives by
   kind (the clinic's inbox or the visitor) and inquiry reference.
3. Starts gunicorn with production settings (DEBUG off, a random SECRET_KEY,
   ALLOWED_HOSTS=127.0.0.1). Relaxed for this plain-HTTP run only: no HTTPS redirect, no
   HSTS, cookies not marked Secure (nothing here speaks TLS); INQUIRY_MIN_SECONDS=0 and
   INQUIRY_RATE_LIMIT=0, because every simulated visitor posts at once from 127.0.0.1.
4. Phase "mail working": wrk reads a few article pages for --duration seconds while
   --posters Python workers post --inquiries inquiries as a browser does (GET the form, take
   the CSRF cookie, token and hidden fields, POST, follow to the thank-you page). Then:
   no 5xx (gunicorn's access log), no non-2xx/3xx or socket error on wrk's side, exactly
   that many new inquiries stored, and the mail server received exactly one staff
   notification and one visitor confirmation per inquiry.
5. Phase "mail server down": the SMTP server is stopped (EMAIL_URL points at a closed port)
   and the same load runs again: still no 5xx, every inquiry stored and thanked, and their
   emails recorded as failed. Then the SMTP server starts again and
   `manage.py send_inquiry_notifications --retry-now` (retry without waiting for the
   back-off: the mail server is known to be back) delivers each of them exactly once; a
   second run sends nothing.

Prints a summary table, writes reports/load-and-faults.json, and exits 0 only when every
check held. Hard time limits everywhere (--max-seconds for the whole run). Needs wrk
(`apt-get install wrk`) and aiosmtpd (the project's dev dependencies).

    .venv/bin/python scripts/load_and_faults.py [--database clinic_loadtest] [--duration 20]
"""

import argparse
import collections
import concurrent.futures
import email
import json
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
from aiosmtpd.controller import Controller
from loopback_site import (
    PROJECT,
    Visitor,
    free_port,
    gunicorn_start,
    gunicorn_stop,
    manage,
    site_environment,
    wait_until_serving,
)

CLINIC_INBOX = "frontdesk@loadtest.invalid"
REFERENCE_IN_SUBJECT = re.compile(r"([A-Z0-9]{8})\s*$")
WRK_SUMMARY = re.compile(r"^WRK_SUMMARY (\{.*\})$", re.MULTILINE)
# Rotates over the article pages and prints wrk's own counts as one JSON line at the end.
WRK_SCRIPT = """\
local paths = {%(paths)s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format(
    'WRK_SUMMARY {"requests": %%d, "duration_us": %%d, "non_2xx_3xx": %%d, ' ..
    '"connect_errors": %%d, "read_errors": %%d, "write_errors": %%d, "timeouts": %%d, ' ..
    '"latency_p50_ms": %%.1f, "latency_p99_ms": %%.1f}\\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""
ARTICLE_PATHS_SCRIPT = """\
import json
from django.urls import reverse
from articles.models import Article
paths = [article.get_absolute_url() for article in Article.objects.published()[:3]]
print(json.dumps([reverse("articles:list"), *paths]))
"""
COUNT_SCRIPT = """\
import json
from collections import Counter
from inquiries.models import Inquiry, InquiryNotification
codes = {codes!r}
found = Inquiry.objects.filter(reference_code__in=codes)
states = Counter(
    InquiryNotification.objects.filter(inquiry__in=found).values_list("kind", "state")
)
print(json.dumps({{
    "total": Inquiry.objects.count(),
    "found": found.count(),
    "notifications": {{f"{{kind}} {{state}}": count for (kind, state), count in states.items()}},
}}))
"""


class MailServer:
    """The outside mail server: a real SMTP server on loopback that counts what it receives."""

    def __init__(self, port: int):
        self.port = port
        self.lock = threading.Lock()
        # (kind, reference code) -> messages received; kind is "staff" or "visitor".
        self.received: collections.Counter = collections.Counter()
        self.unrecognised = 0
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content)
        match = REFERENCE_IN_SUBJECT.search(str(message["Subject"] or ""))
        kind = "staff" if envelope.rcpt_tos == [CLINIC_INBOX] else "visitor"
        with self.lock:
            if match:
                self.received[(kind, match.group(1))] += 1
            else:
                self.unrecognised += 1
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, ready_timeout=10)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def count(self) -> int:
        with self.lock:
            return sum(self.received.values()) + self.unrecognised


class Run:
    """The database, servers and temporary files of one run, and what it found."""

    def __init__(self, options):
        self.options = options
        self.workdir = Path(tempfile.mkdtemp(prefix="load-and-faults-"))
        self.admin_url = options.postgres.rstrip("/") + "/postgres"
        self.database_url = f"{options.postgres.rstrip('/')}/{options.database}"
        self.port = options.port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.mail = MailServer(options.smtp_port or free_port())
        self.env = site_environment(
            self.workdir,
            database_url=self.database_url,
            email_url=f"smtp://127.0.0.1:{self.mail.port}",
        )
        self.env.update({"CLINIC_INBOX": CLINIC_INBOX, "EMAIL_TIMEOUT": "5"})
        self.access_log = self.workdir / "access.log"
        # gunicorn's and the site's log messages (the outage phase logs one per failed email).
        self.output_log = self.workdir / "gunicorn.log"
        self.server = None
        self.problems: list[str] = []
        self.phases: list[dict] = []

    # --- The database -------------------------------------------------------------------------

    def database_create(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=10) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.options.database}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{self.options.database}"')

    def database_drop(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=10) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.options.database}" WITH (FORCE)')

    def counts(self, codes: list[str]) -> dict:
        output = manage(self.env, "shell", "-v", "0", "-c", COUNT_SCRIPT.format(codes=codes))
        return json.loads(output.stdout.strip().splitlines()[-1])

    # --- One phase of load --------------------------------------------------------------------

    def wrk_start(self, paths: list[str]) -> subprocess.Popen:
        script = self.workdir / "articles.lua"
        script.write_text(WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)})
        return subprocess.Popen(
            [
                "wrk",
                "--threads",
                "2",
                "--connections",
                str(self.options.readers),
                "--duration",
                f"{self.options.duration}s",
                "--timeout",
                "10s",
                "--script",
                str(script),
                self.base_url,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def access_log_statuses(self, offset: int) -> tuple[collections.Counter, int]:
        """Status codes gunicorn logged after `offset`, and the new end of the log."""
        with self.access_log.open("rb") as log:
            log.seek(offset)
            lines = log.read().decode(errors="replace").splitlines()
            end = log.tell()
        statuses = collections.Counter(line.split(" ", 1)[0] for line in lines if line)
        return statuses, end

    def phase(self, name: str, paths: list[str], first_number: int, log_offset: int) -> dict:
        """Readers on the article pages while the inquiries are posted; what each side saw."""
        count = self.options.inquiries
        visitors = [
            Visitor(self.base_url, number, label=f"Load test ({name})")
            for number in range(first_number, first_number + count)
        ]
        started = time.monotonic()
        wrk = self.wrk_start(paths)
        with concurrent.futures.ThreadPoolExecutor(self.options.posters) as posters:
            futures = [posters.submit(visitor.book) for visitor in visitors]
            _, late = concurrent.futures.wait(futures, timeout=self.options.duration + 60)
            for future in late:
                future.cancel()
        posting_seconds = time.monotonic() - started
        try:
            wrk_output, _ = wrk.communicate(timeout=self.options.duration + 30)
        except subprocess.TimeoutExpired:
            wrk.kill()
            wrk_output, _ = wrk.communicate(timeout=10)
        load_seconds = time.monotonic() - started
        time.sleep(0.5)  # let gunicorn's workers write their last access-log lines

        match = WRK_SUMMARY.search(wrk_output or "")
        readers = json.loads(match.group(1)) if match else {}
        if not match:
            self.problems.append(f"{name}: wrk gave no summary:\n{wrk_output}")
        statuses, log_end = self.access_log_statuses(log_offset)
        poster_statuses = collections.Counter(str(s) for v in visitors for s in v.statuses)
        codes = [visitor.reference_code for visitor in visitors if visitor.reference_code]
        errors = [f"visitor {v.number}: {v.error}" for v in visitors if v.error]
        requests = sum(statuses.values())
        return {
            "name": name,
            "visitors": visitors,
            "codes": codes,
            "visitor_errors": errors,
            "log_end": log_end,
            "summary": {
                "phase": name,
                "load_seconds": round(load_seconds, 1),
                "posting_seconds": round(posting_seconds, 1),
                "requests_served": requests,
                "requests_per_second": round(requests / load_seconds, 1),
                "server_errors_5xx": sum(n for s, n in statuses.items() if s.startswith("5")),
                "statuses": dict(sorted(statuses.items())),
                "reader_requests": readers.get("requests"),
                "reader_non_2xx_3xx": readers.get("non_2xx_3xx"),
                "reader_socket_errors": sum(
                    readers.get(key, 0)
                    for key in ("connect_errors", "read_errors", "write_errors", "timeouts")
                ),
                "reader_latency_p50_ms": readers.get("latency_p50_ms"),
                "reader_latency_p99_ms": readers.get("latency_p99_ms"),
                "poster_statuses": dict(sorted(poster_statuses.items())),
                "inquiries_thanked": len(codes),
            },
        }

    def check_phase(self, result: dict) -> None:
        name, summary = result["name"], result["summary"]
        count = self.options.inquiries
        self.problems += [f"{name}: {error}" for error in result["visitor_errors"][:10]]
        if summary["server_errors_5xx"]:
            self.problems.append(f"{name}: {summary['server_errors_5xx']} responses were 5xx")
        if summary["reader_non_2xx_3xx"]:
            self.problems.append(
                f"{name}: wrk counted {summary['reader_non_2xx_3xx']} non-2xx/3xx responses"
            )
        if summary["reader_socket_errors"]:
            self.problems.append(
                f"{name}: wrk counted {summary['reader_socket_errors']} socket errors"
            )
        if len(set(result["codes"])) != count:
            self.problems.append(
                f"{name}: {len(set(result['codes']))} distinct reference codes thanked, "
                f"not {count}"
            )

    def check_mail(self, name: str, codes: list[str], *, expected_each: int) -> None:
        """Exactly `expected_each` staff and visitor messages per code, and none unrecognised."""
        with self.mail.lock:
            received = dict(self.mail.received)
            unrecognised = self.mail.unrecognised
        wrong = [
            f"{kind} {code}: {received.get((kind, code), 0)}"
            for code in codes
            for kind in ("staff", "visitor")
            if received.get((kind, code), 0) != expected_each
        ]
        if wrong:
            self.problems.append(
                f"{name}: {len(wrong)} emails not received exactly {expected_each} time(s), "
                f"e.g. {wrong[:5]}"
            )
        if unrecognised:
            self.problems.append(f"{name}: {unrecognised} messages with no reference code")

    def check_stored(self, name: str, counts: dict, *, total: int, states: dict) -> None:
        count = self.options.inquiries
        if counts["total"] != total:
            self.problems.append(f"{name}: {counts['total']} inquiries stored, not {total}")
        if counts["found"] != count:
            self.problems.append(
                f"{name}: {counts['found']} of this phase's {count} inquiries found"
            )
        if counts["notifications"] != states:
            self.problems.append(f"{name}: notifications {counts['notifications']}, not {states}")

    # --- The whole run ------------------------------------------------------------------------

    def execute(self) -> dict:
        count = self.options.inquiries
        self.database_create()
        manage(self.env, "migrate", "--noinput", "-v", "0", timeout=300)
        manage(self.env, "load_demo", "-v", "0", timeout=300)
        paths = json.loads(
            manage(self.env, "shell", "-v", "0", "-c", ARTICLE_PATHS_SCRIPT)
            .stdout.strip()
            .splitlines()[-1]
        )
        before = self.counts([])["total"]

        self.mail.start()
        self.server = gunicorn_start(
            self.env,
            self.port,
            workers=self.options.workers,
            access_log=self.access_log,
            output_log=self.output_log,
        )
        wait_until_serving(self.base_url, self.server)
        _, offset = self.access_log_statuses(0)

        # Phase 1: the mail server is working.
        working = self.phase("mail working", paths, 0, offset)
        self.check_phase(working)
        counts = self.counts(working["codes"])
        self.check_stored(
            "mail working",
            counts,
            total=before + count,
            states={"staff sent": count, "visitor sent": count},
        )
        self.check_mail("mail working", working["codes"], expected_each=1)
        working["summary"]["messages_received"] = self.mail.count()
        self.phases.append(working["summary"])

        # Phase 2: the mail server is down (its port closed).
        self.mail.stop()
        received_before_outage = self.mail.count()
        down = self.phase("mail server down", paths, count, working["log_end"])
        self.check_phase(down)
        counts = self.counts(down["codes"])
        self.check_stored(
            "mail server down",
            counts,
            total=before + 2 * count,
            states={"staff failed": count, "visitor failed": count},
        )
        received_before_retry = self.mail.count()
        down["summary"]["messages_received"] = received_before_retry - received_before_outage
        self.phases.append(down["summary"])

        # The mail server is back: retry now, then once more, which must send nothing.
        self.mail.start()
        retry = manage(
            self.env, "send_inquiry_notifications", "--retry-now", "--limit", "10000", check=False
        )
        again = manage(
            self.env, "send_inquiry_notifications", "--retry-now", "--limit", "10000", check=False
        )
        if retry.returncode != 0 or f"{2 * count} sent" not in retry.stdout:
            self.problems.append(f"retry: {retry.stdout.strip()} {retry.stderr.strip()}")
        if again.returncode != 0 or "0 sent, 0 failed" not in again.stdout:
            self.problems.append(f"second retry: {again.stdout.strip()} {again.stderr.strip()}")
        counts = self.counts(down["codes"])
        self.check_stored(
            "after the retry",
            counts,
            total=before + 2 * count,
            states={"staff sent": count, "visitor sent": count},
        )
        self.check_mail("after the retry", down["codes"], expected_each=1)
        self.check_mail("after the retry", working["codes"], expected_each=1)
        retried = self.mail.count() - received_before_retry
        return {
            "inquiries_per_phase": count,
            "posters": self.options.posters,
            "readers": self.options.readers,
            "gunicorn_workers": self.options.workers,
            "database": "postgresql",
            "phases": self.phases,
            "retry": {
                "first_run": retry.stdout.strip(),
                "second_run": again.stdout.strip(),
                "messages_delivered": retried,
            },
            "inquiries_stored": counts["total"] - before,
            "messages_received_total": self.mail.count(),
        }

    def clean_up(self) -> None:
        gunicorn_stop(self.server)
        if self.problems and self.output_log.exists():
            tail = self.output_log.read_text(errors="replace").splitlines()[-20:]
            print("gunicorn's last log lines:", *tail, sep="\n  ", file=sys.stderr)
        self.mail.stop()
        try:
            self.database_drop()
        except psycopg.Error as error:
            print(f"Could not drop {self.options.database}: {error}", file=sys.stderr)
        shutil.rmtree(self.workdir, ignore_errors=True)


def print_summary(report: dict) -> None:
    rows = [
        ("phase", "requests", "req/s", "5xx", "wrk non-2xx/3xx", "inquiries", "messages"),
        *(
            (
                phase["phase"],
                str(phase["requests_served"]),
                str(phase["requests_per_second"]),
                str(phase["server_errors_5xx"]),
                str(phase["reader_non_2xx_3xx"]),
                str(phase["inquiries_thanked"]),
                str(phase["messages_received"]),
            )
            for phase in report["phases"]
        ),
        ("retry", "", "", "", "", "", str(report["retry"]["messages_delivered"])),
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432",
        help="the PostgreSQL server, without a database name (default: %(default)s)",
    )
    parser.add_argument(
        "--database",
        default="clinic_loadtest",
        help="database to create, use and drop; its name must contain 'loadtest' (default: "
        "%(default)s)",
    )
    parser.add_argument("--inquiries", type=int, default=200, help="per phase (default 200)")
    parser.add_argument("--posters", type=int, default=8, help="posting workers (default 8)")
    parser.add_argument("--readers", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--duration", type=int, default=20, help="seconds of reader load per phase (default 20)"
    )
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: free)")
    parser.add_argument("--smtp-port", type=int, default=0, help="mail port (default: free)")
    parser.add_argument(
        "--max-seconds", type=int, default=300, help="stop the whole run after this long"
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=PROJECT / "reports" / "load-and-faults.json",
        help="where to write the JSON report (default: reports/load-and-faults.json)",
    )
    options = parser.parse_args()
    if "loadtest" not in options.database:
        parser.error("--database must contain 'loadtest': the run drops it at the start and end")
    if not 1 <= options.duration <= 25:
        parser.error("--duration must be between 1 and 25 seconds")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")

    def out_of_time(signum, frame):
        raise TimeoutError(f"the run took longer than {options.max_seconds} seconds")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(options.max_seconds)
    run = Run(options)
    try:
        report = run.execute()
    except TimeoutError as error:
        print(f"PROBLEM: {error}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
        run.clean_up()

    report["problems"] = run.problems
    options.report.parent.mkdir(parents=True, exist_ok=True)
    options.report.write_text(json.dumps(report, indent=2) + "\n")
    print_summary(report)
    print(f"Report: {options.report}")
    for problem in run.problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    if run.problems:
        return 1
    print(
        f"OK: {report['inquiries_stored']} inquiries stored, no server error, every email "
        "delivered exactly once (after the outage, by the retry)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
