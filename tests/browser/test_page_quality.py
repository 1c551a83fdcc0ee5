"""
Every public page type in Chromium: no console errors, no CSP violations, and no axe
violations of WCAG 2.0, 2.1 and 2.2 (A and AA) or of axe's best practices.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Article
from tests.browser.pages import fill_booking_form, page_paths
from tests.browser.staff_login import PASSWORD, log_in
from tests.staff import confirmed_device, wrong_code

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22a",
            "wcag22aa",
            "best-practice",
        ],
    },
    "resultTypes": ["violations"],
}
PAGE_TYPES = [
    "home",
    "condition list",
    "condition",
    "article list",
    "article",
    "practitioner list",
    "practitioner",
    "about",
    "booking form",
    "privacy notice",
    "search results",
    "search without results",
    "not found",
]


def assert_page_is_clean(page) -> None:
    assert page.console_errors == [], f"console errors on {page.url}: {page.console_errors}"
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]
    assert violations == [], f"axe violations on {page.url}:\n" + "\n".join(violations)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_public_page_has_no_accessibility_violations_or_console_errors(
    demo_site, watched_page, page_type
):
    watched_page.goto(demo_site.url + page_paths()[page_type])

    assert_page_is_clean(watched_page)


def test_booking_form_with_errors_is_accessible(demo_site, watched_page):
    watched_page.goto(demo_site.url + "/book/")
    watched_page.get_by_role("button", name="Send").click()

    assert watched_page.get_by_role("alert").is_visible()
    assert_page_is_clean(watched_page)


def test_thank_you_page_is_accessible(demo_site, watched_page):
    watched_page.goto(demo_site.url + "/book/")
    fill_booking_form(watched_page)
    watched_page.get_by_role("button", name="Send").click()

    assert "/book/thanks/" in watched_page.url
    assert_page_is_clean(watched_page)


def test_a_content_security_policy_violation_is_caught(demo_site, watched_page):
    """The console check can fail: an image from another site breaks the policy."""
    watched_page.goto(demo_site.url + "/")

    watched_page.evaluate(
        """() => {
            const image = document.createElement("img");
            image.src = "https://images.example.org/photo.png";
            document.body.append(image);
        }"""
    )
    watched_page.wait_for_timeout(200)

    assert any("Content Security Policy" in error for error in watched_page.console_errors)


ADMIN_PAGES = [
    "/admin/",
    "/admin/articles/article/",
    "/admin/articles/article/{article}/change/",
    "/admin/articles/article/{article}/review/",
    "/admin/articles/article/{article}/sign-off-claims/",
    "/admin/articles/article/{article}/history/compare/",
    "/admin/articles/article/dashboard/",
    "/admin/articles/article/import/",
    "/admin/inquiries/inquiry/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_we_customised_have_no_accessibility_violations(
    demo_site, watched_page, django_user_model, path
):
    admin = django_user_model.objects.create_superuser("admin", password=PASSWORD)
    article = Article.objects.published().first()
    log_in(watched_page, demo_site, admin)

    watched_page.goto(demo_site.url + path.format(article=article.pk))

    assert_page_is_clean(watched_page)


def reach_two_factor_page(page, live_server, django_user_model, state: str) -> None:
    """Log in with the password only and stop on the sign-in page named by `state`."""
    admin = django_user_model.objects.create_superuser("admin", password=PASSWORD)
    if state.startswith("code"):
        confirmed_device(admin)
    page.goto(live_server.url + "/admin/login/")
    attempts = 5 if state == "locked out" else 1
    for _ in range(attempts):
        page.get_by_label("Username").fill("admin")
        page.get_by_label("Password").fill("wrong-password" if attempts == 5 else PASSWORD)
        page.get_by_role("button", name="Log in").click()
    if state == "code refused":
        page.get_by_label("6-digit code").fill(wrong_code(confirmed_device(admin)))
        page.get_by_role("button", name="Continue").click()
        page.get_by_text("That code is not right").wait_for()


@pytest.mark.parametrize("state", ["set up", "code", "code refused", "locked out"])
def test_sign_in_pages_have_no_accessibility_violations(
    demo_site, watched_page, django_user_model, state
):
    reach_two_factor_page(watched_page, demo_site, django_user_model, state)

    expected = {
        "set up": "Set up two-factor sign-in",
        "code": "Enter your code",
        "code refused": "Enter your code",
        "locked out": "Login locked for now",
    }[state]
    assert watched_page.get_by_role("heading", level=1).inner_text() == expected
    assert_page_is_clean(watched_page)
