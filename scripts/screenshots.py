"""
Save full-page screenshots of every public page type at 360 and 1280 px wide.

    python scripts/screenshots.py [--out screenshots]

Runs the demo site on a throwaway SQLite database and drives Debian's Chromium with
Playwright, so anyone can look at the site without starting a browser by hand.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
from tests.browser.chromium import CHROMIUM_FLAGS, chromium_path  # noqa: E402

WIDTHS = [360, 1280]
PAGES = {
    "home": "/",
    "conditions": "/conditions/",
    "condition": "/conditions/neuropathy/",
    "articles": "/articles/",
    "article": "/articles/acupuncture-and-nerve-pain-what-the-evidence-says/",
    "practitioners": "/practitioners/",
    "practitioner": "/practitioners/helen-marsh/",
    "about": "/about/",
    "booking": "/book/",
    "privacy": "/privacy/",
    "search": "/search/?q=nerve+pain",
    "not-found": "/no-such-page/",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_demo_site(database: Path, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "INQUIRY_MIN_SECONDS": "0",
        "INQUIRY_RATE_LIMIT": "0",
    }
    manage = [sys.executable, str(PROJECT / "manage.py")]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True)
    subprocess.run([*manage, "load_demo", "--verbosity", "0"], env=env, check=True)
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("The demo site did not start.")


def take_screenshots(base_url: str, out: Path) -> list[Path]:
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 800})
            for name, path in PAGES.items():
                page.goto(base_url + path)
                saved.append(out / f"{name}-{width}.png")
                page.screenshot(path=saved[-1], full_page=True)
            page.goto(base_url + "/book/")
            page.get_by_role("button", name="Send inquiry").click()
            saved.append(out / f"booking-errors-{width}.png")
            page.screenshot(path=saved[-1], full_page=True)
            page.get_by_label("Your name").fill("Margaret Jones")
            page.get_by_label("Email address").fill("margaret@example.org")
            page.get_by_label("What would you like help with?").select_option(label="Neuropathy")
            page.get_by_label("Yes, this would be my first visit").check()
            page.locator("input[name=consent]").check()
            page.get_by_role("button", name="Send inquiry").click()
            saved.append(out / f"thank-you-{width}.png")
            page.screenshot(path=saved[-1], full_page=True)
            page.close()
        browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--out", default="screenshots", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = start_demo_site(Path(folder) / "screenshots.sqlite3", port)
        try:
            saved = take_screenshots(f"http://127.0.0.1:{port}", args.out)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"Saved {len(saved)} screenshots in {args.out}/")


if __name__ == "__main__":
    main()
