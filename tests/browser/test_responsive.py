"""On a 360 px phone and a 1280 px desktop: no sideways scrolling, a usable navigation, and
touch targets of at least 24 by 24 CSS pixels (WCAG 2.2, 2.5.8)."""

import pytest

from tests.browser.pages import page_paths

pytestmark = pytest.mark.browser

WIDTHS = [360, 1280]
MINIMUM_TARGET = 24
# Links inside running text are exempt from the target size rule (WCAG 2.5.8 "inline").
SMALL_TARGETS_SCRIPT = """(minimum) => {
    const inline = (element) => element.tagName === "A"
        && element.closest("p, li, dd, td, address, figcaption")
        && !element.closest("nav, .site-nav, .tags, .pagination");
    return [...document.querySelectorAll("a[href], button, input, select, textarea, summary")]
        .filter((element) => element.offsetParent !== null && !inline(element))
        .filter((element) => element.closest("[aria-hidden=true]") === null)
        .map((element) => {
            const box = element.getBoundingClientRect();
            return {target: element.outerHTML.slice(0, 80), width: box.width, height: box.height};
        })
        .filter((box) => box.width < minimum || box.height < minimum);
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen_with_large_enough_targets(demo_site, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    problems = []
    for name, path in page_paths().items():
        page.goto(demo_site.url + path)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"{name}: scrolls sideways by {overflow}px")
        for small in page.evaluate(SMALL_TARGETS_SCRIPT, MINIMUM_TARGET):
            problems.append(
                f"{name}: target {small['width']:.0f}x{small['height']:.0f} {small['target']}"
            )

    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_main_navigation_is_visible_and_leads_to_each_section(demo_site, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(demo_site.url)
    navigation = page.get_by_role("navigation", name="Main")

    for section, heading in [("Conditions", "Conditions"), ("Practitioners", "practitioners")]:
        link = navigation.get_by_role("link", name=section, exact=True)
        assert link.is_visible()
        link.click()
        assert heading in page.get_by_role("heading", level=1).inner_text()
        page.go_back()
