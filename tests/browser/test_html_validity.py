"""Every public page type is valid HTML by the Nu Html Checker (npm vnu-jar, run with Java)."""

import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from conditions.models import Condition
from tests.browser.pages import page_paths

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def hidden_inputs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def booking_pages(client) -> dict[str, str]:
    """The booking form after a failed and after a successful submission."""
    form_page = client.get("/book/").content.decode()
    with_errors = client.post("/book/", hidden_inputs(form_page)).content.decode()
    valid = {
        **hidden_inputs(client.get("/book/").content.decode()),
        "name": "Margaret Jones",
        "email": "margaret@example.org",
        "condition": str(Condition.objects.get(slug="neuropathy").pk),
        "preferred_times": ["weekday_mornings"],
        "new_patient": "yes",
        "consent": "on",
    }
    thanks = client.post("/book/", valid, follow=True)
    assert thanks.redirect_chain, "the booking did not go through:\n" + "\n".join(
        re.findall(r'class="field__error"[^>]*>(.*?)</p>', thanks.content.decode())
    )
    assert thanks.redirect_chain[-1][0].endswith("/book/thanks/")
    return {"booking form with errors": with_errors, "thank-you": thanks.content.decode()}


def nu_html_checker_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    if not VNU_JAR.exists():
        pytest.fail(f"The Nu Html Checker is missing ({VNU_JAR}): run `npm ci`.")
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = folder / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            *map(str, folder.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    report = json.loads(result.stderr or result.stdout)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        page = files.get(message.get("url", "?").rsplit("/", 1)[-1], message.get("url", "?"))
        errors.setdefault(page, []).append(
            f"line {message.get('lastLine', '?')}: {message['message']}"
        )
    return errors


def test_every_public_page_type_is_valid_html(client, settings, tmp_path):
    settings.INQUIRY_MIN_SECONDS = 0
    settings.INQUIRY_RATE_LIMIT = 0
    call_command("load_demo", verbosity=0)
    pages = {name: client.get(path).content.decode() for name, path in page_paths().items()}
    pages |= booking_pages(client)

    errors = nu_html_checker_errors(pages, tmp_path)

    assert len(pages) >= 15
    assert errors == {}, "\n".join(
        f"{page}:\n  " + "\n  ".join(messages) for page, messages in errors.items()
    )


def test_the_checker_reports_invalid_html(tmp_path):
    """The gate can fail: a page with a stray end tag and no title is reported."""
    broken = "<!doctype html><html lang=en><head></head><body><p>Hi</div></body></html>"

    errors = nu_html_checker_errors({"broken": broken}, tmp_path)

    assert len(errors["broken"]) >= 2
