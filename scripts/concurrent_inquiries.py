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

Standard library only (with scripts/loopback_site.py, which starts gunicorn and plays the
visitors). Usage (from the project folder):

    .venv/bin/python scripts/concurrent_inquiries.py [--count 100]
    .venv/bin/python scripts/concurrent_inquiries.py --database-url postgres://postgres@127.0.0.1:5432/clinic_load
"""

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from loopback_site import (
    Visitor,
    free_port,
    gunicorn_start,
    gunicorn_stop,
    manage,
    site_environment,
    wait_until_serving,
)

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


def count_inquiries(env: dict, codes: list[str]) -> dict:
    output = manage(env, "shell", "-v", "0", "-c", COUNT_SCRIPT.format(codes=codes)).stdout
    return json.loads(output.strip().splitlines()[-1])


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
    # SQLite has one writer at a time: wait for the lock instead of failing, and take it at
    # the start of each transaction so that no reader has to upgrade (which cannot wait).
    database_url = options.database_url or (
        f"sqlite:///{workdir / 'db.sqlite3'}?timeout=30&transaction_mode=IMMEDIATE"
    )
    env = site_environment(workdir, database_url=database_url, email_url="dummymail://")
    server = None
    codes: list[str] = []
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        before = count_inquiries(env, [])["total"]

        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = gunicorn_start(
            env, port, workers=options.workers, backlog=max(2048, options.count * 2)
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
        gunicorn_stop(server)
        if options.database_url and codes and not options.keep:
            manage(env, "shell", "-v", "0", "-c", DELETE_SCRIPT.format(codes=codes))
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
