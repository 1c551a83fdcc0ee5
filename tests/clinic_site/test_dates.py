from datetime import UTC, date, datetime

from django.template import Context, Template

from clinic_site.templatetags.dates import long_date, time_element


def test_an_aware_time_is_shown_on_the_sites_day_with_its_offset():
    # 23:30 UTC on 31 July is already 1 August in London (summer time).
    moment = datetime(2026, 7, 31, 23, 30, tzinfo=UTC)

    assert time_element(moment) == (
        '<time datetime="2026-08-01T00:30:00+0100">1 August 2026</time>'
    )
    assert long_date(moment) == "1 August 2026"


def test_a_date_is_shown_as_it_is():
    assert time_element(date(2026, 3, 2)) == '<time datetime="2026-03-02">2 March 2026</time>'


def test_nothing_shows_nothing_and_the_tag_is_not_escaped_again():
    template = Template("{% load dates %}[{% time_element missing %}]{% time_element day %}")

    rendered = template.render(Context({"day": date(2026, 3, 2)}))

    assert rendered == '[]<time datetime="2026-03-02">2 March 2026</time>'
