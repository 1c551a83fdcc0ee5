#!/usr/bin/env python3
"""
The performance benchmark: the site served by gunicorn as in production, loaded by wrk.

    .venv/bin/python scripts/bench.py [--scale 10000] [--duration 15] [--runs 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/clinic_bench .venv/bin/python scripts/bench.py

(`make bench`, with SCALE=, DURATION=, RUNS= and DATABASE_URL=.) Steps:

1. A database with the demo content: a fresh SQLite file in a temporary folder, or the
   PostgreSQL database DATABASE_URL names (created if missing, migrated, then `load_demo`);
   `collectstatic`.
2. gunicorn with 2 sync workers on a free port of 127.0.0.1, exactly as the README deploys it
   (DEBUG off, whitenoise, the same middleware), except two things: the settings module
   clinic_site.settings_bench, which adds the constant-response yardstick at /bench/constant/,
   and plain HTTP (SECURE_SSL_REDIRECT off: there is no TLS proxy on 127.0.0.1).
3. With --scale N, a second database with the same demo content plus `load_demo --scale N` (N
   more articles, up to 200 conditions and 50 practitioners), served by a second gunicorn: a
   second SQLite file, or on PostgreSQL the database `<name>_scaled`, created for the run and
   dropped after it.
4. Each page loaded by `wrk -t2 -c16` for DURATION seconds, RUNS times, the pages taking turns
   so that a busy moment of the machine falls on all of them alike; the median run is kept.
   With the page cache off (every page rendered), a page of the scaled site is loaded right
   after the same page of the demo site. Then with the page cache on (CACHE_URL if set, e.g.
   Redis, else a file cache in the temporary folder), on the demo site.

Every figure that is judged is a ratio between measurements taken seconds apart, so the
machine's speed, which drifts by a quarter within minutes on a shared machine, cancels out:
the uncached article page to the constant view (goal >= 0.18), each cached page to a static
file (goal >= 0.9, with p99 under 10 ms), and each scaled page's p50 to the same page's on the
demo site loaded just before it (goal <= 1.5, the median over the runs). Query counts and
page weights are measured in-process by Django's test client.
Prints a table and writes JSON (reports/bench-<database>[-<scale>].json by default). Exits
non-zero only when the benchmark itself failed (a page not answering 200, wrk missing), never
for a slow result: CI runs it briefly to prove it still works.

Standard library only; needs `wrk` (Debian: apt-get install wrk).
"""

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_ARTICLE = "/articles/acupuncture-and-nerve-pain-what-the-evidence-says/"
SEARCH = "/search/?q=trigeminal"
PAGES = {
    "static file (site.css)": None,  # the hashed name, read from the manifest
    "constant view": "/bench/constant/",
    "home": "/",
    "article": DEMO_ARTICLE,
    "article list": "/articles/",
    "condition": "/conditions/neuropathy/",
    "practitioner": "/practitioners/helen-marsh/",
    "search": SEARCH,
}
# Pages the page cache serves, judged against the static file (goal 2).
CACHED_PAGES = ["home", "article", "article list", "condition", "practitioner"]
# Pages whose latency must not grow with the content (goal 3), and the scaled site's pages.
FLAT_PAGES = ["article", "article list", "article list, last page", "search"]
SCALED_PAGES = ["constant view", "article", "article list", "search"]
# A scaled site's page that the demo site lacks, and the demo page it is compared with.
COMPARED_WITH = {
    "article list, last page": "article list",
    "generated article (1,500 words)": "article",
}
GOALS = {
    "uncached article / constant view": 0.18,
    "cached page / static file": 0.9,
    "cached p99 ms": 10.0,
    "scaled p50 / demo p50": 1.5,
    "article HTML bytes (1,500 words)": 40_000,
    "CSS bytes": 20_000,
}
# In-process: status, query count and bytes of each page (run with the benchmark's settings).
PAGE_FACTS_SCRIPT = """\
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
facts = {}
for name, url in json.loads(%r).items():
    client.get(url)  # warm: first-use work is not the page's
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    content = b"".join(response) if response.streaming else response.content
    facts[name] = {"status": response.status_code, "queries": len(queries),
                   "bytes": len(content)}
print("FACTS" + json.dumps(facts))
"""


