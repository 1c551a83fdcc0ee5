"""Staff log in through the real login page and, when their account needs one, the code page."""

from playwright.sync_api import expect

from accounts.mfa import two_factor_required
from tests.staff import confirmed_device, current_code

PASSWORD = "a-long-test-password-1"


def log_in(page, live_server, user, password: str = PASSWORD) -> None:
    """Type the password and then, as the user would from their phone, the current code."""
    device = confirmed_device(user) if two_factor_required(user) else None
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if device is not None:
        expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
        page.get_by_label("6-digit code").fill(current_code(device))
        page.get_by_role("button", name="Continue").click()
    # The admin's own greeting: neither the login page nor the code page shows it.
    expect(page.locator("#user-tools")).to_contain_text("Welcome")
