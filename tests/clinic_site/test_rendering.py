import pytest

from clinic_site.rendering import render_markdown


def test_markdown_becomes_html():
    html = render_markdown("Some **bold** text.\n\n- One\n- Two")

    assert "<strong>bold</strong>" in html
    assert "<ul>\n<li>One</li>\n<li>Two</li>\n</ul>" in html


@pytest.mark.parametrize("text", ["", None])
def test_nothing_renders_as_nothing(text):
    assert render_markdown(text) == ""


def test_first_level_heading_becomes_h2_as_the_page_title_is_the_only_h1():
    html = render_markdown("# Heading\n\nText.")

    assert "<h2>Heading</h2>" in html
    assert "<h1" not in html


def test_script_tag_and_its_content_are_removed():
    html = render_markdown("Before.\n\n<script>alert(1)</script>\n\nAfter.")

    assert "<script" not in html
    assert "alert(1)" not in html
    assert "Before." in html
    assert "After." in html


def test_inline_script_tag_inside_a_paragraph_is_removed():
    html = render_markdown("Text <script>alert(1)</script> more text.")

    assert "<script" not in html
    assert "alert(1)" not in html


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="https://example.org/a.png" onerror="alert(1)">',
        '<a href="https://example.org" onclick="alert(1)">Link</a>',
        '<p onmouseover="alert(1)">Hover</p>',
    ],
)
def test_event_handler_attributes_are_removed(markup):
    html = render_markdown(markup)

    assert "alert(1)" not in html
    assert " on" not in html


@pytest.mark.parametrize(
    "text",
    [
        "[Click](javascript:alert(1))",
        '<a href="javascript:alert(1)">Click</a>',
        '<a href="JaVaScRiPt:alert(1)">Click</a>',
        "![Photo](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    ],
)
def test_dangerous_link_schemes_are_removed(text):
    html = render_markdown(text)

    assert "javascript:" not in html.lower()
    assert "data:" not in html


def test_style_and_iframes_are_removed():
    html = render_markdown(
        '<p style="color: red">Red</p>\n\n<style>p {}</style>\n\n'
        '<iframe src="https://example.org"></iframe>'
    )

    assert "style" not in html
    assert "<iframe" not in html
    assert "Red" in html


def test_safe_links_are_kept_and_do_not_leak_the_opener():
    html = render_markdown("[NICE guideline](https://www.nice.org.uk/guidance/cg173)")

    assert 'href="https://www.nice.org.uk/guidance/cg173"' in html
    assert 'rel="noopener noreferrer"' in html
    assert ">NICE guideline</a>" in html
