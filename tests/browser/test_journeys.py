"""
The site as its users meet it, in Chromium: a visitor reading and booking (by mouse and by
keyboard), an editor and a publisher in the admin, the front desk answering an inquiry.
"""

import re
from base64 import b32decode

import pytest
from django.contrib.auth.models import Group, User
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from articles.models import Article
from inquiries.models import Inquiry
from tests.browser.pages import fill_booking_form
from tests.browser.staff_login import PASSWORD, log_in
from tests.staff import wrong_code

pytestmark = pytest.mark.browser


def staff_user(username: str, group: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_visitor_reads_about_their_condition_and_books_with_the_reviewer(demo_site, page):
    page.goto(demo_site.url)
    page.get_by_role("main").get_by_role("link", name="Neuropathy", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neuropathy")

    page.get_by_role("link", name="Acupuncture and nerve pain: what the evidence says").click()
    article = Article.objects.get(slug="acupuncture-and-nerve-pain-what-the-evidence-says")
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(page.get_by_text(article.disclaimer[:40])).to_be_visible()
    expect(page.get_by_text("Last reviewed")).to_be_visible()
    expect(page.get_by_text("Next review due")).to_be_visible()
    references = page.get_by_role("region", name="References").get_by_role("listitem")
    expect(references).to_have_count(article.references.count())

    reviewer = article.reviewer
    page.get_by_role("link", name=reviewer.name_with_credentials).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(reviewer.name)

    page.get_by_role("main").get_by_role("link", name="Ask for an appointment").click()
    expect(page.get_by_label("Practitioner you would like to see")).to_have_value(str(reviewer.pk))
    fill_booking_form(page)
    page.get_by_role("button", name="Send inquiry").click()

    inquiry = Inquiry.objects.get()
    assert inquiry.practitioner == reviewer
    expect(page.get_by_text(inquiry.reference_code)).to_be_visible()


def test_visitor_books_by_keyboard_alone(demo_site, page):
    page.goto(demo_site.url + "/book/")
    focus_order = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const element = document.activeElement;
                const style = getComputedStyle(element);
                return {
                    inForm: element.closest("form.booking-form") !== null,
                    name: element.name || element.textContent.trim().slice(0, 30),
                    tag: element.tagName,
                    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
                    shadow: style.boxShadow !== "none",
                };
            }"""
        )
        if focused["tag"] in {"INPUT", "SELECT", "TEXTAREA", "BUTTON"}:
            assert focused["outline"] or focused["shadow"], f"no visible focus on {focused}"
            if focused["inForm"]:
                focus_order.append(focused["name"])
        if focused["name"] == "Send inquiry":
            break

    fields = [name for name in dict.fromkeys(focus_order) if name]
    expected = ["name", "email", "phone", "condition", "practitioner", "preferred_times",
                "new_patient", "message", "consent", "Send inquiry"]  # fmt: skip
    assert fields == expected
    assert "website" not in focus_order  # the honeypot is out of the tab order

    page.keyboard.press("Enter")  # send the empty form

    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your name")).to_be_focused()


def test_editor_prepares_an_article_and_publisher_publishes_it(demo_site, page, browser):
    editor = staff_user("editor", "Editor")
    publisher = staff_user("publisher", "Publisher")
    log_in(page, demo_site, editor)
    page.goto(demo_site.url + "/admin/articles/article/add/")
    page.get_by_label("Title:").fill("Acupuncture and sciatica")
    page.get_by_label("Summary:").fill("What sciatica is and what the research says about it.")
    page.get_by_label("Body:").fill("## What is sciatica?\n\nPain along the sciatic nerve.")
    page.get_by_label("Disclaimer:").fill("General information only. Talk to your doctor.")
    page.get_by_label("Meta description:").fill(
        "What sciatica is, how it feels and what the research says about acupuncture."
    )
    page.locator("#id_references-0-citation").fill(
        "Example A, Example B. (2021). Acupuncture for sciatica. J Altern Complement Med."
    )
    page.get_by_label("Status:").select_option(label="In review")

    checklist = page.locator("[data-publish-checklist]")
    expect(checklist).to_contain_text("invented authors")  # the live checklist, as typed
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("Please correct the errors below.")).to_be_visible()
    expect(page.get_by_text("invented authors").first).to_be_visible()
    assert not Article.objects.filter(title="Acupuncture and sciatica").exists()

    page.locator("#id_references-0-citation").fill(
        "Vickers AJ, Vertosick EA, Lewith G, et al. Acupuncture for Chronic Pain: Update of "
        "an Individual Patient Data Meta-Analysis. The Journal of Pain. 2018;19(5):455-474."
    )
    page.locator("#id_references-0-doi").fill("10.1016/j.jpain.2017.11.005")
    page.get_by_role("button", name="Save", exact=True).click()
    article = Article.objects.get(title="Acupuncture and sciatica")
    assert article.status == Article.Status.IN_REVIEW

    publisher_page = browser.new_page()
    log_in(publisher_page, demo_site, publisher)
    publisher_page.goto(demo_site.url + f"/admin/articles/article/{article.pk}/change/")
    publisher_page.get_by_role("link", name="Record a medical review").click()
    publisher_page.get_by_label("Medical reviewer").select_option(index=1)
    publisher_page.get_by_label("The reviewer has checked the whole article").check()
    publisher_page.get_by_role("button", name="Record the review").click()
    expect(publisher_page.get_by_text("The medical review is recorded.")).to_be_visible()
    publisher_page.get_by_label("Status:").select_option(label="Published")
    publisher_page.get_by_role("button", name="Save", exact=True).click()
    expect(publisher_page.get_by_text("was changed successfully")).to_be_visible()

    page.goto(demo_site.url + article.get_absolute_url())
    page.context.clear_cookies()
    page.goto(demo_site.url + article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Acupuncture and sciatica")
    expect(page.get_by_text("Draft — not public")).to_have_count(0)


def test_front_desk_opens_a_new_inquiry_and_marks_it_contacted(demo_site, page):
    page.goto(demo_site.url + "/book/")
    fill_booking_form(page, name="Arthur Dent")
    page.get_by_role("button", name="Send inquiry").click()
    inquiry = Inquiry.objects.get()
    front_desk = staff_user("frontdesk", "Front desk")

    log_in(page, demo_site, front_desk)
    page.get_by_role("link", name=re.compile(r"1 new booking inquiry")).click()
    page.get_by_role("link", name=inquiry.reference_code).click()
    page.get_by_label("Status:").select_option(label="Contacted")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("was changed successfully")).to_be_visible()
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CONTACTED


def test_front_desk_sets_up_two_factor_by_keyboard_and_signs_in_with_it(demo_site, page):
    staff_user("frontdesk", "Front desk")
    page.goto(demo_site.url + "/admin/login/")
    page.get_by_label("Username").fill("frontdesk")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    # The phone's app, given the key as typed by hand from the page.
    key = page.locator("code").inner_text().replace(" ", "")
    app = TOTP(b32decode(key + "=" * (-len(key) % 8)))
    expect(page.get_by_label("6-digit code")).to_be_focused()
    page.keyboard.type(f"{app.token():06d}")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Two-factor sign-in is set up")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"Booking inquiries|Inquiries")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("inquir")

    page.get_by_role("button", name="Log out").click()
    page.goto(demo_site.url + "/admin/inquiries/inquiry/")
    page.get_by_label("Username").fill("frontdesk")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    page.get_by_label("6-digit code").fill(wrong_code(TOTPDevice.objects.get()))
    page.keyboard.press("Enter")
    expect(page.get_by_text("That code is not right")).to_be_visible()
