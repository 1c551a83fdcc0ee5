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
from django.utils.text import Truncator

from clinic_site.absolute_urls import absolute_url, canonical_url
from clinic_site.route_paths import route_path
from clinic_site.structured_data import breadcrumb_list

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


@register.inclusion_tag("includes/meta.html", takes_context=True)
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
) -> dict:
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
    url = canonical_url(request) if indexable and request is not None else None
    image_url = ""
    if image:
        image_url = absolute_url(getattr(image, "url", None) or str(image))
    return {
        "document_title": page_title if page_title == site_name else f"{page_title} | {site_name}",
        "title": page_title,
        "description": (
            description
            if len(description) <= DESCRIPTION_LENGTH
            else Truncator(description).chars(DESCRIPTION_LENGTH)
        ),
        "canonical": url,
        "kind": kind,
        "site_name": site_name,
        "image_url": image_url,
        "image_alt": image_alt,
        "published": _timestamp(published),
        "modified": _timestamp(modified),
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, label: str, parent: str | None = None) -> dict:
    """Home › [parent page ›] this page, shown and as structured data."""
    request = context.get("request")
    trail = [("Home", route_path("home"))]
    if parent:
        trail.append((TRAIL_PAGES[parent], route_path(parent)))
    current = canonical_url(request) if request is not None else ""
    trail.append((str(label), current))
    return {
        "trail": trail,
        "structured_data": breadcrumb_list([(name, absolute_url(url)) for name, url in trail]),
    }


def _timestamp(moment) -> str:
    """ISO 8601 to the second, as Open Graph's article times are usually read."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""
