"""{% unchanging %}: rendered once per process, from the clinic's details only."""

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError, engines
from django.test import RequestFactory, override_settings
from django.urls import clear_script_prefix, set_script_prefix

from clinic_site.route_paths import route_path

FOOTER = (
    "{% load unchanging route_paths %}"
    "{% unchanging %}<p>{{ clinic.name }} {{ visitor }} {% route_path 'about' %}</p>"
    "{% endunchanging %}<span>{{ visitor }}</span>"
)


def render(template: Template, **context) -> str:
    return template.render(Context(context))


def test_the_part_sees_the_clinic_and_never_the_page_context():
    template = Template(FOOTER)

    first = render(template, visitor="Ann")
    second = render(template, visitor="Bob")

    name = settings.CLINIC["name"]
    assert first == f"<p>{name}  {route_path('about')}</p><span>Ann</span>"
    # The same text for the next visitor; the rest of the page is the page's own.
    assert second == f"<p>{name}  {route_path('about')}</p><span>Bob</span>"


def test_a_request_context_reaches_it_no_more_than_a_plain_one():
    request = RequestFactory().get("/")
    request.user = type("Visitor", (), {"username": "ann"})()
    template = engines["django"].from_string(
        "{% load unchanging %}{% unchanging %}[{{ request.user.username }}]{% endunchanging %}"
    )

    assert template.render({"visitor": "Ann"}, request) == "[]"


def test_it_is_rendered_again_when_a_setting_changes():
    template = Template(FOOTER)
    render(template, visitor="Ann")

    with override_settings(CLINIC={**settings.CLINIC, "name": "Hillside Acupuncture"}):
        assert render(template).startswith("<p>Hillside Acupuncture ")
    assert render(template).startswith(f"<p>{settings.CLINIC['name']} ")


def test_it_is_rendered_again_for_another_script_prefix():
    template = Template(FOOTER)
    about = route_path("about")
    render(template)

    set_script_prefix("/clinic/")
    try:
        assert f" /clinic{about}</p>" in render(template)
    finally:
        clear_script_prefix()
    assert f" {about}</p>" in render(template)


def test_it_takes_no_arguments():
    with pytest.raises(TemplateSyntaxError, match="takes no arguments"):
        Template("{% load unchanging %}{% unchanging 'footer' %}{% endunchanging %}")
