"""`{{ data|json_ld }}`: a structured-data dict as a JSON-LD block that cannot break out.

A `<script type="application/ld+json">` block is data, not script: browsers do not run it, so
the strict Content-Security-Policy allows it without a nonce. Its text is raw (HTML entities are
not decoded), so the JSON must never contain "</script>" or "<!--": like Django's json_script,
<, > and & become JSON escapes (\\u003C ...), which every JSON parser reads back unchanged.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# <, > and & could end the block or open a comment in it; line and paragraph separators end
# a line in older JavaScript parsers.
_JSON_ESCAPES = [
    ("<", "\\u003C"),
    (">", "\\u003E"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
]


def json_ld_text(data) -> str:
    """`data` as JSON, with the characters that could end the script block escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    # str.replace, not str.translate: on text with any non-ASCII character (an article's
    # dashes and accents) translate looks up every character, some ten times slower here.
    for character, escape in _JSON_ESCAPES:
        text = text.replace(character, escape)
    return text


@register.filter
def json_ld(data) -> SafeString:
    if not data:
        return SafeString("")
    # mark_safe as in Django's json_script: HTML-escaping would corrupt the JSON (a script
    # block's text is not entity-decoded), and json_ld_text already escaped what matters.
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(json_ld_text(data))
    )
