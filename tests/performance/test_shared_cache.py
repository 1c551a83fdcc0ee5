"""
Two gunicorn workers and another process share one cache: a change made anywhere is seen at once.

A real gunicorn (2 workers, production settings) serves a temporary SQLite database with the
demo content; a separate `manage.py shell` process edits an article, as the admin on another
worker or machine would. Every request afterwards, whichever worker answers it, shows the edit.
Run against the default file cache and against Redis (db 6 of 127.0.0.1:6379, skipped when no
Redis answers there: CI provides none).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ARTICLE = "/articles/acupuncture-and-nerve-pain-what-the-evidence-says/"
# Production settings, except plain static files: no collectstatic needed for the run.
SETTINGS_MODULE = """\
from clinic_site.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""
EDIT_SCRIPT = """\
from articles.models import Article
article = Article.objects.get(slug="acupuncture-and-nerve-pain-what-the-evidence-says")
article.title = {title!r}
article.save()
"""


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(environment: dict, *arguments: str) -> None:
    subprocess.run(
        [str(BIN / "python"), "manage.py", *arguments],
        cwd=PROJECT,
        env=environment,
        check=True,
        capture_output=True,
    )


def fetch(url: str) -> tuple[str, str | None]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode(), response.headers.get("X-Page-Cache")


@pytest.fixture
def site(tmp_path, request):
    """gunicorn with 2 workers and the page cache on, over the cache named by the parameter."""
    (tmp_path / "shared_cache_settings.py").write_text(SETTINGS_MODULE)
    cache_url = request.param
    if cache_url == "file":
        cache_url = f"filecache://{tmp_path / 'cache'}"
    elif not redis_answers():
        pytest.skip("no Redis on 127.0.0.1:6379")
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(PROJECT)]),
        "DJANGO_SETTINGS_MODULE": "shared_cache_settings",
        "DEBUG": "false",
        "SECRET_KEY": "shared-cache-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "CACHE_URL": cache_url,
        "PAGE_CACHE": "true",
        "LOG_LEVEL": "WARNING",
    }
    manage(environment, "migrate", "--noinput")
    manage(environment, "load_demo")
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "clinic_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        cwd=PROJECT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(base + "/")
                break
            except OSError:
                time.sleep(0.2)
        yield base, environment
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("site", ["file", "redis://127.0.0.1:6379/6"], indirect=True)
def test_an_edit_in_another_process_is_seen_by_every_worker(site):
    base, environment = site
    # Enough requests that both workers have the page in memory and in the shared cache.
    before = [fetch(base + ARTICLE) for _ in range(20)]
    assert {status for _, status in before} >= {"hit"}
    title = f"Nerve pain: the evidence, edited {time.time_ns()}"

    manage(environment, "shell", "-c", EDIT_SCRIPT.format(title=title))

    after = [fetch(base + ARTICLE) for _ in range(20)]
    assert all(f"<h1>{title}</h1>" in page for page, _ in after)
    assert {status for _, status in after} >= {"hit"}  # and the new page is cached in turn