def main() -> int:
    options = parse_arguments()
    if not shutil.which("wrk"):
        print("wrk not found: install it (Debian: apt-get install wrk).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="clinic-bench-") as scratch:
        environment = bench_environment(Path(scratch), options)
        vendor = "postgresql" if environment["DATABASE_URL"].startswith("postgres") else "sqlite"
        print(f"== Preparing the demo database ({vendor})", flush=True)
        if vendor == "postgresql":
            create_database(environment, database_name(environment["DATABASE_URL"]))
        prepare_demo(environment)
        manage(environment, "collectstatic", "--noinput", "--verbosity", "0")
        pages = {**PAGES, "static file (site.css)": hashed_static("css/site.css")}
        report = {
            "machine": machine(),
            "database": vendor,
            "settings": {
                "duration_seconds": options.duration,
                "runs": options.runs,
                "wrk": f"-t{options.threads} -c{options.connections}",
                "gunicorn_workers": options.workers,
                "cache": environment.get("CACHE_URL"),
            },
            "results": {},
        }
        sites = {"uncached": Site(environment, pages, page_facts(environment, pages))}
        scaled_database = None
        try:
            if options.scale:
                scaled_environment, scaled_database = scaled_site(environment, Path(scratch))
                print(
                    f"== Preparing the scaled database: {options.scale} more articles", flush=True
                )
                prepare_demo(scaled_environment)
                manage(scaled_environment, "load_demo", "--scale", str(options.scale))
                settle(scaled_environment)
                scaled_pages = {
                    name: url for name, url in pages.items() if name in SCALED_PAGES
                } | {
                    "article list, last page": last_list_page(scaled_environment),
                    "generated article (1,500 words)": "/articles/generated-article-00001/",
                }
                sites["uncached, scaled"] = Site(
                    scaled_environment, scaled_pages, page_facts(scaled_environment, scaled_pages)
                )
                report["scale"] = options.scale
            report["results"].update(measure(sites, options, cache=False))
            cached = {"cached": sites["uncached"]}
            report["results"].update(measure(cached, options, cache=True))
        finally:
            if scaled_database:
                drop_database(environment, scaled_database)
        report["static"] = static_checks(environment, pages["static file (site.css)"])
        report["goals"] = judge(report)
    print_report(report)
    out = Path(options.out or default_out(vendor, options.scale))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nWritten to {out}")
    return 0


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--scale", type=int, default=0, help="also measure with N more articles")
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is kept")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--out", help="JSON file (default reports/bench-<database>.json)")
    return parser.parse_args()


def default_out(vendor: str, scale: int) -> Path:
    return PROJECT / "reports" / f"bench-{vendor}{f'-{scale}' if scale else ''}.json"


class Site(NamedTuple):
    """One database's pages: how gunicorn and manage.py reach it, what to load, and what
    Django's test client found on each page (status, queries, bytes)."""

    environment: dict
    pages: dict[str, str]
    facts: dict


def bench_environment(scratch: Path, options: argparse.Namespace) -> dict:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings_bench",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-key-not-used-anywhere-else",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{scratch / 'bench.sqlite3'}",
        "CACHE_URL": os.environ.get("CACHE_URL") or f"filecache://{scratch / 'cache'}",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(PROJECT),
    }
    return environment


def manage(environment: dict, *arguments: str) -> str:
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *arguments],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare_demo(environment: dict) -> None:
    manage(environment, "migrate", "--noinput", "--verbosity", "0")
    manage(environment, "load_demo", "--scale", "0")


