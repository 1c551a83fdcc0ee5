"""Debian's Chromium, as the browser tests and `make screenshots` start it."""

import os
import shutil

# Chromium is kept off the network, which these machines do not have.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


class ChromiumMissing(RuntimeError):
    pass


def chromium_path() -> str:
    """The machine's Chromium: CHROMIUM_PATH, else `chromium` on the PATH."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        raise ChromiumMissing(
            f"Chromium not found at {path}: install Debian's package "
            "(apt-get install chromium) or set CHROMIUM_PATH."
        )
    return path
