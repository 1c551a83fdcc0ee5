from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.models import Article, Reference
from articles.publishing import publish_problems
from conditions.models import Condition
from practitioners.models import Practitioner

pytestmark = pytest.mark.django_db


def load_demo(*arguments) -> str:
    output = StringIO()
    call_command("load_demo", *arguments, stdout=output)
    return output.getvalue()


def content_counts() -> dict[str, int]:
    return {
        "conditions": Condition.objects.count(),
        "practitioners": Practitioner.objects.count(),
        "active practitioners": Practitioner.objects.active().count(),
        "articles": Article.objects.count(),
        "published articles": Article.objects.published().count(),
        "scheduled articles": sum(article.is_scheduled for article in Article.objects.all()),
        "references": Reference.objects.count(),
        "article conditions": Article.conditions.through.objects.count(),
        "conditions treated": Practitioner.conditions_treated.through.objects.count(),
    }


def test_demo_has_public_drafted_scheduled_and_hidden_content():
    output = load_demo()

    counts = content_counts()
    assert counts["conditions"] >= 2
    assert counts["published articles"] >= 2
    assert counts["scheduled articles"] >= 1
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert counts["active practitioners"] < counts["practitioners"]
    assert f"{counts['articles']} articles" in output


def test_every_public_demo_article_passes_the_publish_rules():
    load_demo()

    for article in Article.objects.filter(status=Article.Status.PUBLISHED):
        assert publish_problems(article, article.references.all()) == [], article.slug


def test_load_demo_is_idempotent():
    load_demo()
    counts = content_counts()
    published_at = dict(Article.objects.values_list("slug", "published_at"))

    load_demo()

    assert content_counts() == counts
    assert dict(Article.objects.values_list("slug", "published_at")) == published_at


def test_load_demo_restores_edited_demo_content():
    load_demo()
    article = Article.objects.published().first()
    Article.objects.filter(pk=article.pk).update(title="Edited by hand")
    article.references.all().delete()

    load_demo()

    article.refresh_from_db()
    assert article.title != "Edited by hand"
    assert article.references.exists()
    assert article.is_published


def test_demo_login_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        load_demo("--demo-login")

    assert not get_user_model().objects.exists()
    assert not Article.objects.exists()


def test_demo_login_creates_a_superuser_when_debug_is_on(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_USERNAME", "demo-editor")
    monkeypatch.setenv("DEMO_PASSWORD", "a-long-local-password")

    load_demo("--demo-login")

    user = get_user_model().objects.get(username="demo-editor")
    assert user.is_superuser
    assert user.is_staff
    assert user.check_password("a-long-local-password")
