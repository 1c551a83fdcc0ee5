"""
`{% unchanging %}…{% endunchanging %}`: a part of every page that is the same for every visitor
and every request (the site's header, its footer, the links in the head), rendered once per
process instead of on every page.

    {% load unchanging %}
    {% unchanging %}<footer>{% include "includes/contact.html" %}</footer>{% endunchanging %}

The part is rendered with the clinic's details and nothing else (what the `clinic` context
processor gives: `clinic`, `site_url`), never with the page's own context, so nothing that
differs between visitors or requests can reach it: a variable from the view or the request is
simply empty there, on the first render as on every later one. Tags that need neither, such as
`{% static %}` and `{% route_path %}`, work as usual.

The rendered text is kept on the template's node, so it lasts as long as the compiled template
(the whole process with the cached template loader; one render with DEBUG's reloading
loader). It is rendered again when the URLconf or the script prefix changes, and when a test
changes a setting.
"""

from django import template
from django.core.signals import setting_changed
from django.urls import get_resolver, get_script_prefix, get_urlconf

from clinic_site.context_processors import clinic

register = template.Library()

# Bumped whenever a setting changes (only tests change settings in a running process), so that
# parts rendered under the old settings are rendered again.
_settings_generation = 0


@register.tag
def unchanging(parser, token):
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("'unchanging' takes no arguments.")
    nodelist = parser.parse(("endunchanging",))
    parser.delete_first_token()
    return UnchangingNode(nodelist)


class UnchangingNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered_for = None
        self.rendered = ""

    def render(self, context):
        key = (get_resolver(get_urlconf()), get_script_prefix(), _settings_generation)
        if key != self.rendered_for:
            # Two threads may both render it the first time: they render the same text.
            self.rendered = self.nodelist.render(context.new(clinic(None)))
            self.rendered_for = key
        return self.rendered


def _settings_changed(**kwargs):
    global _settings_generation
    _settings_generation += 1


setting_changed.connect(_settings_changed)
