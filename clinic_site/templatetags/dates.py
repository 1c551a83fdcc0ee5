"""
Dates as readers see them and machines read them, in one tag.

    {% load dates %}{% time_element article.published_at %}
    → <time datetime="2026-03-02T09:30:00+0000">2 March 2026</time>

A date gives `datetime="2026-03-02"`; an aware datetime is shown in the site's time zone, as
the `date` filter would, and carries its offset. The same output as
`<time datetime="{{ d|date:'Y-m-d\\TH:i:sO' }}">{{ d|date:"j F Y" }}</time>` at a fraction of
the cost: the `date` filter looks up the locale's formats for every call, and an article page
has eight of them.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def time_element(moment: date | datetime | None) -> str:
    if not moment:
        return ""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment)
        machine = moment.strftime("%Y-%m-%dT%H:%M:%S%z")
    else:
        machine = moment.isoformat()
    return format_html('<time datetime="{}">{}</time>', machine, _long_local_date(moment))


def long_date(moment: date | datetime) -> str:
    """ "2 March 2026": the day in the site's time zone, as readers write it."""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment)
    return _long_local_date(moment)


def _long_local_date(moment: date | datetime) -> str:
    return f"{moment.day} {MONTHS[moment.month]} {moment.year}"
