"""`{% route_path "articles:list" %}`: `{% url %}` for the site's fixed routes, reversed once.

For the links every page carries (navigation, feeds); see clinic_site/route_paths.py.
"""

from django import template

from clinic_site.route_paths import route_path as _route_path

register = template.Library()


@register.simple_tag
def route_path(name: str, **kwargs: str) -> str:
    return _route_path(name, **kwargs)
