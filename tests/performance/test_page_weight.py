"""Page weight: small HTML and CSS, nothing needed but them to read, static files compressed."""

import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, override_settings

from articles import demo_scale
from articles.models import Article

pytestmark = pytest.mark.django_db

SITE_CSS = settings.BASE_DIR / "static" / "css" / "site.css"
ONE_YEAR = 365 * 24 * 60 * 60


def test_a_1500_word_article_page_is_under_40_kb(client):
    demo_scale.generate(1)
    article = Article.objects.get(slug=f"{demo_scale.PREFIX}article-00001")
    assert len(article.body.split()) >= 1500
    assert article.references.count() == 3

    response = client.get(article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert len(response.content) < 40_000


def test_nothing_but_html_and_css_is_needed_to_read_an_article(client, published_article):
    page = client.get(published_article.get_absolute_url()).content.decode()

    # Only JSON-LD data blocks: no script runs, and no web font is loaded.
    assert re.findall(r"<script(?![^>]*application/ld\+json)", page) == []
    assert "@font-face" not in SITE_CSS.read_text()


def test_the_stylesheet_is_under_20_kb():
    assert SITE_CSS.stat().st_size < 20_000


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """collectstatic with the production storage: hashed names, gzip and Brotli siblings."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=settings.STORAGES | _production_static()):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root, staticfiles_storage.stored_name("css/site.css")


def _production_static() -> dict:
    return {"staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}


def test_collected_static_files_have_brotli_and_gzip_siblings(collected_static):
    root, css = collected_static

    assert (root / f"{css}.br").exists()
    assert (root / f"{css}.gz").exists()


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_hashed_static_file_is_sent_compressed_and_immutable(collected_static, encoding):
    root, css = collected_static
    with override_settings(STATIC_ROOT=root, STORAGES=settings.STORAGES | _production_static()):
        client = Client()  # whitenoise reads STATIC_ROOT when the middleware is built
        response = client.get(f"/static/{css}", headers={"Accept-Encoding": encoding})

    assert response.status_code == HTTPStatus.OK
    assert response.headers["Content-Encoding"] == encoding
    cache_control = dict(
        (part.strip().split("=") + [""])[:2]
        for part in response.headers["Cache-Control"].split(",")
    )
    assert int(cache_control["max-age"]) >= ONE_YEAR
    assert "immutable" in cache_control
