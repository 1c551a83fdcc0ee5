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
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
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
    url = canonical_url(request) if indexable and request is not None else None
    image_url = absolute_url(getattr(image, "url", None) or str(image)) if image else ""
    document_title = page_title if page_title == site_name else f"{page_title} | {site_name}"
    published, modified = _timestamp(published), _timestamp(modified)
    # Written out here rather than in a template: every page has these twenty tags. Each value
    # is escaped once, below, and used as often as the tags need it.
    document_title, page_title, description, site_name, kind, image_alt = map(
        conditional_escape, (document_title, page_title, description, site_name, kind, image_alt)
    )
    url, image_url = conditional_escape(url or ""), conditional_escape(image_url)
    tags = [
        f"<title>{document_title}</title>",
        f'<meta name="description" content="{description}">',
        url and f'<link rel="canonical" href="{url}">',
        f'<meta property="og:site_name" content="{site_name}">',
        '<meta property="og:locale" content="en_GB">',
        f'<meta property="og:type" content="{kind}">',
        f'<meta property="og:title" content="{page_title}">',
        f'<meta property="og:description" content="{description}">',
        url and f'<meta property="og:url" content="{url}">',
        image_url and f'<meta property="og:image" content="{image_url}">',
        image_url and image_alt and f'<meta property="og:image:alt" content="{image_alt}">',
        published and f'<meta property="article:published_time" content="{published}">',
        modified and f'<meta property="article:modified_time" content="{modified}">',
        '<meta name="twitter:card" content="summary">',
        f'<meta name="twitter:title" content="{page_title}">',
        f'<meta name="twitter:description" content="{description}">',
        image_url and f'<meta name="twitter:image" content="{image_url}">',
        image_url and image_alt and f'<meta name="twitter:image:alt" content="{image_alt}">',
    ]
    return mark_safe("\n  ".join(tag for tag in tags if tag))


@register.simple_tag(takes_context=True)
def breadcrumbs(context, label: str, parent: str | None = None) -> SafeString:
    """Home › [parent page ›] this page, shown and as structured data."""
    request = context.get("request")
    trail = [("Home", route_path("home"))]
    if parent:
        trail.append((TRAIL_PAGES[parent], route_path(parent)))
    current = canonical_url(request) if request is not None else ""
    trail.append((str(label), current))
    links = [format_html('<li><a href="{}">{}</a></li>', url, name) for name, url in trail[:-1]]
    here = format_html('<li><span aria-current="page">{}</span></li>', trail[-1][0])
    return format_html(
        '<nav class="wrap breadcrumbs" aria-label="Breadcrumb">\n  <ol>\n    {}\n  </ol>\n'
        "</nav>\n{}",
        mark_safe("\n    ".join([*links, here])),  # each piece escaped by format_html
        json_ld(breadcrumb_list([(name, absolute_url(url)) for name, url in trail])),
    )


def _timestamp(moment) -> str:
    """ISO 8601 to the second, as Open Graph's article times are usually read."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""
