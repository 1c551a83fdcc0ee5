import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

PASSWORD = "a-long-test-password-1"
LOGIN_URL = "/admin/login/"


@pytest.fixture
def make_staff(db, django_user_model):
    """Make a staff member who logs in with PASSWORD; `kind` says what they may do."""

    def make(kind: str, username: str | None = None):
        username = username or kind
        if kind == "superuser":
            return django_user_model.objects.create_superuser(username, password=PASSWORD)
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
        if kind in {"editor", "publisher", "front-desk"}:
            group = {"editor": "Editor", "publisher": "Publisher", "front-desk": "Front desk"}
            user.groups.add(Group.objects.get(name=group[kind]))
        elif kind == "inquiry-reader":
            user.user_permissions.add(Permission.objects.get(codename="view_inquiry"))
        elif kind != "receptionist":
            raise ValueError(kind)
        return user

    return make


def log_in_with_password(client, username: str, password: str = PASSWORD, **request):
    """Post the admin's real login form, as a browser at REMOTE_ADDR (or a proxy) would."""
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": reverse("admin:index")},
        **request,
    )


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


class InlineCodeFinder(HTMLParser):
    """Collects what a strict Content-Security-Policy would block: inline script and style."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        if "style" in names:
            self.problems.append(f"style attribute on <{tag}>")
        self.problems.extend(
            f"{name} handler on <{tag}>" for name in names if name.startswith("on")
        )


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def text_of(html: str) -> str:
    """The page's text with tags removed and spaces collapsed, for reading sentences."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
