"""route_path() gives exactly what reverse() gives, for every URLconf and script prefix."""

import sys
import types

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, path, reverse, set_script_prefix

from clinic_site.route_paths import route_path

FIXED_ROUTES = [
    "home",
    "about",
    "search",
    "articles:list",
    "conditions:list",
    "practitioners:list",
    "inquiries:create",
    "feeds:articles-rss",
    "feeds:articles-atom",
]


@pytest.mark.parametrize("name", FIXED_ROUTES)
def test_fixed_route_is_the_path_reverse_gives(name):
    assert route_path(name) == reverse(name)
    # The second call comes from the kept template.
    assert route_path(name) == reverse(name)


@pytest.mark.parametrize("name", ["articles:detail", "conditions:detail", "practitioners:detail"])
@pytest.mark.parametrize("slug", ["nerve-pain", "a", "under_score-2", "route-path-placeholder-0-"])
def test_slug_route_is_the_path_reverse_gives(name, slug):
    assert route_path(name, slug=slug) == reverse(name, kwargs={"slug": slug})


@pytest.mark.parametrize("slug", ["", "two words", "a/b", "ünïcode"])
def test_value_that_is_not_a_slug_is_refused_as_reverse_refuses_it(slug):
    with pytest.raises(NoReverseMatch):
        route_path("articles:detail", slug=slug)


def test_value_that_is_not_text_goes_to_reverse():
    assert route_path("articles:detail", slug=7) == reverse("articles:detail", kwargs={"slug": 7})


def test_unknown_route_raises_as_reverse_does():
    with pytest.raises(NoReverseMatch):
        route_path("no-such-route")
    with pytest.raises(NoReverseMatch):
        route_path("no-such-route")


def test_script_prefix_is_honoured():
    expected = route_path("articles:detail", slug="nerve-pain")
    set_script_prefix("/clinic/")
    try:
        assert route_path("articles:detail", slug="nerve-pain") == f"/clinic{expected}"
        assert route_path("home") == "/clinic/"
    finally:
        clear_script_prefix()
    assert route_path("articles:detail", slug="nerve-pain") == expected


def test_overridden_urlconf_is_followed(monkeypatch):
    urlconf = types.ModuleType("route_paths_test_urls")
    urlconf.urlpatterns = [
        path("elsewhere/", lambda request: HttpResponse(), name="home"),
        path("writing/<slug:slug>/read/", lambda request, slug: HttpResponse(), name="piece"),
    ]
    monkeypatch.setitem(sys.modules, urlconf.__name__, urlconf)
    assert route_path("home") == "/"
    with override_settings(ROOT_URLCONF=urlconf.__name__):
        assert route_path("home") == "/elsewhere/"
        assert route_path("piece", slug="nerve-pain") == "/writing/nerve-pain/read/"
    assert route_path("home") == "/"
