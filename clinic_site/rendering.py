"""Turn staff-written Markdown into HTML that is safe to show to visitors."""

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# What Markdown can produce and a health article needs; everything else is stripped.
ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "img",
    "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


class _NoFirstLevelHeadings(Treeprocessor):
    def run(self, root):
        for element in root.iter("h1"):
            element.tag = "h2"


class NoFirstLevelHeadingsExtension(Extension):
    """Make `# Heading` an <h2> like `## Heading`: the page's title is its only <h1>."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API name)
        md.treeprocessors.register(_NoFirstLevelHeadings(md), "no_first_level_headings", 5)


def render_markdown(text: str) -> str:
    """Render Markdown to HTML and sanitise it with an allow-list."""
    html = markdown.markdown(
        text or "",
        extensions=["extra", "sane_lists", NoFirstLevelHeadingsExtension()],
        output_format="html",
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


class RendersMarkdown:
    """Model mixin: keep each rendered HTML field in step with its Markdown source on save."""

    # Markdown source field name -> field holding its sanitised HTML.
    markdown_fields: dict[str, str] = {}

    def save(self, *args, **kwargs):
        for source, target in self.markdown_fields.items():
            setattr(self, target, render_markdown(getattr(self, source)))
        if (update_fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = {*update_fields, *self.markdown_fields.values()}
        super().save(*args, **kwargs)
