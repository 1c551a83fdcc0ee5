"""
Fill the database with a small clinic's demo content: conditions, practitioners, articles.

Idempotent: every object is found by its slug (references by article and position) and
brought back to the demo text, so running the command again creates no duplicates. Articles
that should be public go through `article_publish`, the same service as the admin, so the
publish rules apply to the demo too, and reviews are recorded through `article_record_review`;
a published article keeps its publication time on later runs. With `--demo-login`, also
create or reset a local superuser, only when DEBUG is on. With `--scale N`, also generate N
published articles and their conditions and practitioners (articles/demo_scale.py), replacing
any generated before: the grown site the benchmark measures; on PostgreSQL it then runs
VACUUM ANALYZE, after the commit (VACUUM cannot run in a transaction).
"""

import os
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles import demo_content, demo_scale
from articles.models import Article, Reference
from articles.services import PublishingBlocked, article_publish, article_record_review
from conditions.models import Condition
from practitioners.models import Practitioner


class Command(BaseCommand):
    help = (
        "Load the demo conditions, practitioners and articles (safe to run again). "
        "With --demo-login, also create a local demo superuser (DEBUG only)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-login",
            action="store_true",
            help=(
                "Also create, or reset the password of, a demo superuser named by DEMO_USERNAME "
                "(default 'demo') with the password DEMO_PASSWORD (default 'clinic-demo-2026'). "
                "Refused unless DEBUG is on."
            ),
        )

        parser.add_argument(
            "--scale",
            type=int,
            default=None,
            metavar="N",
            help=(
                "Also generate N published articles (about 1,500 words each) with one "
                "condition per 50 articles (at most 200) and one practitioner per 200 (at most "
                "50), replacing those generated before; 0 removes them."
            ),
        )

    def handle(self, *args, demo_login: bool, scale: int | None, verbosity: int, **options):
        self.verbosity = verbosity
        # Checked before any write: a known password must never reach a production database.
        if demo_login and not settings.DEBUG:
            raise CommandError("the demo login is for local development only; set DEBUG=true")
        if scale is not None and scale < 0:
            raise CommandError(f"--scale takes a number of articles, 0 or more (not {scale})")

        with transaction.atomic():
            conditions = self.load_conditions()
            practitioners = self.load_practitioners(conditions)
            articles = self.load_articles(conditions, practitioners)
            if demo_login:
                username, password = self.load_demo_login()
            generated = demo_scale.generate(scale) if scale is not None else None
        if generated is not None:
            demo_scale.vacuum_analyze()  # Only once committed: VACUUM refuses a transaction.

        published = sum(article.is_published for article in articles)
        scheduled = sum(article.is_scheduled for article in articles)
        drafts = len(articles) - published - scheduled
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo content ready: {len(conditions)} conditions, "
                    f"{len(practitioners)} practitioners, {len(articles)} articles "
                    f"({published} published, {scheduled} scheduled, {drafts} draft)"
                )
            )
            if generated is not None:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Generated content: {generated['articles']} published articles, "
                        f"{generated['conditions']} conditions, "
                        f"{generated['practitioners']} practitioners"
                    )
                )
            if demo_login:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Demo logins (local only): {username!r} (everything), "
                        f"{username + '-editor'!r} and {username + '-publisher'!r}; "
                        f"password {password!r}"
                    )
                )

    def load_conditions(self) -> dict[str, Condition]:
        conditions = {}
        for data in demo_content.CONDITIONS:
            fields = {key: value for key, value in data.items() if key != "slug"}
            condition, created = Condition.objects.update_or_create(
                slug=data["slug"], defaults=fields
            )
            self.report("condition", condition.slug, created)
            conditions[condition.slug] = condition
        return conditions

    def load_practitioners(self, conditions: dict[str, Condition]) -> dict[str, Practitioner]:
        practitioners = {}
        for data in demo_content.PRACTITIONERS:
            fields = {
                key: value
                for key, value in data.items()
                if key not in {"slug", "conditions_treated"}
            }
            practitioner, created = Practitioner.objects.update_or_create(
                slug=data["slug"], defaults=fields
            )
            practitioner.conditions_treated.set(
                [conditions[slug] for slug in data["conditions_treated"]]
            )
            self.report("practitioner", practitioner.slug, created)
            practitioners[practitioner.slug] = practitioner
        return practitioners

    def load_articles(
        self, conditions: dict[str, Condition], practitioners: dict[str, Practitioner]
    ) -> list[Article]:
        today = timezone.localdate()
        articles = []
        for data in demo_content.ARTICLES:
            fields = {
                "title": data["title"],
                "summary": data["summary"],
                "meta_description": data["meta_description"],
                "body": data["body"],
                "disclaimer": data["disclaimer"],
                "author": practitioners[data["author"]],
            }
            if data["state"] == "draft":
                # The draft breaks the publish rules, so it must be a draft whatever happened
                # to it since the last run.
                fields |= {"status": Article.Status.DRAFT, "published_at": None}
            # New articles start as drafts (the model's default) and are published below.
            article, created = Article.objects.update_or_create(slug=data["slug"], defaults=fields)
            article.conditions.set([conditions[slug] for slug in data["conditions"]])
            self.load_references(article, data["references"])
            if data["reviewer"] and article.last_reviewed_on is None:
                # Review dates move only through a recorded review, as in the admin; relative
                # to the first run, so a later run changes nothing.
                article_record_review(
                    article=article,
                    user=None,
                    reviewer=practitioners[data["reviewer"]],
                    reviewed_on=today + timedelta(days=data["last_reviewed_in_days"]),
                )
            if data["state"] != "draft" and article.status != Article.Status.PUBLISHED:
                self.publish(article, publish_in_days=data["publish_in_days"])
            self.report("article", article.slug, created)
            articles.append(article)
        return articles

    def load_references(self, article: Article, references: list[dict[str, str]]) -> None:
        positions = range(1, len(references) + 1)
        for position, data in zip(positions, references, strict=True):
            Reference.objects.update_or_create(article=article, position=position, defaults=data)
        article.references.exclude(position__in=positions).delete()

    def publish(self, article: Article, *, publish_in_days: int) -> None:
        """Publish (or schedule) through the service, as the admin does."""
        published_at = timezone.now() + timedelta(days=publish_in_days)
        try:
            article_publish(article=article, published_at=published_at)
        except PublishingBlocked as error:
            raise CommandError(f"Cannot publish the demo article {error}") from error

    def load_demo_login(self) -> tuple[str, str]:
        """A superuser, plus an editor and a publisher to try the workflow's two roles."""
        username = os.environ.get("DEMO_USERNAME") or "demo"
        password = os.environ.get("DEMO_PASSWORD") or "clinic-demo-2026"
        self.load_demo_user(username, password, superuser=True)
        for role in ["Editor", "Publisher"]:
            user = self.load_demo_user(f"{username}-{role.lower()}", password)
            user.groups.set([Group.objects.get(name=role)])
        return username, password

    def load_demo_user(self, username: str, password: str, *, superuser: bool = False):
        user_model = get_user_model()
        user, created = user_model._default_manager.get_or_create(
            **{user_model.USERNAME_FIELD: username}
        )
        user.is_active = user.is_staff = True
        user.is_superuser = superuser
        user.set_password(password)
        user.save()
        self.report("demo user", username, created)
        return user

    def report(self, kind: str, name: str, created: bool) -> None:
        if self.verbosity >= 2:
            self.stdout.write(f"{'Created' if created else 'Updated'} {kind} {name}")
