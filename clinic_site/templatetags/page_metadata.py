"""
Each public page's metadata, declared once in its template.

    {% block meta %}{% page_meta title=article.title kind="article" %}{% endblock %}
    {% block breadcrumbs %}{% breadcrumbs article.title parent="articles:list" %}{% endblock %}

`page_meta` writes the <title>, the meta description, the canonical link and the Open Graph
and Twitter-card tags from one title and one description, so they cannot drift apart.
`breadcrumbs` writes the visible trail and the same trail as a JSON-LD BreadcrumbList.
"""

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from clinic_site.absolute_urls import absolute_url, canonical_url
from clinic_site.route_paths import route_path
from clinic_site.structured_data import breadcrumb_list
from clinic_site.templatetags.structured_data import json_ld

register = template.Library()

DEFAULT_DESCRIPTION = (
    "{clinic}: acupuncture for nerve pain and long-term pain, with honest information about "
    "what the evidence shows."
)
# Longer descriptions (an article's summary standing in for its meta description) are cut:
# search engines show about 160 characters.
DESCRIPTION_LENGTH = 300

# The pages a breadcrumb trail passes through between the home page and the current page.
TRAIL_PAGES = {
    "conditions:list": "Conditions",
    "articles:list": "Articles",
    "practitioners:list": "Practitioners",
    "inquiries:create": "Ask for an appointment",
}


@register.simple_tag(takes_context=True)
def page_meta(
    context,
    title: str,
    description: str = "",
    *,
    kind: str = "website",
    image=None,
    image_alt: str = "",
    error: bool = False,
    indexable: bool = True,
    published=None,
    modified=None,
) -> SafeString:
    """The head's metadata for a page titled `title` (without the clinic's name).

    `kind` is the Open Graph type (website, article, profile); `image` a file or URL, only
    where the page has one; `error` prefixes "Error: " (a form with mistakes); `indexable=False`
    (error pages, staff previews, search results) leaves out the canonical link and og:url.
    """
    request = context.get("request")
    site_name = settings.CLINIC["name"]
    page_title = f"Error: {title}" if error else str(title)
    description = " ".join(str(description).split()) or DEFAULT_DESCRIPTION.format(
        clinic=site_name
    )
    if len(description) > DESCRIPTION_LENGTH:
        description = Truncator(description).chars(DESCRIPTION_LENGTH)
    url = canonical_url(request) if indexable and request is not None else ""
    image_url = absolute_url(getattr(image, "url", None) or str(image)) if image else ""
    document_title = page_title if page_title == site_name else f"{page_title} | {site_name}"
    published, modified = _timestamp(published), _timestamp(modified)
    # Written out here rather than in a template: every page has these twenty tags. The ones a
    # page may lack are made first; format_html escapes every value.
    canonical = og_url = og_image = twitter_image = times = ""
    if url:
        canonical = format_html('<link rel="canonical" href="{}">\n  ', url)
        og_url = format_html('<meta property="og:url" content="{}">\n  ', url)
    if image_url:
        og_image = format_html('<meta property="og:image" content="{}">\n  ', image_url)
        twitter_image = format_html('\n  <meta name="twitter:image" content="{}">', image_url)
        if image_alt:
            og_image = format_html(
                '{}<meta property="og:image:alt" content="{}">\n  ', og_image, image_alt
            )
            twitter_image = format_html(
                '{}\n  <meta name="twitter:image:alt" content="{}">', twitter_image, image_alt
            )
    if published:
        times = format_html('<meta property="article:published_time" content="{}">\n  ', published)
    if modified:
        times = format_html(
            '{}<meta property="article:modified_time" content="{}">\n  ', times, modified
        )
    return format_html(
        "<title>{}</title>\n"
        '  <meta name="description" content="{}">\n'
        "  {}"
        '<meta property="og:site_name" content="{}">\n'
        '  <meta property="og:locale" content="en_GB">\n'
        '  <meta property="og:type" content="{}">\n'
        '  <meta property="og:title" content="{}">\n'
        '  <meta property="og:description" content="{}">\n'
        "  {}{}{}"
        '<meta name="twitter:card" content="summary">\n'
        '  <meta name="twitter:title" content="{}">\n'
        '  <meta name="twitter:description" content="{}">{}',
        document_title,
        description,
        canonical,
        site_name,
        kind,
        page_title,
        description,
        og_url,
        og_image,
        times,
        page_title,
        description,
        twitter_image,
    )


@register.simple_tag(takes_context=True)
def breadcrumbs(context, label: str, parent: str | None = None) -> SafeString:
    """Home › [parent page ›] this page, shown and as structured data."""
    request = context.get("request")
    trail = [("Home", route_path("home"))]
    if parent:
        trail.append((TRAIL_PAGES[parent], route_path(parent)))
    current = canonical_url(request) if request is not None else ""
    trail.append((str(label), current))
    return format_html(
        '<nav class="wrap breadcrumbs" aria-label="Breadcrumb">\n  <ol>\n    {}\n'
        '    <li><span aria-current="page">{}</span></li>\n  </ol>\n</nav>\n{}',
        format_html_join(
            "\n    ", '<li><a href="{}">{}</a></li>', ((url, name) for name, url in trail[:-1])
        ),
        trail[-1][0],
        json_ld(breadcrumb_list([(name, absolute_url(url)) for name, url in trail])),
    )


def _timestamp(moment) -> str:
    """ISO 8601 to the second, as Open Graph's article times are usually read."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""
