"""
Report what stands between articles and publication, for editors' scripts and content CI.

    python manage.py check_content SLUG [SLUG ...]
    python manage.py check_content --all --format json

Exits 1 when any published or named article has a blocking problem, else 0. Claim sentences
awaiting a publisher's sign-off are listed but do not fail the run.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.publishing import Severity, claim_phrases, publish_problems


class Command(BaseCommand):
    help = "List each article's publish problems; exit 1 if a published or named one is blocked."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="Articles to check.")
        parser.add_argument(
            "--all", dest="check_all", action="store_true", help="Check every article."
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, slugs, check_all, format, **options):
        if not slugs and not check_all:
            raise CommandError("Name one or more article slugs, or use --all.")
        articles = Article.objects.prefetch_related("references").select_related("reviewer")
        missing = sorted(
            set(slugs) - set(articles.filter(slug__in=slugs).values_list("slug", flat=True))
        )
        if missing:
            raise CommandError(f"No article with the slug: {', '.join(missing)}")
        if not check_all:
            articles = articles.filter(slug__in=slugs)
        phrases = claim_phrases()
        reports = []
        for article in articles.order_by("slug"):
            problems = publish_problems(article, article.references.all(), phrases=phrases)
            reports.append(
                {
                    "slug": article.slug,
                    "title": article.title,
                    "status": article.status,
                    "blocked": _is_blocked(article, problems, named=article.slug in slugs),
                    "problems": [problem.as_dict() for problem in problems],
                }
            )
        if format == "json":
            self.stdout.write(json.dumps(reports, indent=2, ensure_ascii=False))
        else:
            self._write_text(reports)
        if any(report["blocked"] for report in reports):
            raise SystemExit(1)

    def _write_text(self, reports: list[dict]) -> None:
        for report in reports:
            heading = f"{report['slug']} ({report['status']})"
            if not report["problems"]:
                self.stdout.write(self.style.SUCCESS(f"✓ {heading}: ready to publish"))
                continue
            self.stdout.write(self.style.WARNING(f"✗ {heading}: {len(report['problems'])} to fix"))
            for problem in report["problems"]:
                marker = (
                    "sign-off" if problem["severity"] == Severity.NEEDS_SIGN_OFF else "blocking"
                )
                self.stdout.write(f"    [{marker}] {problem['code']}: {problem['message']}")


def _is_blocked(article: Article, problems: list, *, named: bool) -> bool:
    """Whether the article fails the run: a blocking problem in a published or named article."""
    relevant = named or article.status == Article.Status.PUBLISHED
    return relevant and any(problem.severity == Severity.BLOCKING for problem in problems)