def scaled_site(environment: dict, scratch: Path) -> tuple[dict, str | None]:
    """The environment of a second, empty database for the scaled content, and the name of a
    PostgreSQL database to drop afterwards (None for a SQLite file in the scratch folder)."""
    url = environment["DATABASE_URL"]
    if not url.startswith("postgres"):
        return {**environment, "DATABASE_URL": f"sqlite:///{scratch / 'scaled.sqlite3'}"}, None
    name = f"{database_name(url)}_scaled"
    create_database(environment, name, fresh=True)
    return {**environment, "DATABASE_URL": database_url(url, name)}, name


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def database_url(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


# Run in PostgreSQL's maintenance database, "postgres".
DATABASE_SCRIPT = """\
from django.db import DatabaseError, connection
name, action = %r, %r
quoted = connection.ops.quote_name(name)
try:
    with connection.cursor() as cursor:
        if action in ("drop", "fresh"):
            cursor.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)")
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %%s", [name])
        if action != "drop" and not cursor.fetchone():
            cursor.execute("CREATE DATABASE " + quoted)
except DatabaseError as error:
    print("REFUSED", error)
"""


def create_database(environment: dict, name: str, *, fresh: bool = False) -> None:
    """Create the PostgreSQL database `name` if it is missing (`fresh`: drop it first)."""
    database_script(environment, name, "fresh" if fresh else "create")


def drop_database(environment: dict, name: str) -> None:
    database_script(environment, name, "drop")


def database_script(environment: dict, name: str, action: str) -> None:
    maintenance = {
        **environment,
        "DATABASE_URL": database_url(environment["DATABASE_URL"], "postgres"),
    }
    output = manage(maintenance, "shell", "-c", DATABASE_SCRIPT % (name, action))
    if "REFUSED" in output:
        sys.exit(
            f"The benchmark could not {action} the database {name!r} (it needs a role that may "
            f"create databases, connected to the database 'postgres'):\n{output}"
        )


def hashed_static(name: str) -> str:
    manifest = json.loads((PROJECT / "staticfiles" / "staticfiles.json").read_text())
    return f"/static/{manifest['paths'][name]}"


LAST_PAGE_SCRIPT = """\
from articles.models import Article
from articles.paging import PAGE_SIZE, Position
oldest = Article.objects.published().order_by("published_at", "pk")[:PAGE_SIZE + 1]
print("LAST", Position.of(list(oldest)[-1]).token)
"""


SETTLE_SCRIPT = """\
from django.db import DatabaseError, connection
if connection.vendor == "postgresql":
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError as error:  # a role without pg_checkpoint: measured as it is
        print("No CHECKPOINT:", error)
"""


def settle(environment: dict) -> None:
    """After the bulk load, have PostgreSQL write its changed pages now (a CHECKPOINT) rather
    than spread over the next minutes, when they would compete with the measured runs."""
    output = manage(environment, "shell", "-c", SETTLE_SCRIPT)
    if "No CHECKPOINT" in output:
        print(output[output.index("No CHECKPOINT") :], end="")


def last_list_page(environment: dict) -> str:
    """The list's last page: the one its "Older articles" links lead to in the end, which
    starts after the eleventh-oldest article (articles/paging.py)."""
    output = manage(environment, "shell", "-c", LAST_PAGE_SCRIPT)
    return f"/articles/?before={output.split('LAST', 1)[1].strip()}"


def page_facts(environment: dict, pages: dict[str, str]) -> dict:
    script = PAGE_FACTS_SCRIPT % json.dumps(pages)
    output = manage({**environment, "PAGE_CACHE": "false"}, "shell", "-c", script)
    facts = json.loads(output.split("FACTS", 1)[1])
    broken = {name: fact["status"] for name, fact in facts.items() if fact["status"] != 200}
    if broken:
        sys.exit(f"Pages not answering 200: {broken}")
    return facts


# --- Serving and loading ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(environment: dict, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "clinic_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=PROJECT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/bench/constant/", timeout=1).read()
            return server, base
        except OSError:
            if server.poll() is not None:
                sys.exit(f"gunicorn did not start:\n{server.stderr.read().decode()}")
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer within 20 seconds")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def measure(sites: dict[str, Site], options, *, cache: bool) -> dict:
    """Each site's pages loaded by wrk, RUNS times, from a gunicorn of its own; in each run a
    page of the second site right after the same page (or the page it is compared with) of the
    first. Returns each site's results by page."""
    label = "on" if cache else "off"
    schedule = loading_order(sites)
    print(f"== Page cache {label}: {len(schedule)} pages x {options.runs} runs", flush=True)
    servers = {}
    try:
        for site_label, site in sites.items():
            servers[site_label] = start_gunicorn(
                {**site.environment, "PAGE_CACHE": "true" if cache else "false"}, options.workers
            )
        cache_status = {}
        for site_label, name in schedule:
            base, url = servers[site_label][1], sites[site_label].pages[name]
            for _ in range(3):  # warm the workers and, with the cache on, store the page
                with urllib.request.urlopen(base + url) as response:
                    response.read()
                    cache_status[site_label, name] = response.headers.get("X-Page-Cache")
        runs: dict[tuple, list[dict]] = {key: [] for key in schedule}
        for _ in range(options.runs):
            for site_label, name in schedule:
                runs[site_label, name].append(
                    wrk(servers[site_label][1] + sites[site_label].pages[name], options)
                )
    finally:
        for server, _ in servers.values():
            stop(server)
    results = {site_label: {} for site_label in sites}
    for (site_label, name), measured in runs.items():
        median = sorted(measured, key=lambda run: run["requests_per_second"])[len(measured) // 2]
        facts = sites[site_label].facts[name]
        results[site_label][name] = {
            **median,
            "runs_requests_per_second": [run["requests_per_second"] for run in measured],
            "runs_p50_ms": [run["p50_ms"] for run in measured],
            "queries": facts["queries"],
            "bytes": facts["bytes"],
            "page_cache": cache_status[site_label, name],
        }
    for site_results in results.values():
        for result in site_results.values():
            for yardstick, key in [
                ("static file (site.css)", "ratio_to_static"),
                ("constant view", "ratio_to_constant"),
            ]:
                measured = site_results.get(yardstick)
                result[key] = (
                    round(result["requests_per_second"] / measured["requests_per_second"], 3)
                    if measured
                    else None
                )
    return results


def loading_order(sites: dict[str, Site]) -> list[tuple[str, str]]:
    """(site, page) in the order wrk loads them in each run: the first site's pages in turn,
    each followed by the other sites' same page and the pages compared with it."""
    first, *others = sites
    order = []
    for name in sites[first].pages:
        order.append((first, name))
        for other in others:
            order.extend(
                (other, other_name)
                for other_name in sites[other].pages
                if COMPARED_WITH.get(other_name, other_name) == name
            )
    return order


WRK_LINE = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, options: argparse.Namespace) -> dict:
    output = subprocess.run(
        [
            "wrk",
            f"-t{options.threads}",
            f"-c{options.connections}",
            f"-d{options.duration}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = {
        percentile: float(value) * UNITS_MS[unit]
        for percentile, value, unit in WRK_LINE.findall(output)
    }
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        sys.exit(f"{url} answered {errors[1]} errors under load:\n{output}")
    return {
        "requests_per_second": round(rate, 1),
        "p50_ms": round(latency["50"], 2),
        "p99_ms": round(latency["99"], 2),
    }


# --- Static files and goals ------------------------------------------------------------------


def static_checks(environment: dict, css_url: str) -> dict:
    """Compressed siblings on disk, and what a browser is sent for the hashed CSS."""
    server, base = start_gunicorn({**environment, "PAGE_CACHE": "false"}, 1)
    try:
        encodings = {}
        for encoding in ["br", "gzip"]:
            request = urllib.request.Request(base + css_url, headers={"Accept-Encoding": encoding})
            with urllib.request.urlopen(request) as response:
                encodings[encoding] = {
                    "content_encoding": response.headers.get("Content-Encoding"),
                    "bytes": len(response.read()),
                    "cache_control": response.headers.get("Cache-Control"),
                }
    finally:
        stop(server)
    css = PROJECT / "staticfiles" / css_url.removeprefix("/static/")
    return {
        "css_bytes": css.stat().st_size,
        "has_br_and_gz": all(Path(f"{css}.{suffix}").exists() for suffix in ["br", "gz"]),
        "served": encodings,
    }


def judge(report: dict) -> dict:
    uncached, cached = report["results"]["uncached"], report["results"]["cached"]
    goals = {
        "1. uncached article / constant view >= 0.18": uncached["article"]["ratio_to_constant"]
        >= GOALS["uncached article / constant view"],
        "2. cached pages >= 0.9 x static file, p99 < 10 ms": all(
            cached[name]["ratio_to_static"] >= GOALS["cached page / static file"]
            and cached[name]["p99_ms"] < GOALS["cached p99 ms"]
            for name in CACHED_PAGES
        ),
    }
    scaled = report["results"].get("uncached, scaled")
    if scaled:
        # Each run's scaled p50 against the demo's measured just before it; the median run.
        growth = {}
        for name in FLAT_PAGES:
            demo_runs = uncached[COMPARED_WITH.get(name, name)]["runs_p50_ms"]
            ratios = sorted(
                scaled_p50 / demo_p50
                for scaled_p50, demo_p50 in zip(
                    scaled[name]["runs_p50_ms"], demo_runs, strict=True
                )
            )
            growth[name] = round(ratios[len(ratios) // 2], 2)
        report["growth_p50"] = growth
        same_queries = all(
            result["queries"] == uncached[COMPARED_WITH.get(name, name)]["queries"]
            for name, result in scaled.items()
        )
        goals["3. scaled p50 <= 1.5 x demo, same query counts"] = same_queries and all(
            ratio <= GOALS["scaled p50 / demo p50"] for ratio in growth.values()
        )
    article_bytes = (scaled or uncached).get("generated article (1,500 words)", {}).get("bytes")
    static = report["static"]
    goals["4. page weight, compressed immutable static"] = (
        (article_bytes is None or article_bytes < GOALS["article HTML bytes (1,500 words)"])
        and static["css_bytes"] < GOALS["CSS bytes"]
        and static["has_br_and_gz"]
        and static["served"]["br"]["content_encoding"] == "br"
        and static["served"]["gzip"]["content_encoding"] == "gzip"
        and "immutable" in (static["served"]["br"]["cache_control"] or "")
    )
    return goals


def machine() -> dict:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found[1].strip() if found else ""
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "system": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def print_report(report: dict) -> None:
    machine_info = report["machine"]
    print(
        f"\nMachine: {machine_info['cpu']}, {machine_info['cores']} cores, "
        f"{machine_info['system']}; database {report['database']}; "
        f"wrk {report['settings']['wrk']}, {report['settings']['duration_seconds']} s x "
        f"{report['settings']['runs']} (median); gunicorn {report['settings']['gunicorn_workers']}"
        " sync workers"
    )
    header = (
        "| mode | page | req/s | p50 ms | p99 ms | / static | / constant | queries | HTML bytes |"
    )
    print("\n" + header)
    print("|" + " --- |" * 9)
    for mode, results in report["results"].items():
        for name, result in results.items():
            print(
                f"| {mode} | {name} | {result['requests_per_second']:.0f} | "
                f"{result['p50_ms']:.2f} | {result['p99_ms']:.2f} | "
                f"{_ratio(result['ratio_to_static'])} | {_ratio(result['ratio_to_constant'])} | "
                f"{result['queries']} | {result['bytes']} |"
            )
    if "growth_p50" in report:
        print(
            f"\nScaled to {report['scale']} more articles, p50 / the demo's p50 measured just "
            f"before it (median run): {report['growth_p50']}"
        )
    static = report["static"]
    print(
        f"CSS {static['css_bytes']} bytes; Brotli {static['served']['br']['bytes']} and gzip "
        f"{static['served']['gzip']['bytes']} bytes as sent; "
        f"Cache-Control: {static['served']['br']['cache_control']}"
    )
    print("\nGoals:")
    for goal, met in report["goals"].items():
        print(f"  {'met    ' if met else 'NOT met'}  {goal}")


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


if __name__ == "__main__":
    sys.exit(main())
