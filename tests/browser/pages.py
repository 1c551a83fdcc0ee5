"""Every public page type, and how a visitor reaches it, for the browser quality gates."""

from articles.models import Article
from conditions.models import Condition
from practitioners.models import Practitioner

# Paths known once the demo content is loaded (`load_demo`).
STATIC_PAGE_PATHS = {
    "home": "/",
    "condition list": "/conditions/",
    "article list": "/articles/",
    "practitioner list": "/practitioners/",
    "about": "/about/",
    "booking form": "/book/",
    "privacy notice": "/privacy/",
    "search results": "/search/?q=nerve+pain",
    "search without results": "/search/?q=zzzzqqq",
    "not found": "/no-such-page/",
}


def page_paths() -> dict[str, str]:
    """The path of every page type that a plain visit shows."""
    return {
        **STATIC_PAGE_PATHS,
        "condition": Condition.objects.get(slug="neuropathy").get_absolute_url(),
        "article": Article.objects.published().first().get_absolute_url(),
        "practitioner": Practitioner.objects.active().first().get_absolute_url(),
    }


def fill_booking_form(page, *, name="Margaret Jones", email="margaret@example.org") -> None:
    """Fill in the booking form as a visitor would, keeping any pre-selected choice."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    condition = page.get_by_label("What would you like help with?")
    if not condition.input_value():
        condition.select_option(label="Neuropathy")
    page.get_by_label("Weekday mornings").check()
    page.get_by_label("Yes, this would be my first visit").check()
    page.locator("input[name=consent]").check()
